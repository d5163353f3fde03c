"""What the model card says: facts from the project, every hyperparameter, gaps warned about."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from card_support import CARD, deep_params, fixture_site, render_page, wine_model
from modelsite.card.content import (
    build_card,
    card_for,
    collect_cards,
    hub_license,
    load_snippet,
    metric_text,
    size_text,
    value_text,
)
from modelsite.cli import main
from modelsite.collect.model import read_model
from modelsite.config import CardText
from modelsite.log import LOGGER_NAME
from modelsite.pipeline import collect_site


def test_facts_the_project_states_are_used_without_asking() -> None:
    site = fixture_site(card=dataclasses.replace(CARD, contact=""))
    card = build_card(site, wine_model())
    facts = {f.label: (f.value, f.source) for f in card.details}
    assert facts["Authors"] == ("Ada Example", "pyproject.toml")
    assert facts["License"] == ("MIT", "pyproject.toml")
    assert facts["Version"] == ("1.0.0", "pyproject.toml")
    assert facts["Contact"] == ("ada@example.org", "pyproject.toml")  # the author's email
    assert facts["Date"] == ("2026-11-01", "CITATION.cff")
    assert facts["Repository"][0] == "https://github.com/example/wine"
    assert card.gaps == ()


def test_card_text_overrides_project_facts() -> None:
    text = dataclasses.replace(CARD, authors=("Grace Hopper",), license="Apache-2.0", version="2.0")
    card = build_card(fixture_site(card=text), wine_model())
    assert card.authors == ("Grace Hopper",)
    assert (card.license, card.hub_license) == ("Apache-2.0", "apache-2.0")
    assert card.version == "2.0"


def test_every_hyperparameter_is_listed_with_its_value() -> None:
    model = wine_model()
    card = build_card(fixture_site(), model)
    listed = {name: value for g in card.param_groups for name, value in g.params}
    children = {"preprocess", "preprocess__scale", "preprocess__log", "forest"}
    assert set(listed) | children == set(deep_params(model.tree))
    for name, value in listed.items():
        assert value == value_text(model.params[name])
    assert [g.path for g in card.param_groups] == [
        "",
        "preprocess",
        "preprocess__scale",
        "preprocess__log",
        "forest",
    ]
    assert card.param_count == len(listed)


def test_parameters_outside_the_tree_are_not_lost() -> None:
    model = wine_model(params={**wine_model().params, "mystery__knob": 3})
    card = build_card(fixture_site(), model)
    assert ("mystery__knob", "3") in card.param_groups[-1].params


def test_example_card_is_complete(trained_example: Path) -> None:
    site = collect_site(trained_example)
    assert site.model is not None
    card = build_card(site, site.model)
    model = read_model(trained_example / "model.skops")
    assert card.gaps == ()
    assert all(s.text.strip() for s in card.sections)
    assert {p.key for p in card.plots} >= {"confusion_matrix", "roc", "pr", "feature_importances"}
    assert card.trusted == model.untrusted_types and card.trusted  # the exact trusted= list
    assert "forest__random_state" in {f.label for f in card.seeds}
    assert {m.name for m in card.metrics} == set(model.metrics)
    assert card.pipeline_tag == "tabular-classification"
    assert any(f.label.endswith("sha256") for f in card.data_facts)  # the data fingerprint
    assert {"scikit-learn", "skops", "python"} <= {f.label for f in card.environment}


def test_example_site_page_shows_sections_plots_and_diagram(trained_example: Path) -> None:
    site = collect_site(trained_example)
    page = render_page(site, "model-card.md")
    for heading in (
        "## Model details",
        "## Intended use",
        "### Out-of-scope uses",
        "## Training data",
        "## Evaluation data",
        "### Data fingerprint",
        "## Training procedure",
        "### Hyperparameters",
        "### Seeds",
        "## Evaluation results",
        "## Environment",
        "## Limitations",
        "## Ethical considerations",
        "## How to use",
        "## Citation",
    ):
        assert heading in page
    assert "```mermaid\nflowchart LR" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="ms-plot"') >= 4
    assert "Gap:" not in page


def test_unfilled_sections_are_gaps_with_located_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "modelsite.yml"
    config.write_text("card:\n  summary: Hi.\n  intended_use: ''\n", encoding="utf-8")
    site = dataclasses.replace(
        fixture_site(card=CardText(summary="Hi.")),
        project=dataclasses.replace(fixture_site().project, root=tmp_path),
    )
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        cards, messages = collect_cards(site)
    assert not caplog.records  # returned, for the pipeline to report once
    assert f"{config}:3: card.intended_use is not filled in" in "\n".join(messages)
    assert any(m.startswith(f"{config}:1: card.limitations is not filled in") for m in messages)
    assert {g.key for g in cards[0].gaps} == {
        "card.intended_use",
        "card.out_of_scope_use",
        "card.training_data",
        "card.evaluation_data",
        "card.limitations",
        "card.ethical_considerations",
    }
    page = render_page(dataclasses.replace(site, cards=cards), "model-card.md")
    assert page.count('!!! warning "Gap: ') == 6


def test_missing_project_facts_are_gaps_too() -> None:
    site = fixture_site(card=CARD, authors=(), license="", citation=None)
    card = build_card(site, wine_model())
    assert {g.key for g in card.gaps} == {"card.authors", "card.license", "card.contact"}


def test_strict_build_fails_on_a_gap(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = example_copy / "modelsite.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  ethical_considerations:")
    end = text.index("\n", text.index("\n", start) + 1)
    config.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    assert main(["build", str(example_copy), "-o", str(tmp_path / "out"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"{config}:" in err and "card.ethical_considerations is not filled in" in err
    assert not (tmp_path / "out").exists()  # a failed build writes no site
    assert main(["build", str(example_copy), "-o", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "model-card" / "index.html").read_text(encoding="utf-8")
    assert "Gap: ethical considerations" in html


@pytest.mark.parametrize(
    ("spdx", "hub"),
    [
        ("MIT", ("mit", "")),
        ("Apache-2.0", ("apache-2.0", "")),
        ("GPL-3.0-or-later", ("gpl-3.0", "")),
        ("BSD-3-Clause", ("bsd-3-clause", "")),
        ("CC-BY-4.0", ("cc-by-4.0", "")),
        ("EUPL-1.2", ("other", "eupl-1.2")),
        ("Proprietary <b>", ("other", "proprietary-b")),
        ("", ("", "")),
    ],
)
def test_hub_license_mapping(spdx: str, hub: tuple[str, str]) -> None:
    assert hub_license(spdx) == hub


def test_load_snippet_quotes_type_names_as_python_strings() -> None:
    model = wine_model(untrusted_types=('evil".__import__("os")', "sklearn.tree._tree.Tree"))
    code = load_snippet(model)
    compile(code, "snippet", "exec")  # valid Python, whatever the names contain
    assert '"evil\\".__import__(\\"os\\")",' in code
    assert 'sio.load("model.skops", trusted=trusted)' in code


def test_site_holds_a_card_per_model_and_card_for_is_never_stale(trained_example: Path) -> None:
    site = collect_site(trained_example)
    assert [c.model_key for c in site.cards] == [m.name for m in site.models]
    assert site.cards[0].gaps == ()
    assert site.model is not None
    changed = dataclasses.replace(site.model, sha256="f" * 64)
    card = card_for(site, changed)  # built from the model given, not the one collected
    assert ("SHA-256", "f" * 64) in {(f.label, f.value) for f in card.details}
    assert ("SHA-256", "f" * 64) not in {(f.label, f.value) for f in site.cards[0].details}


def test_todo_text_left_by_init_is_still_a_gap() -> None:
    text = dataclasses.replace(
        CARD,
        intended_use="TODO: what the model is for",
        authors=("TODO: author name",),
        license="  todo ",
    )
    site = fixture_site(card=text, authors=(), license="", citation=None)
    card = build_card(site, wine_model())
    assert {"card.intended_use", "card.authors", "card.license"} <= {g.key for g in card.gaps}
    assert card.section("intended_use").text == "" == card.texts["intended_use"].text


def test_each_model_of_a_site_gets_its_own_card_page() -> None:
    second = wine_model(
        path="models/other.skops", name="other", sha256="e" * 64, metrics={"accuracy": 0.5}
    )
    site = fixture_site(models=(wine_model(), second))
    pages = [render_page(site, f"models/{m.name}/index.md") for m in site.models]
    assert "0" * 64 in pages[0] and "e" * 64 not in pages[0]
    assert "e" * 64 in pages[1] and 'sio.load("models/other.skops"' in pages[1]
    assert 'id="ms-other-confusion-matrix-title"' in pages[1]  # plot ids differ per model
    assert 'id="ms-model-confusion-matrix-title"' in pages[0]
    assert "](../../cite.md)" in pages[1]  # links work from /models/<name>/


def test_download_link_comes_from_publish_model_url() -> None:
    site = fixture_site()
    site = dataclasses.replace(
        site,
        config=dataclasses.replace(
            site.config,
            publish=dataclasses.replace(
                site.config.publish, model_url="https://example.org/m.skops"
            ),
        ),
    )
    assert site.model is not None
    facts = {f.label: f for f in build_card(site, site.model).details}
    assert facts["Download"].url == "https://example.org/m.skops"
    other = wine_model(path="b.skops", name="b")
    assert "Download" not in {f.label for f in build_card(site, other).details}  # primary only


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1.000"),  # a perfect score keeps its precision
        (0.98333333, "0.9833"),
        (12.5, "12.50"),
        (1234.5678, "1235"),
        (0.0, "0.000"),
        (-0.25, "-0.2500"),
        (123456.0, "1.235e+05"),
        (0.000123, "0.000123"),
        (42, "42"),
        (float("nan"), "nan"),
        ("n/a", "n/a"),
    ],
)
def test_metric_text_is_read_like_a_results_table(value: object, text: str) -> None:
    assert metric_text(value) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1,023 bytes"),
        (2545170, "2.4 MiB (2,545,170 bytes)"),
        (3 << 30, "3.0 GiB (3,221,225,472 bytes)"),
    ],
)
def test_file_size_is_readable_and_exact(n: int, text: str) -> None:
    assert size_text(n) == text
