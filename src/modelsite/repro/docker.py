"""The Dockerfile `modelsite init` writes, and the commands the `/docker/` page shows.

The image a reviewer would approve: a base image pinned by digest (a documented default,
overridable with `publish.base_image`), dependencies from the pinned requirements file, a
non-root user, `PYTHONHASHSEED` and BLAS/OpenMP thread counts fixed, OCI labels for the source
and the revision, and a default command that verifies the model in the image.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from modelsite.repro.environment import PINNED_FILE, EnvironmentInfo
from modelsite.sitemodel import ProjectInfo

DEFAULT_PYTHON = "3.11"
# The official `python:3.11-slim` image (multi-platform index) pinned by digest. Override it
# with `publish.base_image` in modelsite.yml (find the current digest with
# `docker buildx imagetools inspect python:3.11-slim`).
DEFAULT_BASE_IMAGE = (
    "python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7"
)
# Thread counts and hash seed fixed in the image, on the reproduce page and in the workflows.
REPRO_ENV = {
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}


def _label(value: str) -> str:
    """A Dockerfile LABEL value: a JSON string with `$` escaped (no variable expansion)."""
    return json.dumps(value).replace("$", "\\$")


def base_image(configured: str, env: EnvironmentInfo) -> tuple[str, str]:
    """`(image, warning)`: the configured base image, else the pinned default for the Python
    the model was trained with (a tag without digest, and a warning, for other Pythons)."""
    if configured:
        if "@sha256:" not in configured:
            return configured, (
                f"publish.base_image `{configured}` is not pinned by digest "
                "(`name:tag@sha256:...`): the image can change under you"
            )
        return configured, ""
    minor = env.python_minor
    if not minor or minor == DEFAULT_PYTHON:
        return DEFAULT_BASE_IMAGE, ""
    image = f"python:{minor}-slim"
    return image, (
        f"no pinned digest known for `{image}` (Python {env.python}, {env.python_source}); "
        f"set publish.base_image to `{image}@sha256:<digest>`"
    )


def modelsite_requirement(env: EnvironmentInfo) -> str:
    """How modelsite itself is installed (it is not on the package index: override with a path
    or `git+https://...` URL through the `MODELSITE` variable/build argument)."""
    return f"modelsite=={env.modelsite_version}"


def installable(project: ProjectInfo) -> bool:
    """Can the project's own package be installed with `pip install .`?"""
    root = project.root
    return (root / "pyproject.toml").is_file() or (root / "setup.py").is_file()


def dockerfile_text(
    project: ProjectInfo, env: EnvironmentInfo, *, base: str, repository: str, train_command: str
) -> str:
    """The generated Dockerfile (hadolint clean)."""
    title = project.title or project.name
    labels = [
        f"org.opencontainers.image.title={_label(title)}",
        f"org.opencontainers.image.source={_label(repository or 'unknown')}",
        "org.opencontainers.image.revision=$REVISION",
    ]
    if project.version:
        labels.append(f"org.opencontainers.image.version={_label(project.version)}")
    if project.license:
        labels.append(f"org.opencontainers.image.licenses={_label(project.license)}")
    env_lines = [f"{k}={v}" for k, v in REPRO_ENV.items()]
    env_lines += [
        "PYTHONDONTWRITEBYTECODE=1",
        "PYTHONUNBUFFERED=1",
        "PIP_NO_CACHE_DIR=1",
        "PIP_DISABLE_PIP_VERSION_CHECK=1",
    ]
    lines = [
        f"{GENERATED_MARK}: review it and keep it under version control.",
        "# Rebuild the model in a fixed environment, or verify the model the image ships:",
        '#   docker build --build-arg REVISION="$(git rev-parse HEAD)" -t model .',
        "#   docker run --rm model                      # verify the model (default command)",
    ]
    if train_command:
        lines.append(f"#   docker run --rm model {train_command}   # retrain")
    lines += [
        "",
        "# Base image pinned by digest; change it with `publish.base_image` in modelsite.yml.",
        f"FROM {base}",
        "",
        "ARG REVISION=unknown",
        "LABEL " + " \\\n      ".join(labels),
        "",
        "# Fixed hash seed and thread counts: floating-point sums happen in the same order.",
        "ENV " + " \\\n    ".join(env_lines),
        "",
        "RUN useradd --create-home --uid 10001 --user-group app",
        "WORKDIR /home/app/project",
        "",
        f"# Dependencies from {PINNED_FILE} (`modelsite init` writes it), each with its source:",
        *(f"#   {pin.line}" for pin in env.pins),
        f"COPY {PINNED_FILE} ./",
        f"RUN pip install --no-cache-dir -r {PINNED_FILE}",
        "",
        "# modelsite (exports and verifies the model). It is not on the package index yet:",
        "# pass --build-arg MODELSITE=git+https://... or a local path to install it from source.",
        f"ARG MODELSITE={modelsite_requirement(env)}",
        "# The version is pinned in the ARG above, which hadolint cannot see through.",
        "# hadolint ignore=DL3013",
        f'RUN pip install --no-cache-dir -c {PINNED_FILE} "$MODELSITE"',
        "",
        "COPY --chown=app:app . .",
    ]
    if installable(project):
        lines.append("RUN pip install --no-cache-dir --no-deps .")
    elif project.search_paths:
        paths = ":".join(f"/home/app/project/{p}".rstrip("/.") for p in project.search_paths)
        lines.append(f"ENV PYTHONPATH={paths}")
    lines += [
        "",
        "USER 10001:10001",
        'CMD ["modelsite", "verify", "."]',
        "",
    ]
    return "\n".join(lines)


def image_tag(image: str, version: str) -> str:
    """`image:version` (`:latest` without a version); an image named with its own tag or
    digest (`docker.io/lab/model:1`, `...@sha256:...`) is kept as it is."""
    if "@" in image or ":" in image.rsplit("/", 1)[-1]:
        return image
    return f"{image}:{version or 'latest'}"


def trust_flags(types: tuple[str, ...]) -> str:
    """` --trust T` for each type the reader must trust to load the model (after review)."""
    return "".join(f" --trust {shlex.quote(t)}" for t in types)


def run_commands(
    image: str,
    version: str,
    *,
    train_command: str,
    model_path: str,
    trust: tuple[str, ...],
    verify: bool = True,
) -> dict[str, str]:
    """The `docker pull` / `docker run` commands the `/docker/` page shows for a published
    image (`verify`: the image has modelsite)."""
    if not image:
        return {}
    ref = image_tag(image, version)
    flags = trust_flags(trust)
    out = {"pull": f"docker pull {ref}"}
    if verify:
        out["verify"] = f"docker run --rm {ref} modelsite verify .{flags}"
    if verify and train_command and model_path:
        published = "/tmp/published.skops"
        script = (
            f"cp {shlex.quote(model_path)} {published} && {train_command} && "
            f"modelsite verify {published} --model {shlex.quote(model_path)}{flags}"
        )
        out["reproduce"] = f"docker run --rm {ref} sh -c {shlex.quote(script)}"
    out["shell"] = f"docker run --rm -it {ref} bash"
    return out


GENERATED_MARK = "# Generated by `modelsite init`"


def default_command(text: str) -> str:
    """The image's default command as its Dockerfile states it: the last `ENTRYPOINT` and
    `CMD` (JSON arrays joined as a shell line), or `""` when it states none (the base
    image's then applies)."""
    entry = cmd = ""
    for raw in text.replace("\\\n", " ").splitlines():
        line = raw.strip()
        word, _, rest = line.partition(" ")
        if word.upper() not in {"CMD", "ENTRYPOINT"}:
            continue
        rest = rest.strip()
        try:
            value = json.loads(rest) if rest.startswith("[") else rest
        except ValueError:
            value = rest
        if isinstance(value, list):
            value = shlex.join(str(v) for v in value)
        if word.upper() == "CMD":
            cmd = str(value)
        else:
            entry, cmd = str(value), ""  # a later ENTRYPOINT resets CMD
    return " ".join(p for p in (entry, cmd) if p)


def installs_modelsite(text: str) -> bool:
    """Does the Dockerfile install modelsite (so `modelsite verify` runs in the image)?"""
    return any(
        line.strip().upper().startswith(("RUN", "ARG")) and "modelsite" in line.lower()
        for line in text.replace("\\\n", " ").splitlines()
    )


def pushing_workflow(root: Path) -> str:
    """The first GitHub workflow that pushes a container image (`docker push`, or
    `docker/build-push-action` with `push: true`), relative to `root`, or `""`."""
    folder = root / ".github" / "workflows"
    if not folder.is_dir():
        return ""
    for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
        try:
            if not path.is_file() or path.stat().st_size > 1024 * 1024:
                continue  # a FIFO or device would block the read; a huge file is no workflow
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "docker push" in text or (
            "docker/build-push-action" in text and re.search(r"push:\s*(true|\$\{\{)", text)
        ):
            return path.relative_to(root).as_posix()
    return ""
