"""Quality gates on a real code base we did not write: scikit-learn, stripped of its docstrings.

A sizeable part of scikit-learn (several subpackages, ~900 public objects) is copied with every
docstring removed; `--check` must fail, `--write` must document every public object, the code
must be unchanged, a second `--write` a no-op, `--check` must then pass, and the generated
docstrings must pass pydoclint and numpydoc's parameter/return/yield checks with at most one
violation per 100 docstrings. The whole tree is measured by `benchmarks/bench_docstrings.py`.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
from pathlib import Path

import pytest

from docstrings_support import (
    CODE_SIDE,
    PYDOCLINT_ANNOTATED,
    PYDOCLINT_UNANNOTATED,
    SKLEARN,
    UNANNOTATED_GENERATOR,
    copy_stripped,
    count_docstrings,
    numpydoc_violations,
    run_pydoclint,
    strip_docstrings,
)
from modelsite.docstrings.tree import docstrings_command

SUBSET = (
    "preprocessing",
    "model_selection",
    "linear_model",
    "metrics",
    "ensemble",
    "cluster",
    "decomposition",
    "pipeline.py",
    "base.py",
)
PLACEHOLDER = re.compile(
    r"(?<![\w.])(_summary_|_description_|_type_)(?![\w])|\bTODO\b|"
    r"\bFIXME\b|\bTBD\b|\bXXX\b|\[description\]|<description>"
)


def run(path: Path, mode: str) -> tuple[int, str]:
    out = io.StringIO()
    code = docstrings_command(path, mode=mode, style="auto", out=out, err=io.StringIO())
    return code, out.getvalue()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("sklearn") / "sklearn"
    files = copy_stripped(SKLEARN, root, skip_tests=True, only=SUBSET)
    stripped = {f: f.read_text(encoding="utf-8") for f in files}
    check_before, _ = run(root, "check")
    code, out = run(root, "write")
    first = {f: f.read_bytes() for f in files}
    second_code, second_out = run(root, "write")
    check_after, report = run(root, "check")
    return {
        "root": root,
        "files": files,
        "stripped": stripped,
        "check_before": check_before,
        "write": (code, out),
        "first": first,
        "second": (second_code, second_out),
        "check_after": (check_after, report),
    }


def test_check_fails_on_the_stripped_tree_and_passes_after_write(written: dict) -> None:
    assert written["check_before"] == 1
    code, out = written["write"]
    assert code == 0, out
    added = int(re.search(r"added (\d+) docstring", out).group(1))  # type: ignore[union-attr]
    assert added > 800
    check_after, report = written["check_after"]
    assert check_after == 0, report[-2000:]
    assert "(100.0%)" in report.splitlines()[-1]


def test_code_unchanged_and_every_file_parses(written: dict) -> None:
    for f, before in written["stripped"].items():
        after = f.read_text(encoding="utf-8")
        # removing the docstrings again gives the stripped code back, AST for AST
        assert ast.dump(ast.parse(strip_docstrings(after))) == ast.dump(ast.parse(before)), f


def test_second_write_changes_nothing(written: dict) -> None:
    code, out = written["second"]
    assert code == 0 and "added 0 docstrings in 0 files" in out
    for f, data in written["first"].items():
        assert f.read_bytes() == data, f


def test_no_placeholder_text(written: dict) -> None:
    for f in written["files"]:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc:
                    assert not PLACEHOLDER.search(doc), f"{f}:{getattr(node, 'lineno', 1)}"


def test_pydoclint_at_most_one_violation_per_100_docstrings(written: dict) -> None:
    n = count_docstrings(written["files"])
    violations = [
        (where, msg)
        for where, msg in run_pydoclint(written["root"], PYDOCLINT_UNANNOTATED)
        if msg[:6] not in CODE_SIDE | UNANNOTATED_GENERATOR
    ]
    assert len(violations) * 100 <= n, violations[:20]


def test_numpydoc_at_most_one_violation_per_100_docstrings(written: dict) -> None:
    n = count_docstrings(written["files"])
    violations = numpydoc_violations(written["files"])
    assert len(violations) * 100 <= n, violations[:20]


def test_annotated_code_is_pydoclint_clean_with_types_checked(tmp_path: Path) -> None:
    # with annotations, pydoclint also checks that docstring types equal them (defaults too)
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "train.py").write_text(
        textwrap.dedent("""\
        from __future__ import annotations

        from collections.abc import Iterator
        from pathlib import Path

        import numpy as np


        def load_data(path: Path, test_size: float = 0.2, seed: int | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
            data = np.loadtxt(path, delimiter=",")
            if not 0 < test_size < 1:
                raise ValueError("test_size must be in (0, 1)")
            return data[:, :-1], data[:, -1]


        def iter_batches(X: np.ndarray, batch_size: int = 32) -> Iterator[np.ndarray]:
            for start in range(0, len(X), batch_size):
                yield X[start:start + batch_size]


        def save_report(report: dict[str, float], out_dir: Path, *, overwrite: bool = False
                        ) -> Path:
            target = out_dir / "report.txt"
            if target.exists() and not overwrite:
                raise FileExistsError(target)
            target.write_text(str(report))
            return target


        class Trainer:
            def __init__(self, n_estimators: int = 100, random_state: int | None = None
                         ) -> None:
                self.n_estimators = n_estimators
                self.random_state = random_state
                self.history: list[float] = []

            def fit(self, X: np.ndarray, y: np.ndarray) -> Trainer:
                self.history.append(float(np.mean(y)))
                return self

            @property
            def n_fits(self) -> int:
                return len(self.history)
        """)
    )
    assert run(pkg, "write")[0] == 0
    violations = [v for v in run_pydoclint(pkg, PYDOCLINT_ANNOTATED)]
    assert violations == []
    assert numpydoc_violations(sorted(pkg.rglob("*.py"))) == []


def test_the_linters_do_see_violations(tmp_path: Path) -> None:
    # guards the gates above against passing vacuously (e.g. unread linter output)
    bad = tmp_path / "bad.py"
    bad.write_text(
        'def f(x, y):\n    """Do f.\n\n    Parameters\n    ----------\n'
        '    x : int\n        the x\n    """\n    if x:\n        raise ValueError\n'
        "    return y\n"
    )
    codes = {msg.split(":", 1)[0] for _, msg in run_pydoclint(bad, PYDOCLINT_UNANNOTATED)}
    assert {"DOC101", "DOC201", "DOC501"} <= codes
    assert {c for *_, c in numpydoc_violations([bad])} >= {"PR01", "PR08", "PR09", "RT01"}
