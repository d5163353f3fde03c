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
    assert "class_0 (AUC 0.9900)" in plots["roc"].description  # as the card writes metrics
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


def _perfect_three_classes() -> dict[str, object]:
    """What `modelsite.export` records for a model that separates three classes perfectly on
    45 test samples: every ROC curve is (0,0) -> (0,1) -> (1,1), every PR curve precision 1."""
    roc = {"fpr": [0.0, 0.0, 1.0], "tpr": [0.0, 1.0, 1.0], "auc": 1.0}
    pr = {"recall": [1.0, 0.0], "precision": [1.0, 1.0], "ap": 1.0}
    labels = ["class_0", "class_1", "class_2"]
    return {
        "task": "classification",
        "n_samples": 45,
        "labels": labels,
        "confusion_matrix": [[15, 0, 0], [0, 18, 0], [0, 0, 12]],
        "roc": {label: dict(roc) for label in labels},
        "pr": {label: dict(pr) for label in labels},
    }


def test_perfect_curves_say_so_with_the_number_of_test_samples() -> None:
    plots = {p.key: p for p in make_plots(_perfect_three_classes(), prefix="p")}
    for key in ("roc", "pr"):
        root = parse(plots[key].svg)
        notes = [e.text for e in root.iter(f"{SVG}text") if e.get("font-style") == "italic"]
        assert "perfect separation on the 45 test samples" in notes, key
        assert "class_0, class_1 and class_2 coincide" in notes, key
        assert "Perfect separation on the 45 test samples" in plots[key].description
    # without n_samples the confusion matrix gives the count (15 + 18 + 12)
    ev = _perfect_three_classes()
    del ev["n_samples"]
    (roc,) = [p for p in make_plots(ev) if p.key == "roc"]
    assert "perfect separation on the 45 test samples" in roc.svg
    # an imperfect model gets no such note
    (roc,) = [p for p in make_plots(EVALUATION) if p.key == "roc"]
    assert "perfect separation" not in roc.svg and "coincide" not in roc.svg


def test_coinciding_curves_are_told_apart_by_dash_and_marker() -> None:
    (roc,) = [p for p in make_plots(_perfect_three_classes()) if p.key == "roc"]
    root = parse(roc.svg)
    curves = [e for e in root.iter(f"{SVG}polyline") if e.get("stroke-width") == "2"]
    curves = [e for e in curves if len(e.get("points", "").split()) == 3]  # not the cross marks
    assert len(curves) == 3
    assert len({c.get("points") for c in curves}) == 1  # drawn on the same points...
    assert len({c.get("stroke-dasharray") for c in curves}) == 3  # ...each with its own dashes
    assert len({c.get("stroke") for c in curves}) == 3
    # the markers of the three curves sit at different places along the shared line
    spots = {
        e.get("fill"): (e.get("cx") or e.get("x") or e.get("points", "").split()[0])
        for e in root.iter()
        if e.tag in (f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon") and e.get("fill", "")[:1] == "#"
    }
    assert len(set(spots.values())) >= 3


def test_legend_values_have_the_cards_precision() -> None:
    (roc,) = [p for p in make_plots(_perfect_three_classes()) if p.key == "roc"]
    legend = [e.text for e in parse(roc.svg).iter(f"{SVG}text") if e.text and "AUC" in e.text]
    assert legend == ["class_0 (AUC 1.000)", "class_1 (AUC 1.000)", "class_2 (AUC 1.000)"]
    ev = {"pr": {"yes": {"recall": [1, 0], "precision": [0.5, 1], "ap": 0.876543}}}
    (pr,) = make_plots(ev)
    assert "yes (AP 0.8765)" in pr.svg and "AP 0.877" not in pr.svg


def test_feature_names_are_whole_on_hover_and_wrapped_on_the_plot() -> None:
    long_name = "scale__od280/od315_of_diluted_wines"
    ev = {"feature_importances": {"names": [long_name, "scale__hue"], "values": [0.4, 0.1]}}
    (plot,) = make_plots(ev)
    root = parse(plot.svg)
    groups = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]
    titles = [g.find(f"{SVG}title").text for g in groups]  # type: ignore[union-attr]
    assert titles == [f"{long_name}: 0.4", "scale__hue: 0.1"]
    label = groups[0].find(f"{SVG}text")
    assert label is not None
    lines = [t.text for t in label.iter(f"{SVG}tspan")]
    assert lines == ["scale__od280/od315_of_", "diluted_wines"]  # cut after `_`, nothing lost
    assert "…" not in "".join(e.text or "" for e in root.iter(f"{SVG}tspan"))
