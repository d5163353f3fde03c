"""Real temporary projects in the layouts researchers publish, built zero-config (issue 12).

Each asserts on the built pages: a script's reference page lists its functions, its seeds are on
the reproduce page, its ruff findings on /code-health/, tests get no page and are not counted,
a model under examples/ is found, Google and Sphinx sections render as tables.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
import skops.io
from sklearn.dummy import DummyClassifier

from modelsite.cli import main
from modelsite.collect.layout import find_code
from modelsite.docstrings.tree import docstrings_command
from modelsite.errors import InputError


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def text_of(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def main_text(page: Path) -> str:
    """The page's article only (the navigation lists every module on every page)."""
    body = page.read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", body, flags=re.S)
    assert match, f"no article in {page}"
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", match.group(0), flags=re.S)
    body = re.sub(r'<details class="mkdocstrings-source"[^>]*>.*?</details>', " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


SCRIPTS_AND_API = {
    "api/__init__.py": '"""The prediction service."""\n',
    "api/app.py": '''
        """Serve predictions."""


        def predict(x: float) -> float:
            """Predict one value."""
            return x
    ''',
    "src/train.py": '''
        """Train the forest."""
        from sklearn.ensemble import RandomForestClassifier


        def make_model(n_trees: int = 10) -> RandomForestClassifier:
            """Build the forest."""
            return RandomForestClassifier(n_estimators=n_trees, random_state=42)


        def fit_and_save(path: str) -> None:
            """Fit and save."""
            make_model()
    ''',
    "src/preprocess.py": '''
        """Clean the data."""
        import os
        import sys


        def clean(rows: list) -> list:
            """Drop empty rows."""
            return [r for r in rows if r]
    ''',
    "evaluate.py": '''
        """Evaluate the saved model."""
        import json


        def score(y_true: list, y_pred: list) -> float:
            """Accuracy."""
            return sum(a == b for a, b in zip(y_true, y_pred)) / len(y_true)
    ''',
    "tests/test_train.py": """
        import random


        def test_make_model():
            random.seed(7)
    """,
    "api/tests/test_app.py": "def test_predict():\n    pass\n",
    "src/conftest.py": "import pytest\n",
    ".venv/lib/site.py": "def hidden(): pass\n",
}


@pytest.fixture(scope="module")
def scripts_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = write(tmp_path_factory.mktemp("scripts") / "proj", SCRIPTS_AND_API)
    (root / "examples").mkdir()
    skops.io.dump(DummyClassifier().fit([[0], [1]], [0, 1]), root / "examples" / "dummy.skops")
    out = root.parent / "site"
    assert main(["build", str(root), "-o", str(out)]) == 0
    return root, out


def test_folder_of_scripts_gets_pages_under_its_path(scripts_site: tuple[Path, Path]) -> None:
    _, out = scripts_site
    page = main_text(out / "reference" / "src" / "train" / "index.html")
    assert "make_model" in page and "fit_and_save" in page
    assert "Build the forest." in page
    assert "clean" in main_text(out / "reference" / "src" / "preprocess" / "index.html")
    assert (out / "reference" / "api" / "app" / "index.html").is_file()


def test_top_level_script_is_documented(scripts_site: tuple[Path, Path]) -> None:
    _, out = scripts_site
    assert "score" in main_text(out / "reference" / "evaluate" / "index.html")


def test_tests_get_no_page_and_are_not_counted(scripts_site: tuple[Path, Path]) -> None:
    _, out = scripts_site
    pages = {p.relative_to(out).as_posix() for p in (out / "reference").rglob("index.html")}
    assert not [p for p in pages if "test" in p or "conftest" in p or "site" in p], pages
    # 4 modules + api/__init__ + 6 functions = 10 public objects, all documented
    overview = text_of(out / "index.html")
    assert "100% of 10 public objects in 5 modules have docstrings" in overview


def test_script_seeds_on_the_reproduce_page(scripts_site: tuple[Path, Path]) -> None:
    _, out = scripts_site
    page = main_text(out / "reproduce" / "index.html")
    assert "src/train.py" in page and "random_state=42" in page
    assert "random.seed" not in page  # the test file is not audited


def test_script_ruff_findings_on_code_health(scripts_site: tuple[Path, Path]) -> None:
    _, out = scripts_site
    page = main_text(out / "code-health" / "index.html")
    assert "src/preprocess.py" in page and "F401" in page  # `import os`, `import sys` unused
    assert "evaluate.py" in page  # `import json` unused in the top-level script
    # no finding in a test file (the fix commands name them only as exclusion patterns)
    assert "tests/test_train.py" not in page and "src/conftest.py" not in page
    assert "--extend-exclude 'tests,test_*.py,conftest.py' evaluate.py api src" in page


def test_model_under_examples_is_found(scripts_site: tuple[Path, Path]) -> None:
    _, out = scripts_site
    assert "DummyClassifier" in main_text(out / "model-card" / "index.html")


def test_docstrings_accepts_a_folder_of_scripts(
    scripts_site: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = scripts_site
    assert docstrings_command(root / "src", mode="check") == 0
    out = capsys.readouterr().out
    assert "train" in out and "preprocess" in out and "conftest" not in out


def test_namespace_package_and_nested_layout(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "ml_project/ml_project/data/__init__.py": '"""Data."""\n',
            "ml_project/ml_project/data/load.py": '"""Load."""\n',
            "ml_project/ml_project/train.py": '"""Train."""\n',
            "ml_project/ml_project/tests/test_load.py": "",
        },
    )
    layout = find_code(root)
    assert layout.packages == ("ml_project",)
    assert layout.search_paths == ("ml_project",)
    assert dict(layout.modules) == {
        "ml_project/ml_project/data/__init__.py": "ml_project.data",
        "ml_project/ml_project/data/load.py": "ml_project.data.load",
        "ml_project/ml_project/train.py": "ml_project.train",
    }
    out = tmp_path / "site"
    assert main(["build", str(root), "-o", str(out)]) == 0
    assert (out / "reference" / "ml_project" / "data" / "load" / "index.html").is_file()
    assert (out / "reference" / "ml_project" / "train" / "index.html").is_file()
    assert not (out / "reference" / "ml_project" / "tests").exists()


def test_symlinks_neither_loop_nor_leave_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write(tmp_path / "proj", {"scripts/train.py": '"""Train."""\n'})
    write(tmp_path, {"outside.py": "SECRET = 1\n"})
    (root / "scripts" / "out.py").symlink_to(tmp_path / "outside.py")
    (root / "scripts" / "broken.py").symlink_to(tmp_path / "missing.py")
    layout = find_code(root)
    assert layout.files == ("scripts/train.py",)
    assert any("scripts/broken.py: broken symbolic link" in p for p in layout.problems)
    assert any("scripts/out.py: symbolic link to" in p for p in layout.problems)
    assert docstrings_command(root / "scripts", mode="check") == 0
    err = capsys.readouterr().err
    assert "broken.py: broken symbolic link; left out" in err
    assert "Traceback" not in err
    # griffe reads the namespace package `scripts` whole, following links to folders: a loop
    # (two made it walk for minutes) is an error naming the link, before griffe starts
    (root / "scripts" / "loop").symlink_to(root, target_is_directory=True)
    with pytest.raises(InputError, match="a folder it is inside of"):
        find_code(root)
    assert main(["card", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{root / 'scripts' / 'loop'}: symbolic link to {root.resolve()}" in err


def test_code_exclude_and_include_globs(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "scripts/train.py": '"""Train."""\n',
            "scripts/old_train.py": '"""Old."""\n',
            "examples/demo.py": '"""Demo."""\n',
            "modelsite.yml": "code:\n  exclude: ['scripts/old_*.py']\n  include: [examples]\n",
        },
    )
    from modelsite.collect.project import collect_project
    from modelsite.config import load_config

    project = collect_project(root, load_config(root))
    assert project.code_files == ("examples/demo.py", "scripts/train.py")


GOOGLE = '''
    """Google-style helpers."""


    def scale(values: list, factor: float = 2.0) -> list:
        """Scale values.

        Args:
            values: The numbers to scale.
            factor: What to multiply by.

        Returns:
            The scaled numbers.
        """
        return [v * factor for v in values]


    def shift(values: list, by: float) -> list:
        """Shift values.

        Args:
            values: The numbers to shift.
            by: How much to add.
        """
        return [v + by for v in values]
'''

SPHINX = '''
    """Sphinx-style helpers."""


    def scale(values, factor=2.0):
        """Scale values, like :class:`~sklearn.preprocessing.StandardScaler` (see :ref:`usage`).

        :param values: The numbers to scale.
        :param factor: What to multiply by.
        :returns: The scaled numbers.
        """
        return [v * factor for v in values]
'''


@pytest.mark.parametrize(("style", "source"), [("google", GOOGLE), ("sphinx", SPHINX)])
def test_docstring_styles_render_as_parameter_tables(
    tmp_path: Path, style: str, source: str
) -> None:
    root = write(tmp_path / "proj", {"helpers/__init__.py": '"""H."""\n', "helpers/ops.py": source})
    out = tmp_path / "site"
    assert main(["build", str(root), "-o", str(out)]) == 0
    body = (out / "reference" / "helpers" / "ops" / "index.html").read_text(encoding="utf-8")
    page = main_text(out / "reference" / "helpers" / "ops" / "index.html")
    assert "doc-section-title" in body or "Parameters:" in page
    assert "Parameters:" in page and "The numbers to scale." in page
    assert "Args:" not in page and ":param" not in page
    assert re.search(r"<table>.*?values.*?The numbers to scale", body, flags=re.S)
    if style == "sphinx":
        assert ":class:" not in page and ":ref:" not in page
        assert "StandardScaler" in page and "usage" in page


def test_primary_model_order(tmp_path: Path) -> None:
    from modelsite.collect.project import find_models

    for rel in ("examples/a.skops", "models/deep/b.skops", "models/c.skops", "z.skops"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "x.skops").write_bytes(b"")
    # outside examples first, then fewest folders deep, then alphabetical
    assert find_models(tmp_path) == (
        "z.skops",
        "models/c.skops",
        "models/deep/b.skops",
        "examples/a.skops",
    )


def test_several_models_print_the_primary_and_the_rule(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from modelsite.pipeline import collect_site

    write(tmp_path, {"train.py": '"""Train."""\n'})
    model = DummyClassifier().fit([[0], [1]], [0, 1])
    (tmp_path / "examples").mkdir()
    skops.io.dump(model, tmp_path / "examples" / "demo.skops")
    skops.io.dump(model, tmp_path / "model.skops")
    with caplog.at_level("WARNING"):
        site = collect_site(tmp_path)
    assert site.models[0].path == "model.skops"
    assert "`model.skops` is the primary one (the primary model is the first of" in caplog.text


def test_generated_docstrings_follow_the_whole_projects_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the package's own files have no sections; the project's other code is Google style
    root = write(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname = 'p'\n",
            "pkg/__init__.py": '"""P."""\n',
            "pkg/empty.py": "def add(a: int, b: int) -> int:\n    return a + b\n",
            "scripts/train.py": GOOGLE,
        },
    )
    assert docstrings_command(root / "pkg", mode="diff") == 0
    captured = capsys.readouterr()
    assert "(google style)" in captured.err
    assert "Args:" in captured.out
