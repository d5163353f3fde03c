"""The site model is what the pages are built from: templates see data only (no `Config`, no
callables), the card and the overview agree, and collection reports its problems once per run,
cached or not."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import pytest

from card_support import CARD, fixture_site, render_page, wine_model
from facts_support import plain_project
from modelsite.cache import Memo, caching
from modelsite.log import LOGGER_NAME
from modelsite.pipeline import collect_site
from modelsite.render import make_env, page_jobs, render_pages
from modelsite.sitemodel import Site


class Forbidden(Exception):
    """A template reached for something that is not data."""


class DataView:
    """A read-only view of a site-model value that lets a template read fields and derived
    values (properties) but raises on a method, a callable, or the raw configuration."""

    def __init__(self, value: object, where: str) -> None:
        self._value = value
        self._where = where

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._value, name)  # AttributeError: Jinja tries a key, then undefined
        return view(value, f"{self._where}.{name}")

    def __repr__(self) -> str:  # printed only if a template outputs an object itself
        return f"<DataView {self._where}>"


def view(value: Any, where: str) -> Any:
    if type(value).__module__ == "modelsite.config":
        raise Forbidden(f"{where}: a template read the raw configuration")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return DataView(value, where)
    if isinstance(value, Mapping):
        return {k: view(v, f"{where}[{k!r}]") for k, v in value.items()}
    if isinstance(value, tuple | list):  # the same type: a list prints as a list
        return type(value)(view(v, f"{where}[{i}]") for i, v in enumerate(value))
    if callable(value):
        raise Forbidden(f"{where}: a template called code")
    return value


def render_as_data(site: Site) -> dict[str, str]:
    env = make_env("md")
    out = {}
    for page, template, parts in page_jobs(site):
        context = {k: view(v, k) for k, v in parts.items()}
        out[page] = env.get_template(template).render(site=view(site, "site"), page=page, **context)
    return out


def test_jinja_environment_has_no_globals_of_modelsite() -> None:
    defaults = set(jinja2.Environment().globals)
    for fmt in ("md", "html", "tex"):
        assert set(make_env(fmt).globals) <= defaults, fmt


def test_view_rejects_config_and_callables() -> None:
    # the check below is only worth something if the view does refuse
    site = fixture_site()
    with pytest.raises(Forbidden, match="raw configuration"):
        _ = DataView(site, "site").config
    with pytest.raises(Forbidden, match="called code"):
        _ = DataView(site.cards[0], "card").section


@pytest.mark.parametrize("several", [False, True])
def test_fixture_pages_render_from_data_alone(several: bool) -> None:
    models = (wine_model(), wine_model(path="b.skops", name="b")) if several else None
    site = fixture_site(models=models)
    assert render_as_data(site) == {
        page: text for page, text in render_pages(site).items() if page.endswith(".md")
    }


def test_example_pages_render_from_data_alone(trained_example: Path) -> None:
    site = collect_site(trained_example)
    assert site.health is not None and site.repro is not None  # every page has its data
    expected = {page: text for page, text in render_pages(site).items() if page.endswith(".md")}
    assert render_as_data(site) == expected


def test_todo_summary_is_a_gap_on_the_card_and_absent_from_the_overview() -> None:
    text = dataclasses.replace(CARD, summary="TODO: one paragraph on what the model does")
    site = fixture_site(card=text, description="")
    assert site.overview is not None and site.overview.summary == ""
    assert site.cards[0].summary.gap is not None
    index, card = render_page(site, "index.md"), render_page(site, "model-card.md")
    assert "TODO" not in index and "TODO" not in card
    assert '!!! warning "Gap: summary"' in card


def test_todo_summary_falls_back_to_the_description_on_both_pages() -> None:
    text = dataclasses.replace(CARD, summary="TODO: one paragraph")
    site = fixture_site(card=text, description="Tells wines apart.")
    assert render_page(site, "index.md").count("Tells wines apart.") == 1
    assert "Tells wines apart." in render_page(site, "model-card.md")


def test_overview_states_what_the_card_states() -> None:
    text = dataclasses.replace(CARD, license="TODO: license", version="2.0.0")
    site = fixture_site(card=text)
    card, overview = site.cards[0], site.overview
    assert overview is not None
    assert (overview.license, overview.version) == (card.license, card.version) == ("MIT", "2.0.0")
    assert [(t.name, t.value) for t in overview.metrics] == [
        (m.name, m.text) for m in card.metrics[:4]
    ]
    assert "license TODO" not in render_page(site, "index.md")


def test_problems_are_reported_once_per_collection_cached_or_not(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = plain_project(tmp_path / "p")  # no modelsite.yml: the card's text is all gaps
    store = Memo()
    runs, results = [], []
    with caching(store):
        for _ in range(2):
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
                site = collect_site(root)
            runs.append(([r.getMessage() for r in caplog.records], site.problems))
            results.append({key: value for key, (_, value) in store.entries.items()})
    reused = [k for k, v in results[0].items() if results[1].get(k) is v]
    assert any("collect_project" in repr(k) for k in reused)  # the second run reused results
    (first, problems), (second, again) = runs
    assert any("card.intended_use is not filled in" in m for m in first)
    assert first == second == list(problems) == list(again)  # same, each said once
