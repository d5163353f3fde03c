"""Gather what the `/reproduce/`, `/docker/` and `/cite/` pages (and the checklist) show.

`attach_repro(site)` is the one call the pipeline makes: it returns the site with `repro`
filled and the citation's BibTeX and formatted reference added. Gaps (no requirements, no
GitHub remote, an invalid CITATION.cff, no Dockerfile) become located warnings and are stated
on the pages; none of them stops the build.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from modelsite import escape
from modelsite.collect.training import find_train_command
from modelsite.config import read_pyproject
from modelsite.errors import InputError
from modelsite.log import warn
from modelsite.repro import citation as cite
from modelsite.repro import docker
from modelsite.repro.checklist import (
    ChecklistItem,
    ReviewChecklist,
    build_checklist,
    review_checklists,
)
from modelsite.repro.environment import PINNED_FILE, EnvironmentInfo, pinned_environment
from modelsite.repro.provenance import RECORDED, find_provenance
from modelsite.repro.randomness import RandomnessAudit, audit_randomness
from modelsite.sitemodel import ModelInfo, Site

LOAD_PACKAGES = ("numpy", "scipy", "scikit-learn", "skops")
"""What loading a `.skops` file needs (pinned in "Get the model" when recorded)."""


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of the reproduction script: a comment and the shell lines that do it."""

    title: str
    commands: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ReproInfo:
    environment: EnvironmentInfo
    randomness: RandomnessAudit
    train_command: str = ""
    train_command_source: str = ""
    """`modelsite.yml`, `the model file` (recorded at export), where the project states it
    (`Makefile, target train`, `dvc.yaml, stage train`...), or `""`."""
    train_command_detail: str = ""
    """What the project states at that place when it is not the command itself (a recipe)."""
    commit: str = ""
    """The commit the steps check out: recorded in the model file, else the last one that
    changed it (`commit_source`); never the current checkout as such."""
    commit_source: str = ""
    """`the model file`, `git log`, or `""`."""
    commit_notes: tuple[str, ...] = ()
    """What is known about the model's commit and its file in git (see `repro.provenance`)."""
    model_file_state: str = ""
    """`untracked`, `modified` or `""` (committed and unchanged, or no git work tree)."""
    dirty: bool = False
    clone_url: str = ""
    clone_dir: str = ""
    source_base: str = ""
    """`https://github.com/o/r/blob/<commit>/<prefix>`: prepend to a project-relative path."""
    model_url: str = ""
    model_url_configured: bool = False
    """True when `publish.model_url` is set (else the URL follows the release-asset convention)."""
    model_tracked: bool = False
    data_fingerprint: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    has_sample: bool = False
    trust: tuple[str, ...] = ()
    """Types the reader must trust to load the model (shown for review before use)."""
    steps: tuple[Step, ...] = ()
    image: str = ""
    image_ref: str = ""
    image_published: bool = False
    """True when something builds and pushes `image` (see `image_source`); only then does a
    page show `docker pull`."""
    image_source: str = ""
    """What publishes the image: `publish.image` in modelsite.yml, or a workflow that pushes."""
    image_has_modelsite: bool = False
    """Does the image install modelsite (the generated Dockerfile does; a project's own
    Dockerfile only if it installs it), so that `modelsite verify` runs in it?"""
    dockerfile_command: str = ""
    """The default command the project's own Dockerfile states (`ENTRYPOINT` + `CMD`)."""
    build_tag: str = "model"
    """A local tag for `docker build -t TAG .`."""
    docker_commands: Mapping[str, str] = dataclasses.field(default_factory=dict)
    dockerfile: str = ""
    """The project's Dockerfile, else the one `modelsite init` would write."""
    dockerfile_generated: bool = False
    base_image: str = ""
    citation_problems: tuple[str, ...] = ()
    doi_badge: tuple[str, str] = ("", "")
    checklist: tuple[ChecklistItem, ...] = ()
    review: tuple[ReviewChecklist, ...] = ()
    """NeurIPS items 4-8 and REFORMS module 2 (`/reproduce/`, LaTeX card)."""
    warnings: tuple[str, ...] = ()

    @property
    def load_install(self) -> str:
        """The install line of the "Get the model" snippet: the packages loading the model needs,
        at the versions recorded (each source in a comment), or `""` when none is recorded."""
        pins = [
            p for p in self.environment.pins if p.pinned and p.name in LOAD_PACKAGES and p.source
        ]
        if not any(p.name == "scikit-learn" for p in pins):
            return ""
        lines = [f"# {p.spec}: {p.origin.replace('`', '')}" for p in pins]
        lines.append("pip install " + " ".join(shlex.quote(p.spec) for p in pins))
        return "\n".join(lines)

    @property
    def script(self) -> str:
        """The steps as one shell script (what the page shows and the e2e test runs)."""
        blocks = []
        for i, step in enumerate(self.steps, 1):
            blocks.append("\n".join([f"# {i}. {step.title}", *step.commands]))
        return "\n\n".join(blocks) + "\n"

    @staticmethod
    def inline(text: str) -> Markup:
        """modelsite's own messages for a Markdown page: `code` spans as code, the rest escaped."""
        return inline(text)

    def source_url(self, file: str, line: int | None = None) -> str:
        if not self.source_base:
            return ""
        return self.source_base + file + (f"#L{line}" if line else "")


def inline(text: str) -> Markup:
    """Escape `text` for inline Markdown, rendering backtick spans as code spans."""
    out = []
    for part in re.split(r"(`[^`]+`)", str(text)):
        if len(part) > 1 and part.startswith("`") and part.endswith("`"):
            out.append(str(escape.code(part[1:-1])))
        elif part:
            lead = " " if part[0].isspace() else ""
            trail = " " if part[-1].isspace() and part.strip() else ""
            out.append(lead + str(escape.md(part)) + trail)
    return Markup("".join(out))


def _recorded_command(model: ModelInfo | None) -> str:
    """The training command recorded at export (one line of text), or `""`."""
    if model is None:
        return ""
    command = model.provenance.get("command") or ""
    if isinstance(command, (list, tuple)):
        command = shlex.join(str(c) for c in command)
    return safe_command(str(command))


def safe_command(command: str) -> str:
    """The command if it is one line of printable text, else `""` (the model file is untrusted:
    a line break would add commands to the steps, the Dockerfile or the workflow)."""
    return command if command.isprintable() and len(command) <= 1000 else ""


def flatten_fingerprint(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"test X sha256": "...", "test X shape": [45, 13], "dataset": ...}` from nested data
    fingerprints; column lists and dtype maps are left out (they are long, the hash covers them).
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix} {key}".strip()
        if isinstance(value, Mapping):
            if key != "dtypes":
                out.update(flatten_fingerprint(value, name))
        elif key != "columns":
            out[name] = value
    return out


def _sample(model: ModelInfo | None) -> Mapping[str, Any]:
    if model is None:
        return {}
    sample = model.evaluation.get("sample")
    return sample if isinstance(sample, Mapping) else {}


def collect_repro(site: Site) -> ReproInfo:
    project, config, model = site.project, site.config, site.model
    root = project.root
    warnings: list[str] = []

    env = pinned_environment(project, model)
    for message in env.warnings:
        warnings.append(message)
        warn(root / (project.requirements_file or "requirements.txt"), message)

    command = _recorded_command(model)
    if model is not None and model.provenance.get("command") and not command:
        warn(
            root / model.path,
            "the recorded training command is not one line of text; "
            "left out (set `train_command` in modelsite.yml)",
        )
    origin = find_provenance(root, model)
    commit, dirty, commit_source = origin.commit, origin.dirty, origin.source
    for message in origin.warnings:
        warnings.append(message)
        warn(root / (model.path if model else ""), message)
    if dirty:
        warn(
            root / (model.path if model else ""),
            "exported from a working tree with "
            "uncommitted changes: the recorded commit may not reproduce the model",
        )
        warnings.append(
            "the working tree had uncommitted changes when the model was made: "
            "the recorded commit may not reproduce it"
        )
    train_command, train_source, train_detail = _train_command(site, command)
    if not train_command:
        warnings.append(
            "no training command: none recorded in the model, none found in a Makefile, "
            "`dvc.yaml`, `[project.scripts]`, `train.py` or a module's `__main__`, and no "
            "`train_command` in modelsite.yml"
        )
        warn(root / "modelsite.yml", warnings[-1])

    audit = audit_randomness(
        root,
        project.packages,
        project.search_paths,
        model_seeds(model) if model else {},
        model.params if model else {},
        files=project.code_files,
        train_command=train_command,
    )
    for problem in audit.problems:
        warn(None, f"{root}/{problem}")
    for rel in audit.unaudited:
        warn(root / rel, "training code not audited for randomness (not a Python file here)")

    web = project.git.web_url
    if not web:
        message = (
            "no GitHub remote"
            if not project.git.remote_url
            else f"git remote `{public_remote(project.git.remote_url)}` is not on a known forge"
        )
        message += (
            ": no clone URL, source links or ghcr.io image name; set "
            "`publish.repository` in modelsite.yml"
        )
        warnings.append(message)
        warn(root / "modelsite.yml", message)
    elif not project.git.is_github:
        message = (
            f"git remote on {project.git.host}, not GitHub: no ghcr.io image name and no "
            "GitHub workflows (set `publish.image` in modelsite.yml)"
        )
        warnings.append(message)
        warn(root / "modelsite.yml", message)
    prefix = project.git.prefix
    ref = commit or project.git.branch or "HEAD"
    source_base = f"{web}/blob/{ref}/{prefix}" if web else ""
    # the forge's address, never the raw remote: it may carry a token (`https://TOKEN@host/...`)
    clone_url = web + ".git" if web else public_remote(project.git.remote_url)
    clone_dir = project.git.repo or project.name

    model_path = model.path if model else ""
    model_tracked = bool(origin.file_commit)  # committed, and unchanged since
    model_url = config.publish.model_url
    if not model_url and model and project.git.is_github and project.version:
        model_url = f"{web}/releases/download/v{project.version}/{Path(model_path).name}"

    trust = tuple(dict.fromkeys([*(model.untrusted_types if model else ()), *config.trust]))
    image = (config.publish.image or project.image).lower()  # registries want lower case
    base, base_warning = docker.base_image(config.publish.base_image, env)
    if base_warning:
        warnings.append(base_warning)
        warn(root / "modelsite.yml", base_warning)
    # an image is published only when something builds and pushes it
    workflow = docker.pushing_workflow(root) if project.dockerfile else ""
    if config.publish.image:
        image_source = "`publish.image` in modelsite.yml"
    elif workflow and image:
        image_source = f"`{workflow}` builds the `Dockerfile` and pushes it"
    else:
        image_source = ""
    own_text = project.dockerfile_text if project.dockerfile else ""
    has_modelsite = bool(own_text) and (
        own_text.startswith(docker.GENERATED_MARK) or docker.installs_modelsite(own_text)
    )
    if project.dockerfile:
        dockerfile, generated = project.dockerfile_text, False
    else:
        dockerfile = docker.dockerfile_text(
            project, env, base=base, repository=web, train_command=train_command
        )
        generated = True

    problems: tuple[str, ...] = ()
    cff = cite.load_cff(root / "CITATION.cff")
    if cff is not None:
        problems = tuple(cite.validate_cff(cff))
        for problem in problems:
            warn(root / "CITATION.cff", problem)
    citation = project.citation

    steps = _steps(
        env,
        commit=commit,
        commit_source=commit_source,
        clone_url=clone_url,
        clone_dir=clone_dir,
        train_command=train_command,
        train_source=train_source,
        model_path=model_path,
        model_file_commit=origin.file_commit,
        prefix=prefix,
        model_url=model_url,
        trust=trust,
        installable=docker.installable(project),
        search_paths=project.search_paths,
    )
    repro = ReproInfo(
        environment=env,
        randomness=audit,
        train_command=train_command,
        train_command_source=train_source,
        train_command_detail=train_detail,
        commit=commit,
        commit_source=commit_source,
        commit_notes=origin.notes,
        model_file_state=origin.file_state,
        dirty=dirty,
        clone_url=clone_url,
        clone_dir=clone_dir,
        source_base=source_base,
        model_url=model_url,
        model_url_configured=bool(config.publish.model_url),
        model_tracked=model_tracked,
        data_fingerprint=flatten_fingerprint(model.data) if model else {},
        has_sample=bool(_sample(model)),
        trust=trust,
        steps=steps,
        image=image,
        image_ref=docker.image_tag(image, project.version) if image else "",
        image_published=bool(image_source),
        image_source=image_source,
        image_has_modelsite=has_modelsite or (bool(config.publish.image) and not own_text),
        dockerfile_command=docker.default_command(own_text) if own_text else "",
        docker_commands=docker.run_commands(
            image if image_source else "",
            project.version,
            train_command=train_command,
            model_path=model_path,
            trust=trust,
            verify=has_modelsite or (bool(config.publish.image) and not own_text),
        ),
        build_tag=re.sub(r"[^a-z0-9._-]+", "-", clone_dir.lower()).strip("-.") or "model",
        dockerfile=dockerfile,
        dockerfile_generated=generated,
        base_image=base,
        citation_problems=problems,
        doi_badge=cite.doi_badge(citation.doi) if citation and citation.doi else ("", ""),
        warnings=tuple(warnings),
    )
    items = build_checklist(site, repro)
    return dataclasses.replace(repro, checklist=items, review=review_checklists(site, repro, items))


def public_remote(url: str) -> str:
    """`url` without the user and password of an `http(s)://` remote (a token lives there); an
    SSH user name (`git@`, `ssh://git@`) is kept: it is no secret."""
    return re.sub(r"^(https?://)[^/@]*@", r"\1", url.strip(), flags=re.IGNORECASE)


def model_seeds(model: ModelInfo) -> dict[str, Any]:
    """Every seed the model file holds: each `random_state` of `get_params`, the `seed` and
    `random_seed` parameters of other libraries' estimators (xgboost, lightgbm, catboost), and
    `random_state` of objects outside `get_params` (marked `(not a parameter)`)."""
    seeds = dict(model.seeds)
    for key, value in model.params.items():
        prefix, _, last = key.rpartition("__")
        sibling = f"{prefix}__random_state" if prefix else "random_state"
        if last in {"seed", "random_seed"} and (value is not None or sibling not in seeds):
            seeds[key] = value  # an unset alias beside a `random_state` seeds nothing
    for key, value in model.other_seeds.items():
        if key not in seeds:
            seeds[f"{key} (not a parameter)"] = value
    return seeds


def _train_command(site: Site, recorded: str) -> tuple[str, str, str]:
    """`(command, source, detail)`: `train_command` in modelsite.yml, else the command the model
    file records, else the one the project states (Makefile, dvc.yaml, scripts, `__main__`)."""
    project, config = site.project, site.config
    configured = safe_command(config.train_command or project.train_command)
    if configured:
        return configured, "modelsite.yml", ""
    if recorded:
        return recorded, "the model file", ""
    root = project.root
    pyproject_path = root / "pyproject.toml"
    try:
        pyproject = read_pyproject(pyproject_path) if pyproject_path.is_file() else {}
    except InputError:
        pyproject = {}
    found = find_train_command(
        root,
        packages=project.packages,
        search_paths=project.search_paths,
        pyproject=pyproject,
        model_path=site.model.path if site.model else "",
    )
    if found is None:
        return "", "", ""
    return safe_command(found.command), found.source, found.detail


def _steps(
    env: EnvironmentInfo,
    *,
    commit: str,
    commit_source: str,
    clone_url: str,
    clone_dir: str,
    train_command: str,
    train_source: str,
    model_path: str,
    model_file_commit: str,
    prefix: str,
    model_url: str,
    trust: tuple[str, ...],
    installable: bool,
    search_paths: tuple[str, ...],
) -> tuple[Step, ...]:
    steps = []
    if clone_url:
        get = [
            f"git clone {shlex.quote(clone_url)} {shlex.quote(clone_dir)}",
            f"cd {shlex.quote(clone_dir)}",
        ]
        if commit:
            get.append(f"git checkout {commit}")
        if commit_source == RECORDED:
            title = "Get the code at the commit the model file records"
        elif commit:
            title = (
                "Get the code at the last commit that changed the model file "
                "(the file records no commit)"
            )
        else:
            title = "Get the code (no commit is known for the model: the default branch)"
        steps.append(Step(title=title, commands=tuple(get)))
    else:
        steps.append(
            Step(
                title="Get the code (no repository URL is known: start from a copy "
                "of the project folder)",
                commands=(),
            )
        )
    python = f"python{env.python_minor}" if env.python_minor else "python3"
    if env.python:
        where = re.sub(r"`([^`]*)`", r"\1", env.python_source)
        title = f"Create an environment with Python {env.python} ({where})"
    else:
        title = "Create an environment with Python 3 (version not recorded)"
    steps.append(
        Step(
            title=title,
            commands=(f"{python} -m venv .venv", ". .venv/bin/activate"),
        )
    )
    install = [
        f"cat > {PINNED_FILE} <<'EOF'",
        *(p.line for p in env.pins),
        "EOF",
        f"python -m pip install -r {PINNED_FILE}",
        "# modelsite is not on the package index yet: set MODELSITE to a checkout or a "
        "git+https:// URL; the pins constrain it (pip stops rather than change one)",
        f"python -m pip install -c {PINNED_FILE} "
        f'"${{MODELSITE:-{docker.modelsite_requirement(env)}}}"',
    ]
    if installable:
        install.append("python -m pip install --no-deps .")
    elif search_paths:
        install.append(
            "export PYTHONPATH=" + ":".join(f"$PWD/{p}".rstrip("/.") for p in search_paths)
        )
    steps.append(
        Step(
            title="Install the pinned dependencies, modelsite and the project",
            commands=tuple(install),
        )
    )
    steps.append(
        Step(
            title="Fix hash seed and thread counts",
            commands=("export " + " ".join(f"{k}={v}" for k, v in docker.REPRO_ENV.items()),),
        )
    )
    if model_path:
        if model_file_commit:
            # the checkout above may predate the file: take it from the commit that holds it
            where = shlex.quote(f"{model_file_commit}:{prefix}{model_path}")
            keep = f"git show {where} > published.skops"
        elif model_url:
            keep = f"curl -fsSL -o published.skops {shlex.quote(model_url)}"
        else:
            keep = "# copy the published model file here as published.skops"
        steps.append(Step(title="Keep the published model to compare against", commands=(keep,)))
    if train_command:
        where = (
            "the recorded command"
            if train_source == "the model file"
            else f"the training command from {train_source}"
        )
        steps.append(Step(title=f"Retrain with {where}", commands=(train_command,)))
    else:
        steps.append(
            Step(title="Retrain (no training command is known: see the README)", commands=())
        )
    if model_path:
        steps.append(
            Step(
                title="Verify: parameters and predictions on the embedded sample must match",
                commands=(
                    f"modelsite verify published.skops --model {shlex.quote(model_path)}"
                    + docker.trust_flags(trust),
                ),
            )
        )
    return tuple(steps)


def attach_repro(site: Site) -> Site:
    """The site with `repro` filled and BibTeX/APA added to the project's citation."""
    citation = site.project.citation
    if citation is not None:
        cff = cite.load_cff(site.project.root / "CITATION.cff")
        citation = cite.with_references(citation, cff)
        site = dataclasses.replace(
            site, project=dataclasses.replace(site.project, citation=citation)
        )
    return dataclasses.replace(site, repro=collect_repro(site))
