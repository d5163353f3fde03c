"""Property tests of the rewriter on generated Python programs (hypothesmith).

For any program: the rewrite parses, its AST minus the added docstrings is the original AST,
existing docstrings are kept, and a second run adds nothing.
"""

from __future__ import annotations

import ast
import textwrap

import hypothesmith
import libcst
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from modelsite.docstrings.rewrite import rewrite_text

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def without_docstrings(tree: ast.AST) -> str:
    """ast.dump with every docstring statement removed (independent of the rewriter's check)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:]
    return ast.dump(tree)


def docstrings(tree: ast.AST) -> list[str | None]:
    return [
        ast.get_docstring(n, clean=False)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
    ]


def check_invariants(source: str) -> None:
    try:
        old_tree = ast.parse(source)
        compile(source, "<h>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        assume(False)
        return
    result = rewrite_text(source, "gen")
    if result.new_text is None:
        # nothing to add, or skipped with a located message (never an exception)
        assert result.planned == [] or result.problem.startswith("<string>:")
        return
    new_tree = ast.parse(result.new_text)
    assert without_docstrings(ast.parse(source)) == without_docstrings(new_tree)
    old_docs, new_docs = docstrings(old_tree), docstrings(ast.parse(result.new_text))
    assert len(old_docs) == len(new_docs)
    for before, after in zip(old_docs, new_docs, strict=True):
        if before is not None:
            assert after == before  # never rewritten
    second = rewrite_text(result.new_text, "gen")
    assert second.planned == [] and second.new_text is None  # idempotent


@SETTINGS
@given(hypothesmith.from_grammar())
def test_rewriter_invariants_on_grammar_programs(source: str) -> None:
    check_invariants(source)


@SETTINGS
@given(hypothesmith.from_node(libcst.Module))
def test_rewriter_invariants_on_libcst_generated_modules(source: str) -> None:
    check_invariants(source)


NAMES = st.sampled_from(["fit", "load_data", "X", "y", "n_jobs", "run", "Model", "path", "tmp"])
STMTS = st.sampled_from(
    [
        "return {a}",
        "yield {a}",
        "raise ValueError({a!r})",
        "pass",
        "x = {a} + 1",
        "if {a}:\n    raise KeyError('k')",
        "for i in {a}:\n    yield i",
        "# comment\nreturn None",
        "try:\n    f({a})\nexcept OSError:\n    raise",
    ]
)


@st.composite
def shaped_programs(draw: st.DrawFn) -> str:
    """Programs shaped like training code: defs and classes with bodies the generator reads."""
    parts = []
    for i in range(draw(st.integers(1, 4))):
        name = draw(NAMES).lower() + str(i)
        params = draw(st.lists(NAMES, max_size=3, unique=True))
        body = "\n".join(
            draw(STMTS).format(a=(params[0] if params else "1"))
            for _ in range(draw(st.integers(1, 3)))
        )
        func = f"def {name}({', '.join(params)}):\n" + textwrap.indent(body, "    ")
        if draw(st.booleans()):
            head = "class " + draw(NAMES).capitalize() + f"{i}:\n"
            method = f"def {name}(self{''.join(', ' + p for p in params)}):\n" + textwrap.indent(
                body, "    "
            )
            func = head + textwrap.indent(method, "    ")
        if draw(st.booleans()):
            func = func.replace("\n", "\r\n")
        parts.append(func)
    return "\n\n".join(parts) + "\n"


@SETTINGS
@given(shaped_programs())
def test_rewriter_invariants_on_training_code_shapes(source: str) -> None:
    check_invariants(source)
