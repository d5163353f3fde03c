"""End to end: `modelsite build` on real projects, zero-config and with a user's mkdocs.yml."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import skops.io
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from modelsite.cli import main

STABLE_PAGES = [
    "index.html",
    "model-card/index.html",
    "reference/index.html",
    "reproduce/index.html",
    "docker/index.html",
    "cite/index.html",
    "code-health/index.html",
]


def text_of(page: Path) -> str:
    """The visible text of a built page (tags removed, entities decoded, whitespace folded)."""
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def example_site(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert main(["build", str(trained_example), "-o", str(out), "--strict"]) == 0
    return out


def test_every_stable_url_exists(example_site: Path) -> None:
    for page in STABLE_PAGES:
        assert (example_site / page).is_file(), page


def test_model_card_shows_the_models_class_and_hyperparameters(example_site: Path) -> None:
    text = text_of(example_site / "model-card" / "index.html")
    assert "sklearn.pipeline.Pipeline" in text
    assert "RandomForestClassifier" in text
    assert "forest__n_estimators 100" in text
    assert "forest__max_depth 6" in text
    assert "forest__random_state 42" in text


def test_reference_has_a_page_per_module_rendered_by_mkdocstrings(example_site: Path) -> None:
    for module in ["data", "evaluate", "features", "model", "train"]:
        assert (example_site / "reference" / "wine_classifier" / module / "index.html").is_file()
    page = (example_site / "reference" / "wine_classifier" / "data" / "index.html").read_text()
    assert 'id="wine_classifier.data.load_dataset"' in page  # an mkdocstrings heading anchor
    assert "Load the UCI wine data set shipped with scikit-learn." in page


def test_docker_page_invents_no_image(example_site: Path) -> None:
    text = text_of(example_site / "docker" / "index.html")
    assert "docker pull ghcr.io" not in text  # no Dockerfile, no workflow pushes an image
    assert "Gap: no published image" in text


def test_cite_page_uses_citation_cff(example_site: Path) -> None:
    text = text_of(example_site / "cite" / "index.html")
    assert "Ada Example" in text and "Wine cultivar classifier" in text


def test_reproduce_page_has_python_version_and_commands(example_site: Path) -> None:
    text = text_of(example_site / "reproduce" / "index.html")
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in text
    assert "python -m wine_classifier.train" in text
    assert "scikit-learn" in text


def test_overview_links_the_areas(example_site: Path) -> None:
    page = (example_site / "index.html").read_text()
    for target in ["model-card/", "reference/", "reproduce/", "docker/", "cite/"]:
        assert f'href="{target}"' in page, target


def test_site_is_self_contained(example_site: Path) -> None:
    """No page refers to fonts or scripts on another host (Google Fonts, CDNs). The one
    absolute link a page has is `rel="canonical"`, its own published address: browsers do not
    fetch it (test_browser checks that no request leaves the local server)."""
    canonical = 0
    for page in example_site.rglob("*.html"):
        body = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:link|script|img)\b[^>]*>", body):
            if re.fullmatch(r'<link rel="canonical" href="https://[^"]*">', tag):
                canonical += 1
                continue
            assert not re.search(r"(?:src|href)=\"(?:https?:)?//", tag), (page, tag)
    assert canonical == len(list(example_site.rglob("*.html"))) - 1  # all but 404.html


# ---------------------------------------------------------------- another project, other layout


def make_flat_project(root: Path) -> Path:
    """A project unlike the example: flat package, model at the root, no config, GitHub remote."""
    pkg = root / "diabetes_reg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Predict disease progression."""\n')
    (pkg / "fit.py").write_text(
        textwrap.dedent("""
        from sklearn.linear_model import Ridge

        def make_model(alpha: float = 0.5):
            return Ridge(alpha=alpha)
    """)
    )
    X, y = load_diabetes(return_X_y=True)
    model = make_pipeline(StandardScaler(), Ridge(alpha=0.5)).fit(X, y)
    skops.io.dump(model, root / "ridge.skops")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "remote",
            "add",
            "origin",
            "https://github.com/Lab-X/Diabetes-Model.git",
        ],
        check=True,
    )
    return root


def test_zero_config_on_a_differently_laid_out_project(tmp_path: Path) -> None:
    project = make_flat_project(tmp_path / "proj")
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out)]) == 0
    card = text_of(out / "model-card" / "index.html")
    assert "ridge__alpha 0.5" in card
    assert "standardscaler__with_mean True" in card
    assert (out / "reference" / "diabetes_reg" / "fit" / "index.html").is_file()
    assert "docker pull ghcr.io" not in text_of(out / "docker" / "index.html")
    assert not (project / "site").exists() and not (project / "mkdocs.yml").exists()


def test_a_github_remote_publishes_under_its_project_path(tmp_path: Path) -> None:
    """No site URL configured: the remote github.com/Lab-X/Diabetes-Model gives
    https://lab-x.github.io/Diabetes-Model/, so the 404 page and the sitemap are right there."""
    project = make_flat_project(tmp_path / "proj")
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out)]) == 0
    page_404 = (out / "404.html").read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="([^"#]+\.(?:css|js))"', page_404)
    assert assets and all(a.startswith("/Diabetes-Model/assets/") for a in assets), assets
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://lab-x.github.io/Diabetes-Model/model-card/</loc>" in sitemap


def test_site_url_option_wins_and_is_checked(tmp_path: Path) -> None:
    project = make_flat_project(tmp_path / "proj")
    (project / "modelsite.yml").write_text("publish:\n  site_url: https://models.example.org/x/\n")
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out), "--site-url", "https://a.example/b"]) == 0
    assert "<loc>https://a.example/b/cite/</loc>" in (out / "sitemap.xml").read_text()
    result = run_cli(["build", str(project), "-o", str(tmp_path / "o2"), "--site-url", "lab/x"])
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "modelsite: error: " + (
        "--site-url is 'lab/x'; give the absolute http(s) address the site is published at, "
        "such as https://owner.github.io/repo/"
    )
    (project / "modelsite.yml").write_text("publish:\n  site_url: models.example.org\n")
    result = run_cli(["build", str(project), "-o", str(tmp_path / "o3")])
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "modelsite.yml: `publish.site_url` is 'models.example.org'" in result.stderr
    assert not (tmp_path / "o2").exists() and not (tmp_path / "o3").exists()


def test_nested_layout_builds(tmp_path: Path) -> None:
    project = tmp_path / "ml_project"
    make_flat_project(tmp_path / "tmp")
    shutil.copytree(tmp_path / "tmp" / "diabetes_reg", project / "ml_project")
    shutil.copy(tmp_path / "tmp" / "ridge.skops", project / "ridge.skops")
    out = tmp_path / "out"
    assert main(["build", str(project), "-o", str(out)]) == 0
    assert (out / "reference" / "ml_project" / "fit" / "index.html").is_file()


def test_users_own_mkdocs_yml_with_the_plugin(trained_example: Path, tmp_path: Path) -> None:
    project = tmp_path / "wine"
    shutil.copytree(trained_example, project)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# My own home page\n\nHand written.\n")
    (project / "mkdocs.yml").write_text(
        textwrap.dedent("""
        site_name: Hand-made site
        theme:
          name: material
          font: false
        plugins:
          - search
          - modelsite
          - mkdocstrings
    """)
    )
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=project,
        check=True,
    )
    assert "My own home page" in text_of(out / "index.html")  # the user's page wins
    assert "RandomForestClassifier" in text_of(out / "model-card" / "index.html")
    assert (out / "reference" / "wine_classifier" / "train" / "index.html").is_file()


# ---------------------------------------------------------------- bad input


def run_cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modelsite", *args], capture_output=True, text=True, timeout=300
    )


def test_no_package_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no code")
    result = run_cli(["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(tmp_path) in lines[0] and "no Python package" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_model_that_is_not_a_skops_file(tmp_path: Path) -> None:
    project = make_flat_project(tmp_path / "proj")
    (project / "ridge.skops").write_text("not a zip")
    result = run_cli(["build", str(project), "-o", str(tmp_path / "out")])
    assert result.returncode == 2
    assert "ridge.skops" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_no_model_builds_with_a_warning_and_strict_fails(tmp_path: Path) -> None:
    project = make_flat_project(tmp_path / "proj")
    (project / "ridge.skops").unlink()
    assert main(["build", str(project), "-o", str(tmp_path / "out")]) == 0
    assert "No model" in text_of(tmp_path / "out" / "model-card" / "index.html")
    assert main(["build", str(project), "-o", str(tmp_path / "out2"), "--strict"]) == 1


def test_module_that_does_not_parse_is_located_and_left_out(tmp_path: Path) -> None:
    project = make_flat_project(tmp_path / "proj")
    (project / "diabetes_reg" / "broken.py").write_text("def f(:\n    pass\n")
    result = run_cli(["build", str(project), "-o", str(tmp_path / "out")])
    assert result.returncode == 0, result.stderr
    assert "diabetes_reg/broken.py:1" in result.stderr
    assert "diabetes_reg/broken.py:1" in text_of(tmp_path / "out" / "reference" / "index.html")


def test_two_models_get_pages_and_a_comparison(tmp_path: Path) -> None:
    project = make_flat_project(tmp_path / "proj")
    shutil.copy(project / "ridge.skops", project / "ridge2.skops")
    result = run_cli(["build", str(project), "-o", str(tmp_path / "out")])
    assert result.returncode == 0
    assert "2 models found" in result.stderr
    assert (tmp_path / "out" / "models" / "ridge2" / "index.html").is_file()
    assert "ridge2" in text_of(tmp_path / "out" / "models" / "index.html")


# ---------------------------------------------------------------- the command line itself


def test_version_names_python_and_platform() -> None:
    result = run_cli(["--version"])
    assert result.returncode == 0
    assert re.match(r"modelsite \d+\.\d+\.\d+ \(Python 3\.\d+\.\d+, \w+", result.stdout)


def test_help_lists_every_subcommand_of_the_design() -> None:
    result = run_cli(["--help"])
    for command in ["init", "build", "serve", "inspect", "card", "docstrings", "verify", "check"]:
        assert re.search(rf"^\s+{command}\s", result.stdout, re.M), command


def test_every_command_and_argument_explains_itself() -> None:
    import argparse

    from modelsite.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        assert sub.description and len(sub.description) > 20, name
        for action in sub._actions:
            assert action.help, f"modelsite {name} {action.dest}: no help text"


def test_usage_error_exits_2() -> None:
    assert run_cli(["build", "--no-such-option"]).returncode == 2
    assert run_cli([]).returncode == 2
