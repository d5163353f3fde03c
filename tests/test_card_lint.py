"""The offline card lint: each check catches what it names, and a good card passes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from card_support import CARD, fixture_site
from modelsite.card import huggingface
from modelsite.card.content import build_card, hub_values
from modelsite.card.exports import render_card
from modelsite.card.lint import lint_card, lint_metadata


@pytest.fixture(scope="module")
def good() -> str:
    return render_card(fixture_site(), "md")


def meta_of(site_card: str) -> dict[str, object]:
    import yaml

    from modelsite.card.lint import split_front_matter

    raw, _ = split_front_matter(site_card)
    return yaml.safe_load(raw or "")


def test_complete_card_passes(good: str) -> None:
    site = fixture_site()
    assert site.model is not None
    expected = huggingface.hub_metadata(build_card(site, site.model))
    assert lint_card(good, "md", expected) == []
    assert lint_card(render_card(site, "html"), "html") == []
    assert lint_card(render_card(site, "tex"), "tex") == []


def test_missing_front_matter(good: str) -> None:
    body = good.split("---\n", 2)[2]
    assert lint_card(body, "md") == [
        "no YAML front matter (a `---` block at the top) for the hub to read"
    ]


def test_front_matter_that_is_not_yaml() -> None:
    problems = lint_card("---\nlicense: [mit\n---\nbody\n", "md")
    assert len(problems) == 1 and problems[0].startswith("the front matter is not valid YAML")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"license": "MIT"}, "`license` 'MIT' is not a hub license identifier"),
        ({"license": "other"}, "`license: other` needs a `license_name`"),
        (
            {"pipeline_tag": "classification"},
            "`pipeline_tag` 'classification' is not a hub pipeline",
        ),
        ({"library_name": "scikit-learn"}, "`library_name` is 'scikit-learn'"),
        ({"tags": "sklearn"}, "`tags` must be a list of strings"),
    ],
)
def test_wrong_values_are_named(good: str, change: dict[str, object], problem: str) -> None:
    meta = {**meta_of(good), **change}
    assert any(p.startswith(problem) for p in lint_metadata(meta)), lint_metadata(meta)


@pytest.mark.parametrize("key", ["library_name", "license", "pipeline_tag", "tags", "model-index"])
def test_required_metadata(good: str, key: str) -> None:
    meta = {k: v for k, v in meta_of(good).items() if k != key}
    assert f"required metadata `{key}` is missing" in lint_metadata(meta)


def test_metrics_must_be_numbers(good: str) -> None:
    meta = meta_of(good)
    metrics = meta["model-index"][0]["results"][0]["metrics"]  # type: ignore[index]
    metrics[0]["value"] = "0.95"
    metrics[1]["value"] = float("nan")
    problems = lint_metadata(meta)
    assert "metric `accuracy` is not a number ('0.95')" in problems
    assert "metric `f1_macro` is not a number (nan)" in problems


def test_model_index_structure(good: str) -> None:
    meta = meta_of(good)
    del meta["model-index"][0]["results"][0]["dataset"]  # type: ignore[index]
    assert "`model-index[0].results[0].dataset` needs a `type` and a `name`" in lint_metadata(meta)


def test_yaml_round_trip_loss_is_found() -> None:
    site = fixture_site()
    assert site.model is not None
    expected = huggingface.hub_metadata(build_card(site, site.model))
    # what an unquoted YAML writer would produce: the version-like tag turns into a number
    written = render_card(site, "md").replace("- wine\n", "- 1.10\n")
    expected["tags"] = [*expected["tags"][:-1], "1.10"]  # type: ignore[index]
    problems = lint_card(written, "md", expected)
    assert problems == [
        "`tags` must be a list of strings",
        "the written front matter differs from the card's data after YAML parsing (keys: tags)",
    ]


def test_leftover_gaps_are_found() -> None:
    site = fixture_site(card=dataclasses.replace(CARD, limitations=""))
    for fmt in ("md", "html", "tex"):
        problems = lint_card(render_card(site, fmt), fmt)
        assert problems == ["1 unfilled section left (modelsite:gap): card.limitations"], fmt
    assert lint_card("## Uses\n[More Information Needed]\n", "tex") == [
        "1 unfilled section left ([More Information Needed])"
    ]


def test_html_with_external_resources_is_rejected() -> None:
    for bad in (
        "<script>x</script>",
        '<img src="https://x.org/a.png">',
        '<link rel=stylesheet href="//cdn.example/x.css">',
        "<style>body{background:url(https://x.org/a)}</style>",
    ):
        assert lint_card(f"<html><body>{bad}</body></html>", "html"), bad


def test_vendored_hub_values_are_sane() -> None:
    values = hub_values()
    assert {"mit", "apache-2.0", "other", "cc-by-4.0"} <= values["licenses"]
    assert {"tabular-classification", "tabular-regression"} <= values["pipeline_tags"]
    data = json.loads(
        (Path(__file__).parent.parent / "src" / "modelsite" / "card" / "hub_values.json").read_text(
            encoding="utf-8"
        )
    )
    assert len(data["licenses"]) == len(values["licenses"])  # no duplicates


def test_clustering_card_needs_no_pipeline_tag() -> None:
    from card_support import wine_model
    from modelsite.sitemodel import EstimatorNode

    tree = EstimatorNode(
        name="", path="", cls="sklearn.cluster._kmeans.KMeans", params={"n_clusters": 3}
    )
    model = wine_model(
        tree=tree,
        estimator=tree.cls,
        params={"n_clusters": 3},
        task="clustering",
        evaluation={},
        metrics={"silhouette": 0.55},
        seeds={},
    )
    site = fixture_site(models=(model,))
    text = render_card(site, "md")
    assert "pipeline_tag" not in text
    assert lint_card(text, "md") == []
