"""Zero-config discovery of a project's code, models, citation, requirements and git facts."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

import pytest

from modelsite.collect.layout import find_code
from modelsite.collect.project import (
    collect_project,
    find_models,
    parse_remote,
    read_citation,
    read_git,
    read_requirements,
)
from modelsite.config import Config, load_config, parse_config
from modelsite.errors import InputError


def touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _packages_and_paths(root: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    layout = find_code(root)
    return layout.packages, layout.search_paths


def test_src_layout(tmp_path: Path) -> None:
    touch(tmp_path / "src" / "pkg" / "__init__.py")
    touch(tmp_path / "tests" / "__init__.py")
    assert _packages_and_paths(tmp_path) == (("pkg",), ("src",))


def test_flat_layout_skips_tests_docs_and_private(tmp_path: Path) -> None:
    touch(tmp_path / "mypkg" / "__init__.py")
    touch(tmp_path / "tests" / "__init__.py")
    touch(tmp_path / "docs" / "__init__.py")
    touch(tmp_path / "_private" / "__init__.py")
    assert _packages_and_paths(tmp_path) == (("mypkg",), (".",))


def test_nested_layout(tmp_path: Path) -> None:
    touch(tmp_path / "ml_project" / "ml_project" / "__init__.py")
    assert _packages_and_paths(tmp_path) == (("ml_project",), ("ml_project",))


def test_loose_modules(tmp_path: Path) -> None:
    touch(tmp_path / "train.py")
    touch(tmp_path / "setup.py")
    touch(tmp_path / "features.py")
    assert _packages_and_paths(tmp_path) == (("features", "train"), (".",))


def test_configured_package_must_exist(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "__init__.py")
    with pytest.raises(InputError, match="package `missing` not found"):
        find_code(tmp_path, packages=("missing",))


def test_no_code_is_an_input_error(tmp_path: Path) -> None:
    touch(tmp_path / "README.md", "# nothing here")
    with pytest.raises(InputError, match="no Python package or module found") as exc:
        collect_project(tmp_path, Config())
    assert str(tmp_path) in str(exc.value)


def test_models_found_outside_skipped_folders(tmp_path: Path) -> None:
    touch(tmp_path / "model.skops")
    touch(tmp_path / "models" / "b.skops")
    touch(tmp_path / ".venv" / "lib" / "x.skops")
    touch(tmp_path / "site" / "y.skops")
    assert find_models(tmp_path) == ("model.skops", "models/b.skops")
    assert find_models(tmp_path, ("models/b.skops",)) == ("models/b.skops",)
    with pytest.raises(InputError, match="does not exist"):
        find_models(tmp_path, ("nope.skops",))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/Owner/Repo.git", ("github.com", "Owner", "Repo")),
        ("git@github.com:Owner/Repo.git", ("github.com", "Owner", "Repo")),
        ("ssh://git@github.com/owner/repo", ("github.com", "owner", "repo")),
        ("https://gitlab.com/group/sub/proj", ("gitlab.com", "group/sub", "proj")),
        ("/some/local/path", ("", "", "")),
    ],
)
def test_parse_remote(url: str, expected: tuple[str, str, str]) -> None:
    assert parse_remote(url) == expected


def test_git_remote_gives_lowercase_image(tmp_path: Path) -> None:
    touch(tmp_path / "pkg" / "__init__.py")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(tmp_path),
            "remote",
            "add",
            "origin",
            "git@github.com:Some-Owner/My_Model.git",
        ],
        check=True,
    )
    project = collect_project(tmp_path, Config())
    assert project.git.owner == "Some-Owner"
    assert project.image == "ghcr.io/some-owner/my_model"
    assert project.repository_url == "https://github.com/Some-Owner/My_Model"


def test_non_github_remote_has_no_image(tmp_path: Path) -> None:
    touch(tmp_path / "pkg" / "__init__.py")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "remote", "add", "origin", "https://gitlab.com/a/b.git"],
        check=True,
    )
    project = collect_project(tmp_path, Config())
    assert project.image == ""
    assert project.repository_url == "https://gitlab.com/a/b"


def test_git_prefix_locates_the_project_inside_its_repository(tmp_path: Path) -> None:
    project_dir = tmp_path / "examples" / "wine"
    touch(project_dir / "pkg" / "__init__.py")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert read_git(project_dir).prefix == "examples/wine/"
    assert read_git(tmp_path).prefix == ""
    # a repository named in modelsite.yml holds the project at its top level
    assert read_git(project_dir, "https://github.com/a/b").prefix == ""
    outside = tmp_path.parent / f"{tmp_path.name}-no-git"
    touch(outside / "pkg" / "__init__.py")
    assert read_git(outside).prefix == ""


def test_citation(tmp_path: Path) -> None:
    touch(
        tmp_path / "CITATION.cff",
        """cff-version: 1.2.0
title: My model
version: 2.0.1
doi: 10.5281/zenodo.1234
authors:
  - given-names: Grace
    family-names: Hopper
  - name: The Lab
""",
    )
    citation = read_citation(tmp_path)
    assert citation is not None
    assert citation.title == "My model"
    assert [a.name for a in citation.authors] == ["Grace Hopper", "The Lab"]
    assert citation.doi == "10.5281/zenodo.1234"


def test_invalid_citation_is_a_located_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    touch(tmp_path / "CITATION.cff", "title: [unclosed\n")
    assert read_citation(tmp_path) is None
    assert "CITATION.cff" in caplog.text


def test_requirements_file_then_pyproject(tmp_path: Path) -> None:
    touch(tmp_path / "requirements.txt", "# pinned\nscikit_learn==1.5.2  # ml\n-e .\nnumpy\n")
    name, reqs = read_requirements(tmp_path, {"project": {"dependencies": ["pandas"]}})
    assert name == "requirements.txt"
    assert [(r.name, r.spec) for r in reqs] == [
        ("scikit-learn", "scikit_learn==1.5.2"),
        ("numpy", "numpy"),
    ]
    (tmp_path / "requirements.txt").unlink()
    name, reqs = read_requirements(tmp_path, {"project": {"dependencies": ["pandas>=2"]}})
    assert (name, [r.spec for r in reqs]) == ("pyproject.toml", ["pandas>=2"])


def test_config_from_yaml_and_pyproject(tmp_path: Path) -> None:
    touch(tmp_path / "pyproject.toml", '[tool.modelsite]\nsite_name = "From TOML"\n')
    assert load_config(tmp_path).site_name == "From TOML"
    touch(tmp_path / "modelsite.yml", "site_name: From YAML\ncard:\n  license: mit\n")
    config = load_config(tmp_path)
    assert (config.site_name, config.card.license) == ("From YAML", "mit")


def test_config_unknown_key_is_a_warning_naming_file_key_and_choices(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="modelsite"):
        config = parse_config(
            {"card": {"intended_usage": "x", "summary": "kept"}, "metrix": []}, "modelsite.yml"
        )
    assert config.card.summary == "kept"
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    card = next(m for m in messages if "card." in m)
    assert card.startswith("modelsite.yml: unknown key `card.intended_usage` ignored")
    assert "did you mean `intended_use`?" in card and "limitations" in card
    top = next(m for m in messages if "metrix" in m)
    assert "did you mean `metrics`?" in top and "docstring_style" in top


def test_config_wrong_type() -> None:
    with pytest.raises(InputError, match="`packages` must be a list of strings"):
        parse_config({"packages": {"a": 1}}, "modelsite.yml")
    with pytest.raises(InputError, match="`site_name` must be text"):
        parse_config({"site_name": ["a"]}, "modelsite.yml")


def test_config_invalid_yaml_is_located(tmp_path: Path) -> None:
    touch(tmp_path / "modelsite.yml", "site_name: ok\ncard: [\n")
    with pytest.raises(InputError, match=r"modelsite\.yml:\d+: not valid YAML"):
        load_config(tmp_path)
