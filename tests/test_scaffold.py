"""`modelsite init`: writes every file once, never overwrites, and what it writes passes the
linters (hadolint, the workflow schema, zizmor, cffconvert)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
import yaml

from modelsite import scaffold
from modelsite.cli import main
from modelsite.config import CardText, load_config
from modelsite.repro.citation import validate_cff
from repro_helpers import (
    cff_validate,
    cffconvert,  # noqa: F401  (fixture)
    hadolint,
    make_other_project,
    workflow_schema,
    zizmor,
)

FILES = [
    "modelsite.yml",
    "Dockerfile",
    ".dockerignore",
    "requirements-pinned.txt",
    ".github/workflows/pages.yml",
    ".github/workflows/container.yml",
    "CITATION.cff",
    ".pre-commit-config.yaml",  # the code-health writer, registered in scaffold.WRITERS
]


@pytest.fixture
def other(tmp_path):
    return make_other_project(tmp_path / "risk")


def test_init_writes_everything_once(other):
    result = scaffold.init_project(other)
    assert sorted(p.relative_to(other).as_posix() for p in result.created) == sorted(FILES)
    assert result.kept == []
    before = {f: (other / f).read_text() for f in FILES}
    again = scaffold.init_project(other)
    assert again.created == []
    assert sorted(p.relative_to(other).as_posix() for p in again.kept) == sorted(FILES)
    assert {f: (other / f).read_text() for f in FILES} == before


def test_existing_files_are_kept(trained_example, tmp_path):
    root = tmp_path / "wine"
    shutil.copytree(trained_example, root)
    (root / "Dockerfile").write_text("FROM scratch\n")
    original_cff = (root / "CITATION.cff").read_text()
    result = scaffold.init_project(root)
    kept = {p.name for p in result.kept}
    assert {"Dockerfile", "CITATION.cff", "modelsite.yml"} <= kept
    assert (root / "Dockerfile").read_text() == "FROM scratch\n"
    assert (root / "CITATION.cff").read_text() == original_cff
    assert (root / ".github/workflows/pages.yml").is_file()


def test_generated_config_lists_every_card_field_as_todo(other):
    scaffold.init_project(other)
    text = (other / "modelsite.yml").read_text()
    for field in dataclasses.fields(CardText):
        assert f"  # {field.name}: " in text and "TODO" in text
    config = load_config(other)  # valid YAML and a valid configuration
    assert config.card == CardText()  # all commented: the card still shows gaps
    assert config.train_command == "python -m risk.fit"  # recorded at export


def test_generated_files_pass_the_linters(other, cffconvert):  # noqa: F811
    scaffold.init_project(other)
    result = hadolint(other / "Dockerfile")
    assert result.returncode == 0, result.stdout
    flows = other / ".github" / "workflows"
    result = workflow_schema(flows / "pages.yml", flows / "container.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    result = zizmor(other)
    assert result.returncode == 0, result.stdout + result.stderr
    result = cff_validate(cffconvert, other / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load((other / "CITATION.cff").read_text())
    assert validate_cff(data) == []
    assert data["repository-code"] == "https://github.com/Grace-Lab/Diabetes-Risk"
    assert data["authors"][0]["family-names"] == "Hopper"
    pinned = (other / "requirements-pinned.txt").read_text()
    assert "scikit-learn==" in pinned and "modelsite" not in pinned.split("\n", 1)[1]


def test_writers_hook_adds_a_file(other, monkeypatch):
    monkeypatch.setattr(
        scaffold,
        "WRITERS",
        [*scaffold.WRITERS, ("extra/hello.txt", lambda ctx: ctx.site.project.name)],
    )
    result = scaffold.init_project(other)
    assert (other / "extra/hello.txt").read_text() == "diabetes-risk"
    assert other / "extra/hello.txt" in result.created


def test_cli_init_reports_created_and_kept(other, capsys):
    (other / "Dockerfile").write_text("FROM scratch\n")
    assert main(["init", str(other)]) == 0
    out = capsys.readouterr().out
    assert f"created {other / 'CITATION.cff'}" in out
    assert f"kept    {other / 'Dockerfile'} (exists; not overwritten)" in out


def test_init_on_a_missing_folder_is_bad_input(tmp_path, capsys):
    assert main(["init", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


def test_no_config_file_when_pyproject_configures_modelsite(other):
    pyproject = other / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.modelsite]\ntrain_command = "make"\n')
    result = scaffold.init_project(other)
    assert not (other / "modelsite.yml").exists()  # it would shadow [tool.modelsite]
    assert other / "Dockerfile" in result.created
    assert load_config(other).train_command == "make"


def test_init_refuses_a_github_symlink_out_of_the_project(other, tmp_path, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (other / ".github").symlink_to(outside)
    before = sorted(p.name for p in other.iterdir())
    assert main(["init", str(other)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"modelsite: error: {other / '.github'}: is a symlink to {outside}")
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert sorted(p.name for p in other.iterdir()) == before  # nor anything else (all or nothing)


def test_init_refuses_a_dangling_file_symlink_out_of_the_project(other, tmp_path):
    (other / "Dockerfile").symlink_to(tmp_path / "missing" / "Dockerfile")
    with pytest.raises(scaffold.InputError, match="is a symlink to"):
        scaffold.init_project(other, force=True)
    assert not (tmp_path / "missing").exists()


def test_init_follows_a_symlink_that_stays_inside(other):
    (other / "ci").mkdir()
    (other / ".github").symlink_to(other / "ci")
    result = scaffold.init_project(other)
    assert (other / "ci" / "workflows" / "pages.yml").is_file()
    assert other / ".github" / "workflows" / "pages.yml" in result.created


def test_pages_workflow_installs_and_runs_the_chosen_builder(other):
    (other / "modelsite.yml").write_text("builder: zensical\n")
    scaffold.init_project(other)
    flow = yaml.safe_load((other / ".github/workflows/pages.yml").read_text())
    runs = [step.get("run", "") for step in flow["jobs"]["build"]["steps"]]
    assert any('pip install "$MODELSITE" zensical' in run for run in runs), runs
    assert "modelsite build . -o site --builder zensical" in runs
    flows = other / ".github" / "workflows"
    result = workflow_schema(flows / "pages.yml", flows / "container.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_default_builds_with_what_modelsite_installs(other):
    scaffold.init_project(other)
    flow = yaml.safe_load((other / ".github/workflows/pages.yml").read_text())
    runs = [step.get("run", "") for step in flow["jobs"]["build"]["steps"]]
    assert "modelsite build . -o site" in runs  # MkDocs and Material come with modelsite
    assert not any("zensical" in run for run in runs)
