"""`modelsite init`: write the files a published model needs, never overwriting one.

Each file comes from one writer in `WRITERS`, a `(relative path, render)` pair where
`render(context)` returns the file's text (or `None` to skip it). Everything is rendered first,
then each absent file is created atomically and exclusively (temporary file + hard link), so a
file that exists, or appears meanwhile, is kept as it is. To add a file, append a writer:

    WRITERS.append((".pre-commit-config.yaml", lambda ctx: my_text(ctx.site.project)))
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from modelsite.config import CONFIG_FILE, CardText
from modelsite.errors import InputError
from modelsite.health import precommit
from modelsite.output import new_file_mode, write_atomic
from modelsite.repro import citation, docker, workflows
from modelsite.repro.environment import PINNED_FILE
from modelsite.sitemodel import Site


@dataclass(frozen=True, kw_only=True)
class InitContext:
    """What writers see: the collected site (with `site.repro`) and the project root."""

    root: Path
    site: Site


@dataclass(frozen=True)
class InitResult:
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


Writer = tuple[str, Callable[[InitContext], "str | None"]]

# What each card field asks for (the TODO text in the generated modelsite.yml).
CARD_PROMPTS = {
    "model_name": "a short name for the model",
    "version": "the model's version (defaults to the project version)",
    "summary": "one paragraph: what the model does and how well",
    "intended_use": "who should use the model, for what",
    "out_of_scope_use": "uses the model is not suited for",
    "training_data": "the data the model was fit on: source, size, preprocessing, split",
    "evaluation_data": "the data the metrics were computed on",
    "limitations": "known failure modes, biases, small-sample caveats",
    "ethical_considerations": "risks to people, privacy, fairness",
    "authors": "people who made the model (a list)",
    "license": "the model's licence (SPDX id, e.g. MIT)",
    "contact": "an e-mail address or URL for questions",
    "datasets": "dataset identifiers (a list, e.g. Hugging Face dataset ids)",
    "tags": "keywords (a list)",
}


def _yaml_list_field(name: str) -> bool:
    default = {f.name: f for f in dataclasses.fields(CardText)}[name]
    return default.default_factory is not dataclasses.MISSING or isinstance(default.default, tuple)


def config_text(ctx: InitContext) -> str | None:
    """`modelsite.yml` with every card field as commented TODO text; `None` when the project
    configures modelsite in `pyproject.toml` (a modelsite.yml would shadow that section)."""
    site = ctx.site
    if site.config.source.endswith("[tool.modelsite]"):
        return None
    repro = site.repro
    lines = [
        "# modelsite configuration. Every key is optional; unfilled card fields are shown on the",
        "# site as clearly marked gaps (and `modelsite build --strict` fails on them).",
        "# Uncomment a line and replace the TODO text.",
        "",
    ]
    command = (repro.train_command if repro else "") or site.config.train_command
    source = repro.train_command_source if repro else ""
    if command and source not in ("", "the model file", "modelsite.yml"):
        lines.append(
            f"# train_command: {_yaml(command)}  # found in {source}; uncomment to fix it here"
        )
    elif command:
        lines.append(f"train_command: {_yaml(command)}")
    else:
        lines.append(
            '# train_command: "python -m mypackage.train"  # TODO: how the model is trained'
        )
    lines += ["", "card:"]
    for f in dataclasses.fields(CardText):
        prompt = CARD_PROMPTS.get(f.name, f.name.replace("_", " "))
        if f.name == "license" and site.project.license:
            source = site.project.sources.get("license", "")
            lines.append(
                f"  # license: {_yaml(site.project.license)}  # stated in {source}, used as it is"
            )
        elif _yaml_list_field(f.name):
            lines.append(f'  # {f.name}: ["TODO: {prompt}"]')
        else:
            lines.append(f'  # {f.name}: "TODO: {prompt}"')
    lines += ["", "publish:"]
    repo = site.project.repository_url
    lines.append(
        f"  # repository: {_yaml(repo or 'https://github.com/OWNER/REPO')}"
        + ("" if repo else "  # TODO: where the code is published")
    )
    lines.append(f"  # image: {_yaml((repro.image if repro else '') or 'ghcr.io/owner/repo')}")
    lines.append(f"  # base_image: {_yaml(docker.DEFAULT_BASE_IMAGE)}")
    lines.append('  # model_url: "TODO: where readers download the model file (a release asset)"')
    if repro and repro.trust:
        lines += [
            "",
            "# Types `modelsite verify` may trust when it loads the model. Review each one",
            "# (they run code when the model is loaded) before uncommenting:",
            "# trust:",
        ]
        lines += [f"#   - {_yaml(t)}" for t in repro.trust]
    return "\n".join(lines) + "\n"


def _yaml(text: str) -> str:
    from modelsite.escape import yaml_str

    return str(yaml_str(text))


def dockerfile(ctx: InitContext) -> str | None:
    repro = ctx.site.repro
    return repro.dockerfile if repro and repro.dockerfile_generated else None


def pinned_requirements(ctx: InitContext) -> str | None:
    repro = ctx.site.repro
    if repro is None:
        return None
    env = repro.environment
    head = [f"# Pinned by `modelsite init` from {env.source or 'nothing: no requirements found'}."]
    if env.python:
        head.append(f"# Python {env.python} ({env.python_source.replace('`', '')}).")
    if env.unpinned:
        head.append(
            "# Not pinned (no version recorded): " + ", ".join(p.name for p in env.unpinned)
        )
    if not env.pins:
        head.append("# TODO: list the packages the training code needs, one per line, with ==.")
    return "\n".join(head) + "\n" + env.pinned_text


def pages_yml(ctx: InitContext) -> str:
    site, repro = ctx.site, ctx.site.repro
    assert repro is not None
    env = repro.environment
    return workflows.pages_workflow(
        python=env.python_minor or docker.DEFAULT_PYTHON,
        model_path=site.model.path if site.model else "",
        train_command=repro.train_command,
        modelsite_spec=docker.modelsite_requirement(env),
        installable=docker.installable(site.project),
        branch=site.project.git.branch if site.project.git.branch not in ("", "HEAD") else "main",
        builder=site.config.builder,
    )


def container_yml(ctx: InitContext) -> str:
    repro = ctx.site.repro
    return workflows.container_workflow(image=repro.image if repro else "")


def citation_cff(ctx: InitContext) -> str | None:
    return citation.cff_text(ctx.site.project)


def dockerignore(ctx: InitContext) -> str:
    return "\n".join(
        [
            "# Written by `modelsite init`: keep the image small and free of local state.",
            ".git",
            ".venv",
            "venv",
            "site",
            "build",
            "dist",
            "**/__pycache__",
            "*.egg-info",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            "",
        ]
    )


WRITERS: list[Writer] = [
    (CONFIG_FILE, config_text),
    ("Dockerfile", dockerfile),
    (".dockerignore", dockerignore),
    (PINNED_FILE, pinned_requirements),
    (".github/workflows/pages.yml", pages_yml),
    (".github/workflows/container.yml", container_yml),
    ("CITATION.cff", citation_cff),
    (precommit.FILE_NAME, precommit.init_writer),
]
"""Every file `modelsite init` writes, in order. Other features append their writers here."""


def _create(path: Path, text: str, *, force: bool) -> bool:
    """Write `text` to `path` atomically; without `force`, only if `path` does not exist."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if force:
        write_atomic(path, text)
        return True
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            os.chmod(tmp, new_file_mode())
            fh.write(text)
        os.link(tmp, path)  # fails if the file exists (or appeared meanwhile): never overwrite
        return True
    except FileExistsError:
        return False
    finally:
        Path(tmp).unlink(missing_ok=True)


def _refuse_outside(target: Path, root: Path) -> None:
    """Refuse a target that a symlink (`.github -> /elsewhere`, or the file itself) puts outside
    the project, before anything is written."""
    inside = root.resolve()
    here = target
    while not here.exists() and not here.is_symlink() and here != root:
        here = here.parent
    if not here.resolve().is_relative_to(inside):
        link = next((p for p in (target, *target.parents) if p.is_symlink() and p != root), here)
        raise InputError(
            link,
            f"is a symlink to {link.resolve()}; `init` writes only inside the project, "
            "nothing was written",
        )


def init_project(root: Path, *, force: bool = False) -> InitResult:
    """Write modelsite.yml, Dockerfile, pinned requirements, workflows and CITATION.cff.

    Existing files are kept (listed in `.kept`) unless `force`; written ones are in `.created`.
    """
    from modelsite.pipeline import collect_site

    root = Path(root)
    if not root.is_dir():
        raise InputError(root, "not a folder; give the path of a training project")
    for rel, _ in WRITERS:
        _refuse_outside(root / rel, root)  # before any work, so nothing is half-written
    ctx = InitContext(root=root, site=collect_site(root))
    rendered: list[tuple[Path, str]] = []
    result = InitResult()
    for rel, render in WRITERS:
        target = root / rel
        if target.exists() and not force:
            result.kept.append(target)
            continue
        text = render(ctx)
        if text is not None:
            rendered.append((target, text))
    for target, text in rendered:
        (result.created if _create(target, text, force=force) else result.kept).append(target)
    return result
