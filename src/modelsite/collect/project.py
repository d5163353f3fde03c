"""Find what a training project already states: packages, models, metadata, citation, git.

Zero-config detection: the training code in any layout (`collect.layout`: src, flat, nested,
namespace packages, folders of scripts, top-level scripts); every `*.skops` file; `CITATION.cff`;
requirements files and `pyproject.toml`; the git remote and commit; a `Dockerfile`.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from modelsite.collect.layout import NOT_CODE_DIRS, CodeLayout, find_code, walk
from modelsite.collect.license import find_license_file, read_license
from modelsite.config import Config, read_pyproject
from modelsite.errors import InputError
from modelsite.log import warn
from modelsite.sitemodel import Citation, GitInfo, Person, ProjectInfo, Requirement
from modelsite.yamlfile import read_yaml

REQUIREMENTS_FILES = (
    "requirements.lock",
    "requirements.txt",
    "requirements-lock.txt",
    "requirements/base.txt",
    "requirements/main.txt",
)


def primary_order(path: str) -> tuple[bool, int, str]:
    """Sort key putting the primary model first: outside `NOT_CODE_DIRS` folders (examples,
    tests, docs...) before inside, then the fewest folders deep, then alphabetical."""
    parts = path.split("/")
    return (any(p in NOT_CODE_DIRS for p in parts[:-1]), len(parts), path)


PRIMARY_RULE = (
    "the primary model is the first of: files outside examples/tests/docs folders, "
    "then the fewest folders deep, then alphabetical"
)


def find_models(root: Path, wanted: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Model files relative to root: the configured ones, else every `*.skops` in the project
    outside version control, environments, caches and build output (`layout.NEVER_ENTER`),
    primary first (`primary_order`)."""
    if wanted:
        for name in wanted:
            if not (root / name).is_file():
                raise InputError(
                    root / name, "model file listed in the configuration does not exist"
                )
        return wanted
    walked = walk(root, ".skops")
    for problem in walked.problems:
        warn(None, problem)
    return tuple(sorted(walked.files, key=primary_order))


_REMOTE = re.compile(
    r"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?(?P<host1>[^/:]+)(?::\d+)?/|[^@]+@(?P<host2>[^:]+):)"
    r"(?P<owner>[^/]+(?:/[^/]+)*?)/(?P<repo>[^/]+?)(?:\.git)?/?$"
)


def parse_remote(url: str) -> tuple[str, str, str]:
    """`(host, owner, repo)` of a git remote URL, or empty strings when it has no such shape."""
    m = _REMOTE.match(url.strip())
    if not m:
        return "", "", ""
    host = (m.group("host1") or m.group("host2") or "").lower()
    owner, repo = m.group("owner"), m.group("repo")
    # The parts become links in every page's header (the theme inserts them unescaped): only
    # what forges allow in host, owner and repository names, else no forge at all.
    if not (_HOST.fullmatch(host) and _OWNER.fullmatch(owner) and _NAME.fullmatch(repo)):
        return "", "", ""
    return host, owner, repo


_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_OWNER = re.compile(rf"{_NAME.pattern}(?:/{_NAME.pattern})*")


def git(root: Path, *args: str) -> str:
    """What `git -C root ARGS` prints, stripped; `""` when git fails or is missing."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def read_git(root: Path, repository: str = "") -> GitInfo:
    """The `origin` remote (or the configured repository URL), commit, branch and dirty state."""
    if not git(root, "rev-parse", "--is-inside-work-tree"):
        remote = repository
        commit = branch = ""
        dirty = False
        prefix = ""
    else:
        remote = repository or git(root, "remote", "get-url", "origin")
        commit = git(root, "rev-parse", "HEAD")
        branch = git(root, "rev-parse", "--abbrev-ref", "HEAD")
        dirty = bool(git(root, "status", "--porcelain", "--untracked-files=no"))
        # a repository set in modelsite.yml is taken to hold the project at its top level
        prefix = "" if repository else git(root, "rev-parse", "--show-prefix")
    host, owner, repo = parse_remote(remote) if remote else ("", "", "")
    return GitInfo(
        remote_url=remote,
        host=host,
        owner=owner,
        repo=repo,
        commit=commit,
        branch=branch,
        dirty=dirty,
        prefix=prefix,
    )


def read_requirements(root: Path, pyproject: dict[str, Any]) -> tuple[str, tuple[Requirement, ...]]:
    """The first requirements file found, else `[project].dependencies` of `pyproject.toml`."""
    for name in REQUIREMENTS_FILES:
        path = root / name
        if path.is_file():
            reqs = []
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = line.split("#", 1)[0].strip()
                if not line or line.startswith("-"):
                    continue
                reqs.append(Requirement(name=_req_name(line), spec=line))
            return name, tuple(reqs)
    deps = pyproject.get("project", {}).get("dependencies", [])
    if deps:
        return "pyproject.toml", tuple(Requirement(name=_req_name(d), spec=d) for d in deps)
    return "", ()


def _req_name(spec: str) -> str:
    m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return re.sub(r"[-_.]+", "-", m.group(1)).lower() if m else spec


def _person(data: Any) -> Person:
    if isinstance(data, str):
        name, _, email = data.partition("<")
        return Person(name=name.strip(), email=email.rstrip(">").strip())
    if not isinstance(data, dict):
        return Person(name=str(data))
    name = data.get("name") or " ".join(
        str(data[k]) for k in ("given-names", "family-names") if data.get(k)
    )
    return Person(
        name=str(name),
        email=str(data.get("email", "")),
        orcid=str(data.get("orcid", "")),
        affiliation=str(data.get("affiliation", "")),
    )


def read_citation(root: Path) -> Citation | None:
    """Parse `CITATION.cff` (YAML). A file that is not valid is a located warning, not an error."""
    path = root / "CITATION.cff"
    if not path.is_file():
        return None
    try:
        data = read_yaml(path)
    except InputError as exc:
        warn(path, f"{exc.problem}; citation left out")
        return None
    if not isinstance(data, dict):
        warn(path, "is not a YAML mapping; citation left out")
        return None
    preferred = data.get("preferred-citation")
    kind = "software"
    source = "CITATION.cff"
    if not data.get("title") and isinstance(preferred, dict) and preferred.get("title"):
        # a common form for papers: only the work to cite, under `preferred-citation:`
        top = data
        data = {**{k: v for k, v in top.items() if k != "preferred-citation"}, **preferred}
        kind = str(preferred.get("type") or "generic")
        source = "CITATION.cff (preferred-citation)"
    elif isinstance(preferred, dict) and preferred.get("title"):
        kind = str(preferred.get("type") or "generic")
    if not data.get("title"):
        warn(path, "has no `title` (nor `preferred-citation.title`); citation left out")
        return None
    doi = str(data.get("doi", ""))
    for ident in data.get("identifiers", []) or []:
        if isinstance(ident, dict) and ident.get("type") == "doi" and not doi:
            doi = str(ident.get("value", ""))
    journal = data.get("journal") or data.get("conference") or ""
    if isinstance(journal, dict):
        journal = journal.get("name", "")
    return Citation(
        source=source,
        type=kind if source != "CITATION.cff" else "software",
        journal=str(journal),
        year=str(data.get("year", "")),
        title=str(data["title"]),
        authors=tuple(_person(a) for a in data.get("authors", []) or []),
        version=str(data.get("version", "")),
        doi=doi,
        date_released=str(data.get("date-released", "")),
        url=str(data.get("url", "")),
        repository=str(data.get("repository-code", "")),
        license=str(data.get("license", "")),
        message=str(data.get("message", "")),
    )


def _license(root: Path, declared: Any) -> tuple[str, str]:
    """`(licence pyproject.toml states, licence file)`: `license = "MIT"` or `{text = ...}`
    states it; `{file = ...}` names the file to read; else the first `LICENSE`/`COPYING`."""
    if isinstance(declared, str):
        return declared.strip(), find_license_file(root)
    if isinstance(declared, dict):
        if declared.get("text"):
            return str(declared["text"]).strip(), find_license_file(root)
        name = str(declared.get("file") or "")
        if name and (root / name).is_file() and "/" not in name.strip("./"):
            return "", name
    return "", find_license_file(root)


def find_project_code(root: Path, config: Config) -> CodeLayout:
    """The project's training code, with `modelsite.yml`'s `packages:` and `code:` applied."""
    return find_code(
        root, packages=config.packages, include=config.code.include, exclude=config.code.exclude
    )


def collect_project(root: Path, config: Config, layout: CodeLayout | None = None) -> ProjectInfo:
    """Gather the project's own facts. Raises `InputError` when there is no code to document.

    `layout`: the training code found already (`find_project_code`), else it is looked for.
    """
    if not root.is_dir():
        raise InputError(root, "not a folder; give the path of a training project")
    pyproject = (
        read_pyproject(root / "pyproject.toml") if (root / "pyproject.toml").is_file() else {}
    )
    meta = pyproject.get("project", {})
    layout = layout or find_project_code(root, config)
    for problem in layout.problems:
        warn(None, problem)
    packages, search_paths = layout.packages, layout.search_paths
    if not packages:
        raise InputError(
            root,
            "no Python package or module found; add one, or name it under "
            "`packages:` in modelsite.yml",
        )
    citation = read_citation(root)
    cff = citation.source if citation else ""
    req_file, reqs = read_requirements(root, pyproject)
    dockerfile = root / "Dockerfile"
    sources: dict[str, str] = {}

    def first(key: str, *pairs: tuple[Any, str]) -> str:
        for value, source in pairs:
            if value:
                sources[key] = source
                return str(value)
        return ""

    name = first(
        "name",
        (meta.get("name"), "pyproject.toml"),
        (citation.title if citation else "", cff),
        (root.resolve().name, "folder name"),
    )
    title = first(
        "title",
        (config.site_name, "modelsite.yml"),
        (citation.title if citation else "", cff),
        (name, sources.get("name", "")),
    )
    license_text, license_file = _license(root, meta.get("license", ""))
    license_ = first(
        "license",
        (license_text, "pyproject.toml"),
        (read_license(root, license_file)[0] if license_file else "", license_file),
        (citation.license if citation else "", cff),
    )
    if license_file and not license_text and not license_:
        warn(
            root / license_file,
            "licence text not recognised as one common licence (SPDX); "
            "set `card.license` in modelsite.yml",
        )
    authors = tuple(_person(a) for a in meta.get("authors", []))
    if authors:
        sources["authors"] = "pyproject.toml"
    elif citation and citation.authors:
        authors, sources["authors"] = citation.authors, cff
    version = first(
        "version",
        (meta.get("version"), "pyproject.toml"),
        (citation.version if citation else "", cff),
    )
    description = first("description", (meta.get("description"), "pyproject.toml"))
    python_requires = first("python_requires", (meta.get("requires-python"), "pyproject.toml"))
    return ProjectInfo(
        root=root,
        name=name,
        title=title,
        description=description,
        version=version,
        license=license_,
        license_file=license_file,
        sources=sources,
        authors=authors,
        python_requires=python_requires,
        packages=packages,
        search_paths=search_paths,
        code_files=layout.files,
        reference_files=tuple(f for f, _ in layout.modules),
        code_exclude=config.code.exclude,
        model_files=find_models(root, config.models),
        requirements_file=req_file,
        requirements=reqs,
        dockerfile="Dockerfile" if dockerfile.is_file() else "",
        dockerfile_text=dockerfile.read_text(encoding="utf-8", errors="replace")
        if dockerfile.is_file()
        else "",
        citation=citation,
        git=read_git(root, config.publish.repository),
        train_command=config.train_command,
    )
