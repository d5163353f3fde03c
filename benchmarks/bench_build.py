"""Site build: `modelsite build` vs the plain site a user would write by hand, per builder.

For each case and builder (MkDocs, Zensical) the baseline is that builder's `build` of a
hand-written `mkdocs.yml` (Material theme, search, mkdocstrings with the same handler options and
Markdown extensions as the zero-config build) and one page per module holding `::: module`: the
same modules modelsite documents. Ours is `modelsite build PROJECT --builder B`, which also
collects the project, renders its extra pages (model card, reproduce, docker, cite, code health,
reference index), fills missing docstrings and runs the same builder. Zensical keeps a cache
(`.cache` next to `mkdocs.yml`); modelsite builds a fresh docs tree each time, so the baseline's
cache is removed before each of its runs too.

Cases (generated once under `benchmarks/.work/build/`, untimed):
- `wine`: the bundled example (trained first when its model.skops is missing);
- `mkdocs`: a synthetic training project whose package is a copy of the installed `mkdocs`
  sources (tests left out, ~35 modules) with a small exported model;
- `sklearn`: the same with a copy of scikit-learn's sources (tests, externals and build helpers
  left out).

    python benchmarks/bench_build.py [--runs 3] [--case wine --case mkdocs]
                                     [--builder mkdocs --builder zensical] [--list]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import REPO, WORK, Row, measure_pair, merge_results, print_table, which

if TYPE_CHECKING:
    from modelsite.sitemodel import Site

BUILD_WORK = WORK / "build"
EXAMPLE = REPO / "examples" / "wine"
GOAL = 1.0
SKIP_DIRS = {"tests", "test", "externals", "_build_utils", "__pycache__"}


def _installed_package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _copy_sources(src: Path, dst: Path) -> None:
    """Copy the `.py` files of a package (tests, vendored code and build helpers left out)."""
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if any(part in SKIP_DIRS for part in rel.parts[:-1]):
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _export_small_model(path: Path) -> None:
    """A small exported model so the synthetic project has a model card."""
    code = (
        "import modelsite, sys\n"
        "from sklearn.datasets import load_wine\n"
        "from sklearn.linear_model import LogisticRegression\n"
        "from sklearn.pipeline import make_pipeline\n"
        "from sklearn.preprocessing import StandardScaler\n"
        "X, y = load_wine(return_X_y=True)\n"
        "m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500, random_state=0))\n"
        "m.fit(X, y)\n"
        "modelsite.export(m, sys.argv[1], metrics={'accuracy': float(m.score(X, y))},\n"
        "                 dataset='sklearn.datasets.load_wine', seed=0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True)


CARD = """\
# A filled-in card, so the synthetic project builds like a real one (no gap warnings).
train_command: python train.py
card:
  summary: A logistic regression on the UCI wine data, next to a large copied package.
  intended_use: Benchmarking modelsite's site build.
  out_of_scope_use: Anything else.
  training_data: The UCI wine data set as shipped with scikit-learn.
  evaluation_data: The same data (training accuracy).
  limitations: Not a real model.
  ethical_considerations: None; the data describe wines.
  authors: [Bench Mark]
  license: MIT
  contact: bench@example.org
publish:
  repository: https://github.com/example/bench
"""


def _synthetic_project(name: str, package: str) -> Path:
    """`.work/build/<name>/project`: `src/<package>` copied from site-packages + a model."""
    project = BUILD_WORK / name / "project"
    stamp = project / ".complete"
    if stamp.exists():
        (project / "modelsite.yml").write_text(CARD, encoding="utf-8")
        return project
    if project.exists():
        shutil.rmtree(project)
    _copy_sources(_installed_package_dir(package), project / "src" / package)
    (project / "pyproject.toml").write_text(
        f'[project]\nname = "bench-{name}"\nversion = "0.0.1"\n'
        f'description = "Benchmark project documenting a copy of {package}."\n',
        encoding="utf-8",
    )
    (project / "modelsite.yml").write_text(CARD, encoding="utf-8")
    _export_small_model(project / "model.skops")
    stamp.write_text("", encoding="utf-8")
    return project


def _wine_project() -> Path:
    if not (EXAMPLE / "model.skops").exists():
        env = {**os.environ, "PYTHONPATH": str(EXAMPLE / "src")}
        subprocess.run(
            [sys.executable, "-m", "wine_classifier.train", "--output", "model.skops"],
            cwd=EXAMPLE,
            env=env,
            check=True,
            capture_output=True,
        )
    return EXAMPLE


CASES: dict[str, Callable[[], Path]] = {
    "wine": _wine_project,
    "mkdocs": lambda: _synthetic_project("mkdocs", "mkdocs"),
    "sklearn": lambda: _synthetic_project("sklearn", "sklearn"),
}
DESCRIPTIONS = {
    "wine": "the example project (examples/wine)",
    "mkdocs": "mid-size package (copy of mkdocs)",
    "sklearn": "scikit-learn's sources",
}


def _without_modelsite(plugins: list[Any]) -> list[Any]:
    """The plugin list minus modelsite's: its plugin, its griffe extension (docstring
    generation), its search separator; mkdocstrings' other options stay as they are."""
    out: list[Any] = []
    for plugin in plugins:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name == "modelsite":
            continue
        if name == "search":
            out.append("search")
            continue
        if name == "mkdocstrings":
            python = plugin["mkdocstrings"]["handlers"]["python"]
            options = python.get("options", {})
            options["extensions"] = [
                e for e in options.get("extensions", []) if "modelsite" not in str(e)
            ]
            if not options["extensions"]:
                del options["extensions"]
        out.append(plugin)
    return out


def plain_site(name: str, project: Path) -> Path:
    """Write the hand-written equivalent of `project` under `.work/build/NAME/plain`."""
    from modelsite.pipeline import collect_site

    return write_plain_site(collect_site(project), BUILD_WORK / name / "plain")


def write_plain_site(site: Site, work: Path) -> Path:
    """Write the hand-written equivalent into `work`: `mkdocs.yml` + `docs/` with one page per
    module of `site` (`bench_layout_build` uses it too).

    Same theme, Markdown extensions and mkdocstrings options as modelsite's zero-config build
    (taken from `modelsite.docs_tree.mkdocs_config`), without what modelsite adds: its plugin and
    pages, its griffe extension (generated docstrings), theme overrides and search separator.
    """
    from modelsite.docs_tree import config_yaml, mkdocs_config

    if work.exists():
        shutil.rmtree(work)
    docs = work / "docs"
    (docs / "reference").mkdir(parents=True)
    config = mkdocs_config(site, docs, work / "site")
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = _without_modelsite(config["plugins"])
    config["theme"].pop("custom_dir", None)  # modelsite's theme overrides
    config.pop("extra_css", None)  # modelsite's assets
    config.pop("extra_javascript", None)
    config["markdown_extensions"] = [  # modelsite's Markdown extension (inert HTML)
        e for e in config["markdown_extensions"] if "modelsite" not in str(e)
    ]
    (docs / "index.md").write_text(
        f"# {site.title}\n\nThe API reference of the project.\n", encoding="utf-8"
    )
    reference: list[Any] = []
    for module in site.code.modules:
        page = "reference/" + "/".join(module.name.split(".")) + ".md"
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(f"# `{module.name}`\n\n::: {module.name}\n", encoding="utf-8")
        reference.append({module.name: page})
    config["nav"] = [{"Home": "index.md"}, {"API reference": reference}]
    (work / "mkdocs.yml").write_text(config_yaml(config), encoding="utf-8")
    return work


def _builder_command(builder: str) -> list[str]:
    if builder == "mkdocs":
        return [which("mkdocs"), "build", "-q"]
    return [sys.executable, "-m", "zensical", "build"]


def bench_case(name: str, runs: int, warmup: int, builder: str = "mkdocs") -> list[Row]:
    project = CASES[name]()
    plain = plain_site(name, project)
    ours_out = BUILD_WORK / name / f"site-ours-{builder}"
    plain_out = plain / "site"

    def clean() -> None:
        for folder in (ours_out, plain_out, plain / ".cache"):
            shutil.rmtree(folder, ignore_errors=True)

    baseline, ours = measure_pair(
        [*_builder_command(builder), "-f", str(plain / "mkdocs.yml")],
        [which("modelsite"), "build", str(project), "-o", str(ours_out), "--builder", builder],
        runs=runs,
        warmup=warmup,
        before_each=clean,
        cwd=plain,
    )
    modules = sum(1 for _ in (plain / "docs" / "reference").rglob("*.md"))
    label = "" if builder == "mkdocs" else f" ({builder})"
    wall = Row.timed(
        f"site build{label}: {DESCRIPTIONS[name]}",
        f"plain {builder} build",
        baseline,
        "modelsite build",
        ours,
        max_ratio=GOAL,
        note=f"{modules} module pages; spread {max(baseline.spread, ours.spread):.0%}",
    )
    cpu = Row.cpu(
        f"site build, CPU time{label}: {DESCRIPTIONS[name]}",
        f"plain {builder} build",
        baseline,
        "modelsite build",
        ours,
        max_ratio=GOAL,
        note="user + system" + ("; Zensical's own worker threads included" if label else ""),
    )
    return [wall, cpu]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (median)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=1,
        help="untimed runs first (disk and template caches); not for sklearn",
    )
    parser.add_argument(
        "--case",
        action="append",
        choices=sorted(CASES),
        help="only these cases (repeatable; default: all)",
    )
    parser.add_argument(
        "--builder",
        action="append",
        choices=["mkdocs", "zensical"],
        help="only these builders (repeatable; default: both when Zensical is installed)",
    )
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--no-save", action="store_true", help="do not merge into results.json")
    args = parser.parse_args(argv)
    if args.list:
        for name in CASES:
            print(f"{name}: {DESCRIPTIONS[name]}")
        return 0
    builders = args.builder or (
        ["mkdocs", "zensical"] if importlib.util.find_spec("zensical") else ["mkdocs"]
    )
    rows = []
    for name in args.case or list(CASES):
        for builder in builders:
            print(f"building {name} with {builder} ...", file=sys.stderr, flush=True)
            # scikit-learn's builds take minutes: no warm-up pair (its inputs are in the disk
            # cache already, just copied); its first `modelsite build` compiles the templates.
            warmup = 0 if name == "sklearn" else args.warmup
            case_rows = bench_case(name, args.runs, warmup, builder)
            rows += case_rows
            if not args.no_save:
                merge_results(case_rows)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
