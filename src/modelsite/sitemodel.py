"""The site model: frozen dataclasses holding everything the templates see, and nothing else.

Collectors (`modelsite.collect`) build these from a training project; renderers read them.
Every class serialises to plain JSON through `to_json`, which is what the golden snapshot of the
intermediate model (tests/snapshots/site-model.json) holds. `inspect --json` prints the same JSON
as `ModelInfo.to_json` without importing this module: the model reader's plain data through
`collect.model.plain_json` (tests/test_inspect_cli.py checks that the two agree).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelsite.badges import Badge
    from modelsite.card.content import CardInfo
    from modelsite.config import Config  # typing only: `inspect` must not import yaml
    from modelsite.health.measure import HealthInfo
    from modelsite.repro.gather import ReproInfo

JSON = Any  # a value that `json.dumps` accepts


def to_json(value: Any) -> JSON:
    """Turn a site-model value (dataclasses, tuples, paths, mappings) into plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and infinities have no JSON literal
    return value


# ---------------------------------------------------------------- model (the .skops file)


@dataclass(frozen=True, kw_only=True)
class EstimatorNode:
    """One estimator (or other object) in the model's tree, as read from `schema.json`."""

    name: str
    """Step/transformer name, or the parameter name it sits under; `""` for the root."""
    path: str
    """Prefix of its parameters in `get_params(deep=True)`, e.g. `"preprocess__num"`."""
    cls: str
    """Dotted class path, e.g. `sklearn.ensemble._forest.RandomForestClassifier`."""
    params: Mapping[str, JSON] = field(default_factory=dict)
    """Own constructor parameters (`get_params(deep=False)`); estimators as class paths."""
    children: tuple[EstimatorNode, ...] = ()

    @property
    def short_cls(self) -> str:
        return self.cls.rsplit(".", 1)[-1]


@dataclass(frozen=True, kw_only=True)
class ModelInfo:
    """What modelsite knows about one `.skops` file, read without constructing the model."""

    path: str
    name: str
    estimator: str
    tree: EstimatorNode
    params: Mapping[str, JSON]
    seeds: Mapping[str, JSON]
    versions: Mapping[str, JSON]
    untrusted_types: tuple[str, ...]
    metrics: Mapping[str, JSON] = field(default_factory=dict)
    metric_sources: Mapping[str, str] = field(default_factory=dict)
    """The file each metric not recorded in the model came from (`metrics:` in modelsite.yml)."""
    environment: Mapping[str, JSON] = field(default_factory=dict)
    data: Mapping[str, JSON] = field(default_factory=dict)
    evaluation: Mapping[str, JSON] = field(default_factory=dict)
    """Plot data computed at export: confusion matrix, ROC/PR points, residuals, importances."""
    provenance: Mapping[str, JSON] = field(default_factory=dict)
    """Git commit, dirty state, command line and time recorded at export."""
    extra: Mapping[str, JSON] = field(default_factory=dict)
    sha256: str = ""
    size_bytes: int = 0
    task: str | None = None
    """`classification`, `regression`, `clustering`, `outlier-detection` or `None`."""
    other_seeds: Mapping[str, JSON] = field(default_factory=dict)
    """`random_state` of objects outside `get_params`, e.g. a shuffled KFold as `cv`."""
    problems: tuple[str, ...] = ()
    """Warnings found while reading the file (inferred parameters, unreadable metadata)."""

    @property
    def short_estimator(self) -> str:
        return self.estimator.rsplit(".", 1)[-1]

    def to_json(self) -> dict[str, JSON]:
        """The `inspect --json` object (see DESIGN.md)."""
        data = to_json(self)
        assert isinstance(data, dict)
        return data


# ---------------------------------------------------------------- code (the training package)


@dataclass(frozen=True, kw_only=True)
class ObjectInfo:
    """One documentable object of the training code."""

    path: str
    """Dotted path, e.g. `wine_classifier.train.main`."""
    kind: str
    """`module`, `class`, `function`, `method`, `property` or `attribute`."""
    lineno: int | None
    documented: bool


@dataclass(frozen=True, kw_only=True)
class ModuleInfo:
    """One module of the training code, with its docstring coverage."""

    name: str
    """Dotted module name."""
    file: str
    """Path relative to the project root."""
    summary: str
    """First line of the module docstring, or `""`."""
    objects: tuple[ObjectInfo, ...] = ()

    @property
    def documented(self) -> int:
        return sum(1 for o in self.objects if o.documented)

    @property
    def total(self) -> int:
        return len(self.objects)

    @property
    def coverage(self) -> float:
        return 100.0 * self.documented / self.total if self.total else 100.0

    @property
    def url(self) -> str:
        """Page path of the module's reference page, relative to the site root."""
        return "reference/" + "/".join(self.name.split(".")) + "/"

    @property
    def page(self) -> str:
        """The reference page's file in the docs tree (`reference/a/b/index.md`)."""
        return self.url + "index.md"


@dataclass(frozen=True, kw_only=True)
class CodeInfo:
    """The training code's API inventory."""

    packages: tuple[str, ...] = ()
    search_paths: tuple[str, ...] = ()
    modules: tuple[ModuleInfo, ...] = ()
    problems: tuple[str, ...] = ()
    """Located messages for files that could not be read (`path:line: message`)."""
    docstring_style: str = ""
    """The style most of the project's docstring sections are written in (numpy, google,
    sphinx), counted over every training file; `""` when none has sections."""
    reexported: tuple[tuple[str, str], ...] = ()
    """(canonical path, path documented) of the objects of private modules (`pkg._impl.Thing`)
    that the reference documents where a public module re-exports them (`pkg.Thing`)."""
    private_modules: tuple[str, ...] = ()
    """Private modules (`pkg._impl`): linted and audited, but no reference page of their own."""

    def public_path(self, path: str) -> tuple[str, str]:
        """(module, path) where the reference shows the object at dotted `path` (or the nearest
        object containing it): `path` in its own module, or where it is re-exported; `("", "")`
        when the reference shows it nowhere (a private module's object not re-exported)."""
        names = {m.name for m in self.modules}
        where = dict(self.reexported)
        head, tail = path, ""
        while head:
            if head in where:
                shown = where[head] + tail
                module = shown
                while module and module not in names:
                    module = module.rpartition(".")[0]
                return (module, shown) if module else ("", "")
            if head in names:
                return head, path
            if head in self.private_modules:
                return "", ""
            head, dot, last = head.rpartition(".")
            tail = f".{last}{tail}" if dot else tail
        return "", ""

    @property
    def documented(self) -> int:
        return sum(m.documented for m in self.modules)

    @property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def coverage(self) -> float:
        return 100.0 * self.documented / self.total if self.total else 100.0


# ---------------------------------------------------------------- project facts


@dataclass(frozen=True, kw_only=True)
class Person:
    name: str
    email: str = ""
    orcid: str = ""
    affiliation: str = ""


@dataclass(frozen=True, kw_only=True)
class GitInfo:
    remote_url: str = ""
    """The `origin` remote as configured."""
    host: str = ""
    owner: str = ""
    repo: str = ""
    commit: str = ""
    branch: str = ""
    dirty: bool = False
    prefix: str = ""
    """The project folder inside the repository the site links to (`examples/wine/`): git's
    `rev-parse --show-prefix`, or `""` when `publish.repository` names the repository (taken
    to hold the project at its top level) or outside a git work tree."""

    @property
    def is_github(self) -> bool:
        return self.host == "github.com"

    @property
    def web_url(self) -> str:
        """`https://host/owner/repo` when the remote is a known forge, else `""`."""
        if self.host and self.owner and self.repo:
            return f"https://{self.host}/{self.owner}/{self.repo}"
        return ""


@dataclass(frozen=True, kw_only=True)
class Citation:
    """What `CITATION.cff` says (or what modelsite derived when it is absent)."""

    source: str
    """The file it came from, or `""` when derived."""
    title: str
    authors: tuple[Person, ...] = ()
    version: str = ""
    doi: str = ""
    date_released: str = ""
    url: str = ""
    repository: str = ""
    license: str = ""
    message: str = ""
    type: str = "software"
    """`software`, or the CFF type of the `preferred-citation` (`article`, `conference-paper`...)
    when that is what the file asks to be cited."""
    journal: str = ""
    year: str = ""
    bibtex: str = ""
    apa: str = ""


@dataclass(frozen=True, kw_only=True)
class Requirement:
    name: str
    spec: str
    """The requirement as written, e.g. `scikit-learn==1.5.2`."""


@dataclass(frozen=True, kw_only=True)
class ProjectInfo:
    """Facts the project already states: files found, metadata, git."""

    root: Path
    name: str
    title: str
    description: str = ""
    version: str = ""
    license: str = ""
    license_file: str = ""
    """The licence file at the root (`LICENSE`, `COPYING`...), or `""`."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """Where each stated fact came from: `{"name": "pyproject.toml", "license": "LICENSE",
    "version": "CITATION.cff", "authors": ..., "title": ..., "description": ...}`; a fact
    that is not stated has no entry."""
    authors: tuple[Person, ...] = ()
    python_requires: str = ""
    packages: tuple[str, ...] = ()
    search_paths: tuple[str, ...] = ()
    """Folders, relative to `root`, from which the packages import (`src`, `.`, ...)."""
    code_files: tuple[str, ...] = ()
    """Every training file, relative to `root`: linted, audited for randomness, documented
    (`collect.layout`)."""
    reference_files: tuple[str, ...] = ()
    """The training files the API reference documents (those with an importable name)."""
    code_exclude: tuple[str, ...] = ()
    """`code.exclude` globs of modelsite.yml (applied to `code_files` already)."""
    model_files: tuple[str, ...] = ()
    requirements_file: str = ""
    requirements: tuple[Requirement, ...] = ()
    dockerfile: str = ""
    dockerfile_text: str = ""
    citation: Citation | None = None
    git: GitInfo = field(default_factory=GitInfo)
    train_command: str = ""

    @property
    def repository_url(self) -> str:
        return self.git.web_url

    @property
    def image(self) -> str:
        """`ghcr.io/<owner>/<repo>` lower-cased, or `""` without a GitHub remote."""
        if self.git.is_github and self.git.owner and self.git.repo:
            return f"ghcr.io/{self.git.owner}/{self.git.repo}".lower()
        return ""


# ---------------------------------------------------------------- what the pages show


@dataclass(frozen=True, kw_only=True)
class Link:
    """A link as a page shows it: its text and its target (a URL, or a page of the site)."""

    text: str
    url: str


@dataclass(frozen=True, kw_only=True)
class Tile:
    """One figure of the overview's "at a glance" row: `1.000` / `accuracy`."""

    value: str
    name: str


@dataclass(frozen=True, kw_only=True)
class Overview:
    """The overview page (`/`): the primary model and its results first, the project after."""

    title: str
    summary: str
    """The card's summary (`card.summary`, else the project's description); `""` when neither
    is written (a `TODO` left by `modelsite init` counts as not written)."""
    estimator: str = ""
    """The class that predicts (`RandomForestClassifier`), found through pipelines."""
    estimator_role: str = ""
    """`classification in a Pipeline`: the task and the pipeline around the estimator."""
    estimator_path: str = ""
    """The top-level object's dotted class path."""
    metrics: tuple[Tile, ...] = ()
    """The first metrics of the card (at most `MAX_TILES`), as the card writes them."""
    metric_count: int = 0
    """How many metrics the card lists in all."""
    evaluated_on: int | None = None
    """When the tiles are the scores computed at export: the evaluation set's size."""
    coverage: str = ""
    """Docstring coverage of the training code, e.g. `83%`."""
    version: str = ""
    license: str = ""
    repository: Link | None = None
    download: Link | None = None
    """The model file and where to download it (the card's `model_link`), when published."""
    download_source: str = ""
    install: str = ""
    """The shell command that installs what loading the model needs."""
    load_snippet: str = ""
    """Python that loads the model (the card's snippet)."""
    pipeline: str = ""
    """The estimator tree as Mermaid, when the model is a composite (else `""`)."""


@dataclass(frozen=True, kw_only=True)
class ModelRow:
    """One model in the comparison table of `/models/`."""

    name: str
    page: str
    estimator: str
    task: str
    values: tuple[str, ...]
    """The metric of each of `Comparison.metric_names`, as text (`""` when not recorded)."""


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """The table of `/models/` (sites with several models)."""

    metric_names: tuple[str, ...] = ()
    rows: tuple[ModelRow, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SiteLinks:
    """Targets the pages link to that come from the project's facts, not from one page."""

    site_url: str = ""
    """`publish.site_url`, or `""`."""
    badge_base: str = ""
    """Where the published site lives, for the README badge snippet: `publish.site_url`, else
    `https://<owner>.github.io/<repo>/` for a GitHub remote, else `https://YOUR-SITE/`."""
    module_pages: Mapping[str, str] = field(default_factory=dict)
    """Dotted module name -> its reference page in the docs tree."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """`file:line` of a finding on a page -> that line in the repository's web view."""


# ---------------------------------------------------------------- the whole site


@dataclass(frozen=True, kw_only=True)
class Site:
    """Everything one site (and one standalone card) is rendered from."""

    project: ProjectInfo
    config: Config
    code: CodeInfo
    models: tuple[ModelInfo, ...] = ()
    problems: tuple[str, ...] = ()
    """Located warnings found while collecting, in order; the pipeline reports them once
    (`--strict` fails on them)."""
    health: HealthInfo | None = None
    """Lint, format, type-hint and docstring health of the training code (`/code-health/`)."""
    repro: ReproInfo | None = None
    """Environment, randomness audit, steps, Docker, citation checks (`/reproduce/`...)."""
    cards: tuple[CardInfo, ...] = ()
    """The card of each model, in the order of `models` (`modelsite.card.content`)."""
    badges: tuple[Badge, ...] = ()
    """The site's badges, in display order (`modelsite.badges`)."""
    overview: Overview | None = None
    comparison: Comparison = field(default_factory=Comparison)
    links: SiteLinks = field(default_factory=SiteLinks)

    @property
    def model(self) -> ModelInfo | None:
        """The primary model (the first configured, else the first found), or `None`."""
        return self.models[0] if self.models else None

    @property
    def title(self) -> str:
        return self.config.site_name or self.project.title
