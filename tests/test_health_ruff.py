"""ruff runs behind the code-health page: findings, formatting, configuration, bad input."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest

from health_helpers import (
    TINY_CORE_CLEAN,
    TINY_CORE_LINT_ERROR,
    TINY_PYPROJECT,
    ruff_rule_counts,
    ruff_unformatted,
    tiny_project,
)
from modelsite.collect.code import collect_code
from modelsite.collect.project import collect_project
from modelsite.config import load_config
from modelsite.health import ruff
from modelsite.health.measure import HealthInfo, collect_health, package_paths
from modelsite.pipeline import collect_site
from modelsite.render import render_pages

UNFORMATTED = '"""Badly formatted."""\n\n\ndef f(a,b):\n    return {"a":a,"b":b}\n'


def health_of(root: Path) -> HealthInfo:
    config = load_config(root)
    project = collect_project(root, config)
    return collect_health(project, collect_code(root, project.packages, project.search_paths))


def test_lint_findings_grouped_by_rule_with_locations(tmp_path: Path) -> None:
    core = (
        TINY_CORE_LINT_ERROR + '\n\ndef g(x: int) -> bool:\n    """Is x None."""\n'
        "    return x == None\n"
    )
    tiny_project(tmp_path, core=core, extra={"src/tiny/util.py": '"""U."""\nimport sys\n'})
    health = health_of(tmp_path)
    assert health.paths == ("src/tiny",)
    assert health.ruff_config == ""  # no configuration: modelsite's defaults
    rules = {g.code: g for g in health.lint.rules}
    assert set(rules) == {"F401", "E711"}
    assert rules["F401"].count == 2 and rules["E711"].count == 1
    assert rules["F401"].name == "unused-import"
    assert rules["F401"].url.startswith("https://docs.astral.sh/ruff/rules/")
    assert [g.code for g in health.lint.rules] == ["F401", "E711"]  # most frequent first
    locations = {(f.file, f.line) for f in rules["F401"].findings}
    assert locations == {("src/tiny/core.py", 3), ("src/tiny/util.py", 2)}
    # the E711 finding sits inside `g`: it links to g's entry on the module's reference page
    (e711,) = rules["E711"].findings
    assert (e711.file, e711.line) == ("src/tiny/core.py", 13)
    link = health.link("src/tiny/core.py", 13)
    assert (link.module, link.anchor) == ("tiny.core", "tiny.core.g")
    assert link.source_url == ""  # no git remote
    # a module-level finding links to the module's page, without an anchor
    assert health.link("src/tiny/core.py", 3).module == "tiny.core"
    assert health.link("src/tiny/core.py", 3).anchor == ""


def test_counts_equal_an_independent_ruff_run_with_the_projects_config(tmp_path: Path) -> None:
    pyproject = (
        TINY_PYPROJECT + "\n[tool.ruff]\nline-length = 60\n\n[tool.ruff.lint]\n"
        'select = ["F", "E", "UP"]\n'
    )
    core = (
        TINY_CORE_LINT_ERROR + "\n\ndef long_name_function(argument_one: int, argument_two: "
        'int) -> int:\n    """Add."""\n    return argument_one + argument_two\n'
    )
    tiny_project(
        tmp_path, core=core, extra={"pyproject.toml": pyproject, "src/tiny/messy.py": UNFORMATTED}
    )
    health = health_of(tmp_path)
    assert health.ruff_config == "pyproject.toml" and health.select == ()
    expected = ruff_rule_counts(tmp_path, path="src/tiny")
    assert {g.code: g.count for g in health.lint.rules} == expected
    assert "E501" in expected  # line-length 60 from the project's configuration was honoured
    assert health.format.count == ruff_unformatted(tmp_path, path="src/tiny") == 2
    assert set(health.format.files) == {"src/tiny/core.py", "src/tiny/messy.py"}
    assert "+def f(a, b):" in health.format.diff


def test_parent_configuration_does_not_leak_into_a_project_without_one(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").write_text('[lint]\nselect = ["D"]\n', encoding="utf-8")
    project = tiny_project(tmp_path / "project", core=TINY_CORE_CLEAN)
    health = health_of(project)
    assert health.ruff_config == ""
    assert health.lint.ran and health.lint.count == 0  # pydocstyle from above not applied


def test_nothing_is_written_into_the_project(tmp_path: Path) -> None:
    tiny_project(tmp_path, core=TINY_CORE_LINT_ERROR)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    health_of(tmp_path)
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert after == before  # no .ruff_cache, no __pycache__


def test_unparsable_file_is_a_located_warning_and_the_site_still_renders(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tiny_project(tmp_path, extra={"src/tiny/broken.py": '"""B."""\n\ndef f(:\n    pass\n'})
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site = collect_site(tmp_path)
    assert site.health is not None
    problems = [p for p in site.health.problems if "broken.py" in p]
    assert len(problems) == 1  # ruff check and ruff format both see it; said once
    assert problems[0].startswith("src/tiny/broken.py:3: ruff cannot parse this file")
    assert any(problems[0] in r.getMessage() for r in caplog.records)
    # the other files are still checked, and the page says what happened
    assert site.health.lint.ran and site.health.format.ran
    page = render_pages(site)["code-health.md"]
    assert "broken.py:3: ruff cannot parse this file" in page.replace("&#95;", "_")


def test_broken_ruff_configuration_is_a_located_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    tiny_project(tmp_path, extra={"ruff.toml": "[lint]\nselect = 3\n"})
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site = collect_site(tmp_path)
    assert site.health is not None
    assert not site.health.lint.ran and not site.health.format.ran
    assert site.health.ruff_config == "ruff.toml"
    (problem,) = site.health.problems
    assert problem.startswith("ruff.toml:2: ruff could not use this configuration (")
    assert "lint and format checks skipped" in problem
    assert any(problem in r.getMessage() for r in caplog.records)
    page = render_pages(site)["code-health.md"]
    assert "ruff could not use this configuration" in page
    assert "The lint check did not run" in page


def test_ruff_missing_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "ruff", None)  # `import ruff` fails
    monkeypatch.setenv("PATH", str(tmp_path))  # and there is no `ruff` on PATH
    assert ruff.find_ruff() == ((), "")
    tiny_project(tmp_path / "p", core=TINY_CORE_LINT_ERROR)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        site = collect_site(tmp_path / "p")
    assert site.health is not None and not site.health.lint.ran
    assert site.health.problems == (ruff.MISSING,)
    assert any(ruff.MISSING in r.getMessage() for r in caplog.records)
    page = render_pages(site)["code-health.md"]
    assert "ruff is not installed" in page and "not run" in page


def test_project_config_detection(tmp_path: Path) -> None:
    assert ruff.project_config(tmp_path) == ""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert ruff.project_config(tmp_path) == ""
    (tmp_path / "pyproject.toml").write_text("[tool.ruff.lint]\nselect = ['F']\n", encoding="utf-8")
    assert ruff.project_config(tmp_path) == "pyproject.toml"
    (tmp_path / ".ruff.toml").write_text("", encoding="utf-8")
    assert ruff.project_config(tmp_path) == ".ruff.toml"


@pytest.mark.parametrize(
    ("requires", "target"),
    [
        (">=3.10", "py310"),
        (">= 3.12, <4", "py312"),
        ("~=3.11", ""),
        ("", ""),
    ],
)
def test_target_version_from_requires_python(requires: str, target: str) -> None:
    assert ruff.target_version(requires) == target


def test_package_paths_for_loose_modules(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text('"""Train."""\n', encoding="utf-8")
    project = collect_project(tmp_path, load_config(tmp_path))
    assert package_paths(project) == ("train.py",)


def test_findings_link_to_the_source_at_the_commit_in_a_subfolder(tmp_path: Path) -> None:
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(tmp_path), *args], check=True, capture_output=True, text=True
        ).stdout.strip()

    project = tiny_project(tmp_path / "ml", core=TINY_CORE_LINT_ERROR)
    git("init", "-q")
    git("remote", "add", "origin", "git@github.com:owner/repo.git")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x")
    commit = git("rev-parse", "HEAD")
    health = health_of(project)
    assert health.link("src/tiny/core.py", 3).source_url == (
        f"https://github.com/owner/repo/blob/{commit}/ml/src/tiny/core.py#L3"
    )


def test_a_ruff_on_path_is_used_when_the_package_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ruff.find_ruff()[0][0]
    (tmp_path / "ruff").symlink_to(real)
    monkeypatch.setitem(sys.modules, "ruff", None)
    monkeypatch.setenv("PATH", str(tmp_path))
    command, version = ruff.find_ruff()
    assert command == (str(tmp_path / "ruff"),)
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)


@pytest.mark.parametrize(
    ("file", "text", "prefix", "detail"),
    [
        (
            "pyproject.toml",
            TINY_PYPROJECT + '\n[tool.ruff]\nline-length = "x"\n',
            "pyproject.toml:7: ",
            'invalid type: string "x"',
        ),
        (
            "pyproject.toml",
            TINY_PYPROJECT + '\n[tool.ruff.lint]\nselect = ["XYZ999"]\n',
            "pyproject.toml: ",
            "Unknown rule selector `XYZ999`",
        ),
        (".ruff.toml", "line-length = [\n", ".ruff.toml:1: ", "unclosed array"),
    ],
)
def test_broken_configurations_are_located(
    tmp_path: Path, file: str, text: str, prefix: str, detail: str
) -> None:
    tiny_project(tmp_path, extra={file: text})
    health = health_of(tmp_path)
    (problem,) = health.problems
    assert problem.startswith(prefix + "ruff could not use this configuration (")
    assert detail in problem
    assert problem.endswith("; lint and format checks skipped")


def test_one_ruff_check_and_one_ruff_format_per_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], *a: object, **kw: object) -> object:
        calls.append([str(x) for x in args])
        return real_run(args, *a, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(ruff.subprocess, "run", counting_run)
    tiny_project(
        tmp_path,
        core=TINY_CORE_LINT_ERROR,
        extra={f"src/tiny/m{i}.py": '"""M."""\n' for i in range(20)},
    )
    health_of(tmp_path)
    ruff_calls = [c for c in calls if "check" in c or "format" in c]
    assert len(ruff_calls) == 2
    assert {c[1] for c in ruff_calls} == {"check", "format"}
    assert all(c[-1] == "src/tiny" for c in ruff_calls)  # the package folder, not file by file


def test_what_ruff_says_about_the_configuration_is_shown(tmp_path: Path) -> None:
    deprecated = TINY_PYPROJECT + '[tool.ruff]\nselect = ["F"]\n'  # top-level `select`
    tiny_project(tmp_path, extra={"pyproject.toml": deprecated})
    health = health_of(tmp_path)
    assert health.lint.ran and health.problems == ()
    (note,) = health.lint.notes  # one message, its continuation lines joined
    assert note.startswith("warning: The top-level linter settings are deprecated")
    assert "'select' -> 'lint.select'" in note
