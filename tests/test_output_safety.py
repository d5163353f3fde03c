"""Output folders: modelsite deletes only what it wrote (issue 18, item 1).

Each case is an attack the probe ran against the release: a mistyped or hostile `-o`, a
configuration that points MkDocs' `site_dir` elsewhere, a package named `site`, a failed build.
Every test records the user's files (paths and bytes) before and asserts they are intact after.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import skops.io
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from modelsite.cli import main
from modelsite.errors import InputError
from modelsite.output import MANIFEST, check_output_folder, replacing


def make_project(root: Path, package: str = "iris_fit") -> Path:
    """A tiny training project: one package, one model, a config and a citation."""
    pkg = root / package
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Fit iris."""\n')
    (pkg / "fit.py").write_text(
        textwrap.dedent('''
        """Training."""


        def make_model(c: float = 1.0):
            """Make the model."""
            from sklearn.linear_model import LogisticRegression

            return LogisticRegression(C=c, max_iter=500)
        ''')
    )
    X, y = load_iris(return_X_y=True)
    skops.io.dump(LogisticRegression(max_iter=500).fit(X, y), root / "model.skops")
    (root / "modelsite.yml").write_text("card:\n  summary: Iris.\n")
    (root / "CITATION.cff").write_text(
        "cff-version: 1.2.0\nmessage: Cite it.\ntitle: Iris fit\nauthors:\n  - name: A. Person\n"
    )
    (root / "pyproject.toml").write_text('[project]\nname = "iris-fit"\nversion = "1.0"\n')
    return root


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_cli(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modelsite", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2 with one error line on stderr that contains `words` (after the collection's
    warnings, if the refusal needed the project read), and no traceback."""
    assert result.returncode == 2, result.stderr
    lines = [x for x in result.stderr.strip().splitlines() if not x.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("modelsite: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture(params=["mkdocs", "zensical"])
def builder(request: pytest.FixtureRequest) -> list[str]:
    """`--builder NAME`: the output rules hold for both builders."""
    if request.param == "zensical":
        pytest.importorskip("zensical", reason="Zensical needs Python 3.11+")
    return ["--builder", request.param]


def test_output_into_the_project_itself_is_refused(project: Path) -> None:
    before = snapshot(project)
    refused(run_cli(["build", str(project), "-o", str(project)]), str(project), "is the project")
    assert snapshot(project) == before


def test_output_dot_from_the_parent_is_refused(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter1.tex").write_text("\\chapter{One}\n")
    before = snapshot(tmp_path)
    refused(run_cli(["build", "proj", "-o", "."], cwd=tmp_path), "contains the project")
    assert snapshot(tmp_path) == before


def test_a_folder_of_user_files_is_refused(
    project: Path, tmp_path: Path, builder: list[str]
) -> None:
    notes = tmp_path / "notes"
    (notes / "deep").mkdir(parents=True)
    (notes / "todo.md").write_text("finish the paper\n")
    (notes / "deep" / "data.csv").write_text("a,b\n1,2\n")
    refused(
        run_cli(["build", str(project), "-o", str(notes), *builder]),
        str(notes),
        "not written by modelsite",
    )
    assert snapshot(notes) == {
        "todo.md": hashlib.sha256(b"finish the paper\n").hexdigest(),
        "deep/data.csv": hashlib.sha256(b"a,b\n1,2\n").hexdigest(),
    }


def test_a_package_named_site_is_not_the_default_output(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", package="site")
    before = snapshot(project)
    refused(run_cli(["build", str(project)]), str(project / "site"))
    assert snapshot(project) == before


def test_site_dir_in_the_configuration_is_refused(project: Path, tmp_path: Path) -> None:
    victim = tmp_path / "Documents"
    victim.mkdir()
    (victim / "cv.pdf").write_bytes(b"%PDF-1.4 cv")
    (project / "modelsite.yml").write_text(f"mkdocs:\n  site_dir: {victim}\n")
    result = run_cli(["build", str(project), "-o", str(tmp_path / "out")])
    refused(result, "modelsite.yml", "mkdocs.site_dir")
    assert (victim / "cv.pdf").read_bytes() == b"%PDF-1.4 cv"
    assert not (tmp_path / "out").exists()


def test_docs_dir_in_the_configuration_is_refused(project: Path, tmp_path: Path) -> None:
    (project / "modelsite.yml").write_text(f"mkdocs:\n  docs_dir: {tmp_path}\n")
    refused(run_cli(["build", str(project), "-o", str(tmp_path / "out")]), "mkdocs.docs_dir")


def test_output_that_is_a_file_is_refused(project: Path) -> None:
    refused(run_cli(["build", str(project), "-o", str(project / "model.skops")]), "is a file")
    assert skops.io.get_untrusted_types(file=project / "model.skops") == []


def test_rebuilding_replaces_an_earlier_build_and_drops_stale_pages(
    project: Path, tmp_path: Path, builder: list[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out), *builder]) == 0
    assert (out / "reference" / "iris_fit" / "fit" / "index.html").is_file()
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["generator"] == "modelsite"
    assert (
        "index.html" in manifest["files"]
        and "reference/iris_fit/fit/index.html" in (manifest["files"])
    )
    (project / "iris_fit" / "fit.py").rename(project / "iris_fit" / "train.py")
    assert main(["build", str(project), "-o", str(out), *builder]) == 0
    assert (out / "reference" / "iris_fit" / "train" / "index.html").is_file()
    assert not (out / "reference" / "iris_fit" / "fit").exists()
    assert not [p for p in tmp_path.iterdir() if "modelsite-" in p.name]  # no staging left


def test_a_file_added_to_a_built_site_is_kept_and_the_build_refused(
    project: Path, tmp_path: Path, builder: list[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out), *builder]) == 0
    (out / "CNAME").write_text("model.example.org\n")
    before = snapshot(out)
    refused(run_cli(["build", str(project), "-o", str(out), *builder]), "CNAME", "did not write")
    assert snapshot(out) == before


def test_a_failed_build_leaves_the_previous_site(
    project: Path, tmp_path: Path, builder: list[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out), *builder]) == 0
    before = snapshot(out)
    (project / "model.skops").unlink()  # a warning: --strict fails
    assert main(["build", str(project), "-o", str(out), "--strict", *builder]) == 1
    assert snapshot(out) == before
    assert not [p for p in tmp_path.iterdir() if "modelsite-" in p.name]


def test_the_site_gets_the_permissions_the_umask_gives(
    project: Path, tmp_path: Path, builder: list[str]
) -> None:
    out = tmp_path / "out"
    script = (
        "import os, sys; os.umask(0o027); from modelsite.cli import main; "
        f"sys.exit(main(['build', {str(project)!r}, '-o', {str(out)!r}, *{builder!r}]))"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    assert out.stat().st_mode & 0o777 == 0o750
    assert (out / "index.html").stat().st_mode & 0o777 == 0o640
    assert (out / "assets").stat().st_mode & 0o777 == 0o750


def test_an_output_folder_holding_an_input_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    out = project / "out"
    out.mkdir(parents=True)
    (out / "model.skops").write_bytes(b"zip")
    (out / MANIFEST).write_text(json.dumps({"generator": "modelsite", "files": ["model.skops"]}))
    with pytest.raises(InputError, match="which the build reads"):
        check_output_folder(out, project=project, inputs=[out / "model.skops"])


def test_a_manifest_of_another_tool_is_no_licence_to_delete(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.tex").write_text("x")
    (out / MANIFEST).write_text(json.dumps({"generator": "other", "files": ["thesis.tex"]}))
    with pytest.raises(InputError, match="not written by modelsite"):
        check_output_folder(out, project=tmp_path / "proj")


def test_an_error_inside_the_block_keeps_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with replacing(target, project=tmp_path / "proj") as staging:
        (staging / "a.txt").write_text("first")
    with pytest.raises(RuntimeError), replacing(target, project=tmp_path / "proj") as staging:
        (staging / "a.txt").write_text("second")
        raise RuntimeError("half-way")
    assert (target / "a.txt").read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_symlink_in_an_earlier_build_is_removed_not_followed(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "precious.txt").write_text("mine")
    target = tmp_path / "out"
    with replacing(target, project=tmp_path / "proj") as staging:
        (staging / "link").symlink_to(keep, target_is_directory=True)
    with replacing(target, project=tmp_path / "proj") as staging:
        (staging / "a.txt").write_text("new")
    assert (keep / "precious.txt").read_text() == "mine"
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "a.txt"]


def test_a_folder_that_cannot_be_created_is_one_line(project: Path) -> None:
    refused(
        run_cli(["build", str(project), "-o", str(project / "CITATION.cff" / "site")]),
        "cannot write",
    )


# ---------------------------------------------------------------- card -o


def test_card_over_the_model_file_is_refused(project: Path) -> None:
    model = project / "model.skops"
    before = model.read_bytes()
    refused(run_cli(["card", str(project), "-o", str(model)]), "model.skops", "input of the card")
    assert model.read_bytes() == before


def test_card_over_a_source_file_is_refused(project: Path) -> None:
    source = project / "iris_fit" / "fit.py"
    before = source.read_bytes()
    refused(run_cli(["card", str(project), "-o", str(source)]), "fit.py", "input of the card")
    assert source.read_bytes() == before


def test_card_into_a_folder_is_refused(project: Path) -> None:
    refused(run_cli(["card", str(project), "-o", str(project)]), "is a folder")


def test_card_replaces_a_readme_that_is_not_an_input(project: Path) -> None:
    (project / "README.md").write_text("old\n")
    assert run_cli(["card", str(project), "-o", str(project / "README.md")]).returncode == 0
    assert (project / "README.md").read_text().startswith("---\n")  # the Hub card's metadata


def test_write_atomic_keeps_the_old_file_when_the_last_check_refuses(tmp_path: Path) -> None:
    from modelsite.output import write_atomic

    path = tmp_path / "notes.txt"
    path.write_bytes(b"old\n")

    def refuse() -> None:
        raise RuntimeError("changed meanwhile")

    with pytest.raises(RuntimeError, match="changed meanwhile"):
        write_atomic(path, b"new\n", before_replace=refuse)
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]  # no temporary file left


def test_write_atomic_writes_text_as_utf8_without_translating_newlines(tmp_path: Path) -> None:
    from modelsite.output import write_atomic

    path = tmp_path / "card.md"
    write_atomic(path, "é\r\nx\n")
    assert path.read_bytes() == "é\r\nx\n".encode()
