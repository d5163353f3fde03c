"""The whole program on one screen: collect a project into a `Site`, ready to render.

Each collector returns its result with the problems it found (`log.collecting`); `memo` keeps
both, so a result reused by `serve` brings its problems again, and the pipeline reports every
problem of the site once, at the end.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from modelsite.cache import memo, project_inputs
from modelsite.collect.code import collect_code
from modelsite.collect.metrics import attach_metrics_files
from modelsite.collect.model import read_model
from modelsite.collect.project import PRIMARY_RULE, collect_project, find_project_code
from modelsite.config import Config, load_config
from modelsite.health.measure import collect_health
from modelsite.log import collecting, located, report
from modelsite.pagefacts import attach_pages
from modelsite.progress import Progress
from modelsite.repro.gather import attach_repro
from modelsite.sitemodel import ModelInfo, Site

T = TypeVar("T")


def _with_problems(fn: Callable[..., T], *args: Any) -> tuple[T, list[str]]:
    problems: list[str] = []
    with collecting(problems):
        return fn(*args), problems


class _Problems:
    """The problems of one collection, in the order found."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def run(self, fn: Callable[..., T], *args: Any, files: list[Path] | None = None) -> T:
        """`fn(*args)` through the memo (`files`: what it reads; `None`: not memoised)."""
        if files is None:
            value, problems = _with_problems(fn, *args)
        else:
            value, problems = memo(_with_problems, fn, *args, files=files)
        self.found += problems
        return value


def collect_models(root: Path, files: tuple[str, ...]) -> tuple[ModelInfo, ...]:
    models = []
    for rel in files:
        info = memo(read_model, root / rel, files=[root / rel])
        models.append(info.__class__(**{**info.__dict__, "path": rel}))
    return tuple(models)


def collect_site(root: str | Path, config: Config | None = None) -> Site:
    """Read a training project (code, models, config, metadata) into a `Site`; report its
    problems (located warnings) once."""
    with Progress("collecting the project", total=6) as bar:  # shown on a terminal only
        site = _collect_site(Path(root), config, bar.stage)
    report(site.problems)
    return site


def _collect_site(root: Path, config: Config | None, stage: Callable[[str], None]) -> Site:
    found = _Problems()
    stage("configuration and metadata")
    # `memo` reuses a result while its inputs are unchanged (only inside `cache.caching`: serve)
    top = project_inputs(root)
    config = config or found.run(load_config, root, files=top)
    # the code is looked for on every collection (one walk): a new module deep in a package
    # changes no file at the top
    layout = found.run(find_project_code, root, config)
    project = found.run(collect_project, root, config, layout, files=top)
    stage("code")
    code_files = [root / f for f in project.code_files]
    code = found.run(
        collect_code,
        root,
        project.packages,
        project.search_paths,
        project.reference_files,
        files=code_files,
    )
    stage("models")
    models = collect_models(root, project.model_files)
    models = found.run(attach_metrics_files, root, config.metrics, models)
    if not models:
        found.found.append(
            f"{root}: no *.skops model file found; export one with modelsite.export() "
            "or list it under `models:` in modelsite.yml"
        )
    elif len(models) > 1 and not config.models:
        found.found.append(
            located(
                root / "modelsite.yml",
                f"{len(models)} models found and none configured; "
                f"`{models[0].path}` is the primary one ({PRIMARY_RULE}; set `models:` to choose)",
            )
        )
    stage("code health")
    health = found.run(collect_health, project, code, files=[*code_files, *top])
    site = Site(project=project, config=config, code=code, models=models, health=health)
    stage("reproducibility")
    # the randomness audit reads the code; citation, lock files and git state sit at the top
    site = found.run(attach_repro, site, files=[*code_files, *top])
    stage("model cards")
    site, card_problems = memo(attach_pages, site)
    found.found += card_problems
    return dataclasses.replace(site, problems=tuple(dict.fromkeys(found.found)))


def site_inputs(site: Site) -> list[Path]:
    """What a build of `site` reads, which its output folder must not hold: the configuration,
    metadata, the model files, the code and the template folder."""
    root = site.project.root
    paths = [root / m for m in site.project.model_files]
    paths += [root / f for f in site.project.code_files]
    if site.config.templates:
        paths.append(root / site.config.templates)
    paths += [root / name for name in site.config.metrics]
    paths += [root / name for name in ("modelsite.yml", "pyproject.toml", "CITATION.cff")]
    return [p for p in paths if p.exists()]
