"""The Mermaid diagram of the estimator tree: structure, readability, escaping."""

from __future__ import annotations

import re

from card_support import wine_tree
from modelsite.card.diagram import mermaid, mermaid_text, tree_lines
from modelsite.sitemodel import EstimatorNode


def test_pipeline_is_a_chain_and_column_transformer_a_box() -> None:
    src = mermaid(wine_tree())
    lines = [line.strip() for line in src.splitlines()]
    assert lines[0] == "flowchart LR"
    assert 'subgraph n1 ["Pipeline"]' in lines
    assert 'subgraph n2 ["preprocess<br>ColumnTransformer"]' in lines
    assert "n2 --> n5" in lines  # preprocess, then forest
    assert not any(re.fullmatch(r"n[34] --> n[34]", line) for line in lines)  # branches parallel
    assert lines.count("end") == 2
    assert 'ms_in(["input features"]) --> n1' in lines
    # the branches name their columns (first three, then a count)
    assert any("alcohol#44; ash#44; hue#44; #43;1 more" in line for line in lines)


def test_single_estimator_is_one_node() -> None:
    node = EstimatorNode(name="", path="", cls="sklearn.linear_model._ridge.Ridge")
    assert mermaid(node).splitlines()[1] == '  n1["Ridge"]'


def test_nested_meta_estimators_nest_boxes() -> None:
    inner = EstimatorNode(
        name="estimator",
        path="estimator",
        cls="sklearn.pipeline.Pipeline",
        children=(
            EstimatorNode(name="clf", path="estimator__clf", cls="sklearn.svm._classes.SVC"),
        ),
    )
    grid = EstimatorNode(
        name="", path="", cls="sklearn.model_selection._search.GridSearchCV", children=(inner,)
    )
    src = mermaid(grid)
    assert (
        src.index('subgraph n1 ["GridSearchCV"]')
        < src.index('subgraph n2 ["estimator<br>Pipeline"]')
        < src.index('n3["clf<br>SVC"]')
    )


def test_labels_cannot_carry_syntax() -> None:
    evil = '"]; click n1 "javascript:alert(1)"; end\n<img src=x onerror=alert(1)> {{x}} `code`'
    text = mermaid_text(evil)
    assert re.fullmatch(r"[A-Za-z0-9 _.\-#;]*", text)
    assert text.startswith("#34;#93;#59; click n1 #34;javascript#58;alert#40;1#41;#34;#59; end")
    node = EstimatorNode(name=evil, path="x", cls=f"mod.{evil}")
    src = mermaid(
        EstimatorNode(name="", path="", cls="sklearn.pipeline.Pipeline", children=(node,))
    )
    for label in re.findall(r'\["([^"]*)"\]', src):
        assert "<" not in label.replace("<br>", "")


def test_outline_lists_every_node_with_depth() -> None:
    assert [(d, n) for d, n, _, _ in tree_lines(wine_tree())] == [
        (0, ""),
        (1, "preprocess"),
        (2, "scale"),
        (2, "log"),
        (1, "forest"),
    ]


def test_huge_trees_are_truncated() -> None:
    children = tuple(EstimatorNode(name=f"s{i}", path=f"s{i}", cls="a.B") for i in range(400))
    src = mermaid(
        EstimatorNode(name="", path="", cls="sklearn.pipeline.Pipeline", children=children)
    )
    assert "diagram truncated" in src and src.count("\n") < 400
