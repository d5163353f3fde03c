"""The whole program on one screen: collect a project into a `Site`, ready to render."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from modelsite.cache import memo, project_inputs
from modelsite.card.content import collect_cards
from modelsite.collect.code import collect_code
from modelsite.collect.metrics import attach_metrics_files
from modelsite.collect.model import read_model
from modelsite.collect.project import PRIMARY_RULE, collect_project, find_project_code
from modelsite.config import Config, load_config
from modelsite.health.info import collect_health
from modelsite.log import warn
from modelsite.progress import Progress
from modelsite.repro.info import attach_repro
from modelsite.sitemodel import ModelInfo, Site


def collect_models(root: Path, files: tuple[str, ...]) -> tuple[ModelInfo, ...]:
    models = []
    for rel in files:
        info = memo(read_model, root / rel, files=[root / rel])
        models.append(info.__class__(**{**info.__dict__, "path": rel}))
    return tuple(models)


def collect_site(root: str | Path, config: Config | None = None) -> Site:
    """Read a training project (code, models, config, metadata) into a `Site`."""
    with Progress("collecting the project", total=6) as bar:  # shown on a terminal only
        return _collect_site(Path(root), config, bar.stage)


def _collect_site(root: Path, config: Config | None, stage: Callable[[str], None]) -> Site:
    stage("configuration and metadata")
    # `memo` reuses a result while its inputs are unchanged (only inside `cache.caching`: serve)
    top = project_inputs(root)
    config = config or memo(load_config, root, files=top)
    # the code is looked for on every collection (one walk): a new module deep in a package
    # changes no file at the top
    project = memo(collect_project, root, config, find_project_code(root, config), files=top)
    stage("code")
    code_files = [root / f for f in project.code_files]
    code = memo(
        collect_code,
        root,
        project.packages,
        project.search_paths,
        project.reference_files,
        files=code_files,
    )
    stage("models")
    models = collect_models(root, project.model_files)
    models = attach_metrics_files(root, config.metrics, models)
    problems = list(code.problems)
    if not models:
        problems.append(
            f"{root}: no *.skops model file found; export one with modelsite.export() "
            "or list it under `models:` in modelsite.yml"
        )
        warn(None, problems[-1])
    elif len(models) > 1 and not config.models:
        warn(
            root / "modelsite.yml",
            f"{len(models)} models found and none configured; "
            f"`{models[0].path}` is the primary one ({PRIMARY_RULE}; set `models:` to choose)",
        )
    stage("code health")
    site = Site(
        project=project,
        config=config,
        code=code,
        models=models,
        problems=tuple(problems),
        health=memo(collect_health, project, code, files=[*code_files, *top]),
    )
    stage("reproducibility")
    # the randomness audit reads the code; citation, lock files and git state sit at the top
    site = memo(attach_repro, site, files=[*code_files, *top])
    stage("model cards")
    return dataclasses.replace(site, cards=memo(collect_cards, site))


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
