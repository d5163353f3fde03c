"""The wheel ships the templates, the public surface stays put, our own docs build strictly."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import modelsite

REPO = Path(__file__).resolve().parent.parent


def test_public_api_is_sorted_and_importable() -> None:
    assert modelsite.__all__ == sorted(modelsite.__all__)
    for name in modelsite.__all__:
        assert hasattr(modelsite, name), name


def test_third_party_calls_we_rely_on_keep_their_signatures() -> None:
    import griffe
    import skops.io
    from mkdocs.structure.files import File

    assert "trusted" in inspect.signature(skops.io.load).parameters
    assert "file" in inspect.signature(skops.io.get_untrusted_types).parameters
    assert "search_paths" in inspect.signature(griffe.GriffeLoader).parameters
    assert "content" in inspect.signature(File.generated).parameters


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    return next(out.glob("modelsite-*.whl"))


def test_wheel_contains_templates_and_entry_points(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {
        p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()
    }
    assert shipped, "no templates in the checkout"
    for rel in shipped:
        assert f"modelsite/{rel}" in names, rel
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "modelsite = modelsite.cli:main" in text
    assert "[mkdocs.plugins]" in text and "modelsite.plugin:ModelsitePlugin" in text


def test_installed_wheel_builds_a_site_from_another_folder(
    wheel: Path, trained_example: Path, tmp_path: Path
) -> None:
    """The unpacked wheel (not the checkout) renders the pages, from an unrelated cwd."""
    unpacked = tmp_path / "wheel"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    code = (
        "import modelsite.render as r, sys;"
        "print(r.__file__); print(r.shipped_templates());"
        "from modelsite.cli import main; sys.exit(main(['-q', 'build', sys.argv[1], '-o', 'out']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(trained_example)],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    module_file, templates = result.stdout.splitlines()[:2]
    assert module_file.startswith(str(unpacked)) and templates.startswith(str(unpacked))
    assert (elsewhere / "out" / "model-card" / "index.html").is_file()


def test_own_documentation_builds_strictly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "d")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "d" / "cli" / "index.html").is_file()


def test_cli_docs_and_readme_name_every_subcommand() -> None:
    from modelsite.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    commands = sorted(sub.choices)  # type: ignore[attr-defined]
    cli_doc = (REPO / "docs" / "cli.md").read_text()
    readme = (REPO / "README.md").read_text()
    for command in commands:
        assert f"modelsite {command}" in cli_doc, command
        assert f"modelsite {command}" in readme, command
