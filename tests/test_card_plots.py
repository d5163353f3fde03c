"""Hand-written SVG plots: valid XML, accessible, escaped, tolerant of malformed data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from card_support import EVALUATION, regression_model
from modelsite.card.plots import make_plots, residuals_plot

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def test_every_plot_kind_is_drawn_in_a_fixed_order() -> None:
    plots = make_plots(EVALUATION, prefix="p")
    assert [p.key for p in plots] == ["confusion_matrix", "roc", "pr", "feature_importances"]
    assert residuals_plot(regression_model().evaluation, "r") is not None


def test_plots_are_accessible_svg() -> None:
    for plot in make_plots(EVALUATION, prefix="p"):
        root = parse(plot.svg)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and desc is not None
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text == plot.title and desc.text == plot.description
        assert "\n\n" not in plot.svg  # one Markdown raw-HTML block: no blank line inside


def test_descriptions_state_the_numbers() -> None:
    plots = {p.key: p for p in make_plots(EVALUATION, prefix="p")}
    assert "3 classes" in plots["confusion_matrix"].description
    assert "43 on the diagonal" in plots["confusion_matrix"].description
    assert "class_0 (AUC 0.99)" in plots["roc"].description
    assert plots["feature_importances"].description.startswith(
        "Feature importances: scale__alcohol 0.31"
    )


def test_ids_are_unique_per_prefix() -> None:
    a = make_plots(EVALUATION, prefix="ms-a")
    b = make_plots(EVALUATION, prefix="ms-b")
    ids = [parse(p.svg).find(f"{SVG}title").get("id") for p in a + b]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids))


def test_hostile_labels_are_text_not_markup() -> None:
    evil = "<script>alert(1)</script>&amp;\"'{{ 7*7 }}"
    ev = {
        "labels": [evil, "b"],
        "confusion_matrix": [[1, 0], [0, 1]],
        "roc": {evil: {"fpr": [0, 1], "tpr": [0, 1], "auc": 0.5}},
        "feature_importances": {evil: 0.7, "x": 0.3},
    }
    for plot in make_plots(ev, prefix="h"):
        root = parse(plot.svg)
        assert not [e for e in root.iter() if e.tag.split("}")[-1] in {"script", "foreignObject"}]
        texts = " ".join(e.text or "" for e in root.iter())
        assert "<script>alert(1)</script>" in texts or "<script>alert(1" in texts


@pytest.mark.parametrize(
    "ev",
    [
        {"confusion_matrix": [[1, 2], [3]]},  # ragged
        {"confusion_matrix": "nope"},
        {"confusion_matrix": [[1, float("nan")], [0, 1]]},
        {"roc": {"a": {"fpr": [0, 1], "tpr": [0]}}},  # lengths differ
        {"roc": [1, 2, 3]},
        {"pr": {"a": {"recall": ["x", "y"], "precision": [1, 1]}}},
        {"residuals": {"y_true": [1, 2], "y_pred": [1]}},
        {"feature_importances": {"names": ["a"], "values": ["high"]}},
        {"feature_importances": True},
    ],
)
def test_malformed_data_gives_no_plot_and_no_error(ev: dict[str, object]) -> None:
    assert make_plots(ev) == ()


def test_other_spellings_of_the_same_data_are_read() -> None:
    ev = {
        "confusion_matrix": {"labels": ["n", "y"], "matrix": [[5, 1], [2, 7]]},
        "roc": {"fpr": [0, 0.5, 1], "tpr": [0, 0.9, 1], "auc": 0.8},
        "pr": [{"label": "y", "recall": [1, 0], "precision": [0.5, 1], "average_precision": 0.7}],
        "feature_importances": [["a", 0.2], {"name": "b", "importance": -0.4}],
    }
    plots = {p.key: p for p in make_plots(ev)}
    assert set(plots) == {"confusion_matrix", "roc", "pr", "feature_importances"}
    assert "(n, y)" in plots["confusion_matrix"].description
    assert plots["feature_importances"].description.startswith("Feature importances: b -0.4")


def test_long_curves_are_thinned() -> None:
    n = 5000
    ev = {"roc": {"fpr": [i / n for i in range(n + 1)], "tpr": [i / n for i in range(n + 1)]}}
    (plot,) = make_plots(ev)
    points = parse(plot.svg).find(f"{SVG}polyline").get("points").split()  # type: ignore[union-attr]
    assert 2 <= len(points) <= 200


def _json() -> object:
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        ),
        max_leaves=20,
    )


def test_any_json_gives_well_formed_plots_or_none() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    keys = st.sampled_from(
        ["confusion_matrix", "labels", "roc", "pr", "residuals", "feature_importances"]
    )

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(keys, _json(), max_size=6))  # type: ignore[arg-type]
    def check(ev: dict[str, object]) -> None:
        for plot in make_plots(ev, prefix="f"):
            parse(plot.svg)

    check()
