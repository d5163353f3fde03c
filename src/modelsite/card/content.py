"""Gather a model card from evidence: a frozen `CardInfo` per model, built from the `Site`.

Sections follow "Model Cards for Model Reporting" (Mitchell et al. 2019) and the Hugging Face
template. Facts the project already states (authors, license, version, repository, DOI, date
in `CITATION.cff`, `pyproject.toml`, the git remote, the model file) are used without asking;
text only a human can write comes from `card:` in `modelsite.yml`. Whatever is still missing
is a `Gap`: shown as a clearly marked gap in every format, and a located warning at build
(`collect_cards`) so `--strict` fails.

Everything here is plain data: no markup, no escaping (the renderers escape per format).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from modelsite.card import diagram, plots
from modelsite.card.numbers import metric_text, short_number, value_text
from modelsite.card.performance import Performance, performance
from modelsite.card.plots import Plot
from modelsite.log import located
from modelsite.sitemodel import EstimatorNode, ModelInfo, Site
from modelsite.wording import filled

GAP_MARKER = "modelsite:gap"
"""Token present in every rendered gap, in every format; `modelsite card --check` looks for it."""

TEXT_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("intended_use", "Intended use", "what the model is for and who should use it"),
    ("out_of_scope_use", "Out-of-scope use", "uses the model is not meant or not fit for"),
    ("training_data", "Training data", "what the model was trained on and how it was split"),
    ("evaluation_data", "Evaluation data", "what the reported metrics were measured on"),
    ("limitations", "Limitations", "known weaknesses, biases and failure modes"),
    ("ethical_considerations", "Ethical considerations", "risks, sensitive data, people affected"),
)

TASK_TAGS = {"classification": "tabular-classification", "regression": "tabular-regression"}


@dataclass(frozen=True, kw_only=True)
class Gap:
    """Something the card needs that no file states; the author has to write it."""

    key: str
    """The configuration key that fills it, e.g. `card.intended_use`."""
    what: str
    """Human name of the missing piece, e.g. `intended use`."""
    hint: str = ""

    @property
    def message(self) -> str:
        return (
            f"{self.key} is not filled in; the model card shows a gap for the {self.what} "
            f"(write it under `card:` in modelsite.yml)"
        )


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One labelled value, with where it came from and an optional link."""

    label: str
    value: str
    source: str = ""
    url: str = ""


@dataclass(frozen=True, kw_only=True)
class Section:
    """A text section only a human can write (`card.<key>` in modelsite.yml)."""

    key: str
    title: str
    text: str
    gap: Gap | None = None


@dataclass(frozen=True, kw_only=True)
class ParamGroup:
    """The hyperparameters of one estimator in the tree."""

    path: str
    """Parameter prefix (`preprocess__num`); `""` for the top-level estimator."""
    name: str
    cls: str
    params: tuple[tuple[str, str], ...]
    """`(full parameter name as in get_params(deep=True), value as text)`, sorted by name."""

    @property
    def short_cls(self) -> str:
        return self.cls.rsplit(".", 1)[-1]


@dataclass(frozen=True, kw_only=True)
class Metric:
    name: str
    value: float | None
    """The number, or `None` when the embedded value is not a finite number."""
    text: str
    source: str = ""
    """Where the value was read from: the model file (recorded at export) or a metrics file."""


@dataclass(frozen=True, kw_only=True)
class FingerprintRow:
    """One table of the data fingerprint (`test X`), summarised: shape, dtypes, hash, columns."""

    name: str
    shape: str = ""
    dtypes: str = ""
    """`13 × float64`: how many columns have each dtype (or the one dtype of a target)."""
    sha256: str = ""
    columns: str = ""
    """The column names, comma-separated (`""` when not recorded)."""


@dataclass(frozen=True, kw_only=True)
class CardInfo:
    """Everything one model card shows, in every format."""

    # model details
    title: str
    model_key: str
    """The model's name (file stem), as in `/models/<name>/`."""
    hub_name: str
    """The model-index name: the project's name for a single model, else `<project>-<name>`."""
    model_file: str
    bom: str
    """The card's CycloneDX BOM in the docs tree (`cyclonedx/<name>.cdx.json`)."""
    summary: Section
    details: tuple[Fact, ...]
    version: str
    authors: tuple[str, ...]
    license: str
    """The license as the project states it (SPDX id, usually)."""
    hub_license: str
    """The Hugging Face hub identifier for it (`mit`, `apache-2.0`, ... or `other`)."""
    license_name: str
    """Set when `hub_license` is `other`: a slug naming the license."""
    contact: str
    date: str
    repository: str
    doi: str
    task: str
    pipeline_tag: str
    estimator: str
    final_estimator: str = ""
    """The class that predicts (`RandomForestClassifier`), found through pipelines."""
    # metadata for hubs
    tags: tuple[str, ...]
    datasets: tuple[str, ...]
    dataset_name: str
    # text sections, data, procedure
    sections: tuple[Section, ...]
    texts: Mapping[str, Section]
    """The same sections by key (`texts.intended_use`), for templates."""
    data_facts: tuple[Fact, ...]
    fingerprint: tuple[FingerprintRow, ...] = ()
    """The data fingerprint grouped by table (`train X`, `test y`...); what does not fit that
    shape stays in `fingerprint_other`."""
    fingerprint_other: tuple[Fact, ...] = ()
    fingerprint_columns: tuple[Fact, ...] = ()
    """The column names, once per distinct list: label `train X, test X`, value the names."""
    performance: Performance = field(default_factory=Performance)
    """Scores on the embedded evaluation set with its size, per-class results, intervals."""
    expected_url: str = ""
    """Where the release workflow is expected to publish the file (primary model, not checked)."""
    model_link: Fact | None = None
    """Where the model file can be downloaded (configured URL, the repository at the built
    commit, or the release asset convention), or `None` when nothing publishes it."""
    mermaid: str
    outline: tuple[tuple[int, str, str, str], ...]
    param_groups: tuple[ParamGroup, ...]
    param_count: int
    seeds: tuple[Fact, ...]
    # evaluation
    metrics: tuple[Metric, ...]
    plots: tuple[Plot, ...]
    confusion_labels: tuple[str, ...]
    confusion_rows: tuple[tuple[str, ...], ...]
    importances: tuple[tuple[str, str], ...]
    # environment, use, citation
    environment: tuple[Fact, ...]
    packages: tuple[tuple[str, str], ...]
    trusted: tuple[str, ...]
    load_snippet: str
    citation_text: str
    bibtex: str
    gaps: tuple[Gap, ...]

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def numeric_metrics(self) -> tuple[Metric, ...]:
        return tuple(m for m in self.metrics if m.value is not None)


# ---------------------------------------------------------------- hub vocabularies


@lru_cache(maxsize=1)
def hub_values() -> dict[str, frozenset[str]]:
    """The hub's allowed `license` and `pipeline_tag` values (vendored: `hub_values.json`)."""
    data = json.loads((Path(__file__).parent / "hub_values.json").read_text(encoding="utf-8"))
    return {
        "licenses": frozenset(data["licenses"]),
        "pipeline_tags": frozenset(data["pipeline_tags"]),
    }


_SPDX_SUFFIX = re.compile(r"-(only|or-later)$")


def hub_license(spdx: str) -> tuple[str, str]:
    """`(hub license id, license_name)`: `MIT` -> `("mit", "")`, unknown -> `("other", slug)`."""
    text = spdx.strip()
    if not text:
        return "", ""
    low = _SPDX_SUFFIX.sub("", text.lower().replace(" ", "-"))
    if low in hub_values()["licenses"]:
        return low, ""
    slug = re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-") or "custom"
    return "other", slug


# ---------------------------------------------------------------- values as text


def _metric_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _commit_facts(model: ModelInfo, repro: Any) -> list[Fact]:
    """The model's commit as `repro.provenance` found it (recorded, else the last commit that
    changed the file, labelled so), and the file's state in git; never the current checkout."""
    from modelsite.repro.provenance import GIT_LOG, RECORDED, recorded

    facts = []
    commit, source = (repro.commit, repro.commit_source) if repro is not None else ("", "")
    if repro is None:
        commit, dirty, _ = recorded(model)
        source = RECORDED if commit else ""
    else:
        dirty = repro.dirty
    if source == RECORDED:
        facts.append(
            Fact(
                label="Trained at commit",
                value=commit + (" (uncommitted changes)" if dirty else ""),
                source="model file",
            )
        )
    elif source == GIT_LOG:
        facts.append(
            Fact(label="Model file last changed in commit", value=commit, source="git log")
        )
    state = getattr(repro, "model_file_state", "")
    if state:
        value = "not tracked" if state == "untracked" else "uncommitted changes"
        facts.append(Fact(label="Model file in git", value=value, source="git status"))
    return facts


def size_text(n: int) -> str:
    """A file size for readers, exact bytes kept: `2.4 MiB (2,545,170 bytes)`."""
    exact = f"{n:,} byte{'' if n == 1 else 's'}"
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit} ({exact})"
    return exact


def _metrics(
    raw: Mapping[str, Any], source: str, sources: Mapping[str, str], prefix: str = ""
) -> list[Metric]:
    """Metrics `raw` (groups flattened to `group.name`), each from `sources[top-level name]`,
    else from `source` (the model file)."""
    out: list[Metric] = []
    for name, value in raw.items():
        full = f"{prefix}{name}"
        origin = sources.get(str(name), source) if not prefix else source
        if isinstance(value, Mapping) and prefix.count(".") < 2:
            out += _metrics(value, origin, {}, full + ".")
        else:
            out.append(
                Metric(
                    name=full, value=_metric_number(value), text=metric_text(value), source=origin
                )
            )
    return sorted(out, key=lambda m: m.name)


# ---------------------------------------------------------------- sections


def _param_groups(model: ModelInfo) -> tuple[tuple[ParamGroup, ...], int]:
    groups: list[ParamGroup] = []
    covered: set[str] = set()

    def walk(node: EstimatorNode) -> None:
        covered.add(node.path)
        rows = []
        for name, value in node.params.items():
            full = f"{node.path}__{name}" if node.path else str(name)
            covered.add(full)
            rows.append((full, value_text(value)))
        if rows:
            groups.append(
                ParamGroup(path=node.path, name=node.name, cls=node.cls, params=tuple(sorted(rows)))
            )
        for child in node.children:
            walk(child)

    walk(model.tree)
    rest = sorted((k, value_text(v)) for k, v in model.params.items() if k not in covered)
    if rest:
        groups.append(ParamGroup(path="", name="", cls="(other parameters)", params=tuple(rest)))
    count = len({k for g in groups for k, _ in g.params})
    return tuple(groups), count


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[Fact]:
    out: list[Fact] = []
    for key, value in data.items():
        label = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out += _flatten(value, label + " / ")
        elif (
            isinstance(value, Sequence)
            and not isinstance(value, str)
            and all(isinstance(v, (int, float, str)) for v in value)
        ):
            sep = " × " if str(key).endswith("shape") else ", "
            out.append(
                Fact(label=label, value=sep.join(value_text(v) for v in value), source="model file")
            )
        else:
            out.append(Fact(label=label, value=value_text(value), source="model file"))
    return out


_TABLE_KEYS = frozenset({"shape", "dtypes", "sha256", "columns"})


def _dtypes_text(dtypes: Any) -> str:
    """`13 × float64`; with several dtypes the columns of all but the most common are named
    (`12 × float64, 1 × object (colour)`), so the summary loses no column's dtype."""
    if isinstance(dtypes, str):
        return dtypes
    if isinstance(dtypes, Mapping):
        columns: dict[str, list[str]] = {}
        for column, value in dtypes.items():
            columns.setdefault(str(value), []).append(str(column))
        ranked = sorted(columns.items(), key=lambda x: -len(x[1]))
        return ", ".join(
            f"{len(names)} × {name}" + (f" ({', '.join(names)})" if i else "")
            for i, (name, names) in enumerate(ranked)
        )
    return value_text(dtypes)


def fingerprint(data: Mapping[str, Any]) -> tuple[tuple[FingerprintRow, ...], tuple[Fact, ...]]:
    """The fingerprint embedded at export, one row per table (`{split: {X: {...}, y: {...}}}`),
    dtypes counted instead of listed per column; everything else as plain facts."""
    rows: list[FingerprintRow] = []
    other: dict[str, Any] = {}
    for split, parts in data.items():
        tables = (
            {k: v for k, v in parts.items() if isinstance(v, Mapping) and set(v) & _TABLE_KEYS}
            if isinstance(parts, Mapping)
            else {}
        )
        if not tables or len(tables) != len(parts):
            other[split] = parts
            continue
        for part, table in tables.items():
            shape = table.get("shape")
            columns = table.get("columns")
            rows.append(
                FingerprintRow(
                    name=f"{split} {part}",
                    shape=" × ".join(value_text(v) for v in shape)
                    if isinstance(shape, list)
                    else value_text(shape)
                    if shape is not None
                    else "",
                    dtypes=_dtypes_text(table["dtypes"]) if "dtypes" in table else "",
                    sha256=str(table.get("sha256", "")),
                    columns=", ".join(map(str, columns)) if isinstance(columns, list) else "",
                )
            )
    return tuple(rows), tuple(_flatten(other))


def column_lists(rows: tuple[FingerprintRow, ...]) -> tuple[Fact, ...]:
    """Each distinct list of column names once, labelled with the tables that have it."""
    tables: dict[str, list[str]] = {}
    for row in rows:
        if row.columns:
            tables.setdefault(row.columns, []).append(row.name)
    return tuple(
        Fact(label=", ".join(names), value=columns, source="model file")
        for columns, names in tables.items()
    )


def model_link(site: Site, model: ModelInfo) -> Fact | None:
    """Where to download the model file: `publish.model_url`; else the file in the repository
    at the checked-out commit when git tracks it unchanged; else `None` (a
    release asset URL by convention is not known to exist, so it is not offered as a link)."""
    git, repro = site.project.git, site.repro
    configured = site.config.publish.model_url if model is site.model else ""
    if configured:
        return Fact(label="Download", value=configured, url=configured, source="modelsite.yml")
    if repro is not None and repro.model_tracked and git.web_url and git.commit:
        url = f"{git.web_url}/raw/{git.commit}/{git.prefix}{Path(model.path).as_posix()}"
        return Fact(label="Download", value=url, url=url, source=f"git, commit {git.commit[:12]}")
    return None


def _seeds(model: ModelInfo) -> tuple[Fact, ...]:
    facts = [
        Fact(label=k, value=value_text(v), source="parameter")
        for k, v in sorted(model.seeds.items())
    ]
    other = getattr(model, "other_seeds", {}) or {}
    facts += [
        Fact(label=k, value=value_text(v), source="not a parameter")
        for k, v in sorted(other.items())
    ]
    for where in (model.provenance, model.extra, model.data):
        if "seed" in where:
            facts.append(
                Fact(
                    label="seed passed to modelsite.export",
                    value=value_text(where["seed"]),
                    source="export",
                )
            )
            break
    return tuple(facts)


_filled = filled


def final_estimator(model: ModelInfo) -> tuple[str, str]:
    """`("RandomForestClassifier", "Pipeline")`: the estimator that predicts, found through
    pipelines, and the outermost pipeline around it (`""` when there is none)."""
    node, wrappers = model.tree, []
    while node.children and node.short_cls in diagram.SEQUENTIAL:
        wrappers.append(node.short_cls)
        node = node.children[-1]
    return node.short_cls, (wrappers[0] if wrappers else "")


def _model_type(model: ModelInfo, task: str) -> str:
    """`RandomForestClassifier (classification) in a Pipeline`: the final estimator first."""
    final, wrapper = final_estimator(model)
    text = f"{final} ({task or 'task unknown'})"
    return text + (f" in a {wrapper}" if wrapper else "")


def load_snippet(model: ModelInfo) -> str:
    """Python that loads the file with exactly the types it needs trusted (JSON-quoted names)."""
    path = json.dumps(Path(model.path).as_posix())
    lines = ["import skops.io as sio", ""]
    if model.untrusted_types:
        lines += [
            "# Types this file needs beyond skops' defaults: review them before trusting",
            "# a file you did not write yourself.",
            "trusted = [",
        ]
        lines += [f"    {json.dumps(t)}," for t in model.untrusted_types]
        lines += ["]", f"model = sio.load({path}, trusted=trusted)"]
    else:
        lines.append(f"model = sio.load({path})")
    lines += ["predictions = model.predict(X)  # X: a table with the training columns"]
    return "\n".join(lines)


def _bib_value(text: str) -> str:
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return " ".join(text.split())


def _bibtex(
    title: str, authors: tuple[str, ...], version: str, date: str, url: str, doi: str, key: str
) -> str:
    year = date[:4] if re.match(r"\d{4}", date) else ""
    fields = [
        ("title", title),
        ("author", " and ".join(authors)),
        ("version", version),
        ("year", year),
        ("url", url),
        ("doi", doi),
    ]
    body = ",\n".join(f"  {k} = {{{_bib_value(v)}}}" for k, v in fields if v)
    return f"@software{{{re.sub(r'[^A-Za-z0-9_-]+', '_', key) or 'model'},\n{body}\n}}"


def _date(site: Site, model: ModelInfo) -> str:
    cit = site.project.citation
    if cit and cit.date_released:
        return cit.date_released
    for key in ("date", "time", "exported_at", "timestamp"):
        value = model.provenance.get(key)
        if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
            return value[:10]
    return ""


@dataclass(frozen=True, kw_only=True)
class Stated:
    """What the project states about one model (each value with the file it came from), resolved
    once for every section of its card."""

    title: Fact
    version: Fact
    authors: tuple[str, ...]
    authors_fact: Fact
    license: Fact
    contact: Fact
    repository: Fact
    doi: str
    date: Fact
    task: str


def _src(own: str, *fallbacks: tuple[str, str]) -> str:
    """`modelsite.yml` when the user wrote the value, else the first fallback that states it."""
    if own:
        return "modelsite.yml"
    return next((name for value, name in fallbacks if value), "")


def stated_facts(site: Site, model: ModelInfo) -> Stated:
    """Name, version, authors, license, contact, repository, DOI and date of the model's card."""
    project, text = site.project, site.config.card
    cit = project.citation
    several = len(site.models) > 1
    # several models: each card is named after its file (the configured name, the project's)
    title = model.name if several else (_filled(text.model_name) or project.title or model.name)
    title_source = (
        "model file name"
        if several
        else _src(
            _filled(text.model_name) or site.config.site_name,
            (cit.title if cit and cit.title == title else "", "CITATION.cff"),
            (title if title == project.title else "", project.sources.get("title", "")),
            (title, "model file name"),
        )
    )
    version = _filled(text.version) or project.version or (cit.version if cit else "")
    authors = (
        tuple(a for a in text.authors if _filled(a))
        or tuple(a.name for a in project.authors if _filled(a.name))
        or (tuple(a.name for a in cit.authors if _filled(a.name)) if cit else ())
    )
    license_ = _filled(text.license) or project.license or (cit.license if cit else "")
    emails = [a.email for a in (*project.authors, *(cit.authors if cit else ())) if a.email]
    contact = _filled(text.contact) or (emails[0] if emails else "")
    repository = (
        site.config.publish.repository or (cit.repository if cit else "") or project.repository_url
    )
    date = _date(site, model)
    return Stated(
        title=Fact(label="Name", value=title, source=title_source),
        version=Fact(
            label="Version",
            value=version,
            source=_src(
                _filled(text.version),
                (project.version, project.sources.get("version", "")),
                (version, "CITATION.cff"),
            ),
        ),
        authors=authors,
        authors_fact=Fact(
            label="Authors",
            value=", ".join(authors),
            source=_src(
                ",".join(map(_filled, text.authors)),
                (",".join(a.name for a in project.authors), project.sources.get("authors", "")),
                (",".join(authors), "CITATION.cff"),
            ),
        ),
        license=Fact(
            label="License",
            value=license_,
            source=_src(
                _filled(text.license),
                (project.license, project.sources.get("license", "")),
                (license_, "CITATION.cff"),
            ),
        ),
        contact=Fact(
            label="Contact",
            value=contact,
            source=_src(
                _filled(text.contact),
                (
                    contact if any(a.email == contact for a in project.authors) else "",
                    project.sources.get("authors", ""),
                ),
                (contact, "CITATION.cff"),
            ),
        ),
        repository=Fact(
            label="Repository",
            value=repository,
            url=repository,
            source=_src(
                site.config.publish.repository,
                (cit.repository if cit else "", "CITATION.cff"),
                (repository, "git remote"),
            ),
        ),
        doi=cit.doi if cit else "",
        date=Fact(
            label="Date",
            value=date,
            source="CITATION.cff" if cit and cit.date_released else ("model file" if date else ""),
        ),
        task=model.task or "",
    )


def identity_gaps(stated: Stated) -> list[Gap]:
    """Authors, license and contact that no file states."""
    return [
        Gap(key=key, what=what)
        for value, key, what in (
            (stated.authors, "card.authors", "authors"),
            (stated.license.value, "card.license", "license"),
            (stated.contact.value, "card.contact", "contact"),
        )
        if not value
    ]


def text_sections(site: Site) -> tuple[Section, tuple[Section, ...]]:
    """The summary and the sections only a human can write; a `TODO` left by `init` is a gap."""
    text = site.config.card
    summary_text = _filled(text.summary) or site.project.description
    summary = Section(
        key="summary",
        title="Summary",
        text=summary_text,
        gap=None if summary_text else Gap(key="card.summary", what="summary"),
    )
    sections = []
    for key, sec_title, hint in TEXT_SECTIONS:
        value = _filled(getattr(text, key))
        gap = None if value else Gap(key=f"card.{key}", what=sec_title.lower(), hint=hint)
        sections.append(Section(key=key, title=sec_title, text=value, gap=gap))
    return summary, tuple(sections)


def download_url(site: Site, model: ModelInfo) -> Fact | None:
    """Where the primary model is downloaded from: `publish.model_url`, else the release-asset
    convention of the reproduce page; `None` for the other models."""
    if model is not site.model:
        return None
    configured = site.config.publish.model_url
    url = configured or (getattr(site.repro, "model_url", "") if site.repro else "")
    if not url:
        return None
    source = "modelsite.yml" if configured else "release convention"
    return Fact(label="Download", value=url, url=url, source=source)


def model_details(site: Site, model: ModelInfo, stated: Stated) -> tuple[Fact, ...]:
    """The "Model details" table: every fact with where it came from."""
    text = site.config.card
    details = [
        stated.title,
        stated.version,
        Fact(label="Type", value=_model_type(model, stated.task), source="model file"),
        Fact(label="Estimator", value=model.estimator, source="model file"),
        stated.authors_fact,
        stated.license,
        stated.date,
        stated.contact,
        stated.repository,
    ]
    if stated.doi:
        details.append(
            Fact(
                label="DOI",
                value=stated.doi,
                url=f"https://doi.org/{stated.doi}",
                source="CITATION.cff",
            )
        )
    if text.datasets:
        details.append(
            Fact(label="Datasets", value=", ".join(text.datasets), source="modelsite.yml")
        )
    download = download_url(site, model)
    if download:
        details.append(download)
    if site.config.publish.site_url:
        details.append(
            Fact(
                label="Website",
                value=site.config.publish.site_url,
                url=site.config.publish.site_url,
                source="modelsite.yml",
            )
        )
    details += [
        Fact(
            label="File",
            value=f"{Path(model.path).as_posix()}, {size_text(model.size_bytes)}",
            source="model file",
        ),
        Fact(label="SHA-256", value=model.sha256, source="model file"),
    ]
    details += _commit_facts(model, site.repro if model is site.model else None)
    return tuple(details)


def environment_facts(model: ModelInfo) -> tuple[tuple[Fact, ...], tuple[tuple[str, str], ...]]:
    """Python, platform and library versions recorded at export, and every recorded package."""
    env = model.environment
    facts = [
        Fact(label=k, value=value_text(env[k]), source="model file")
        for k in ("python", "platform", "implementation")
        if k in env
    ]
    facts += [
        Fact(label=label, value=value_text(model.versions[key]), source="model file")
        for key, label in (
            ("sklearn", "scikit-learn"),
            ("skops", "skops"),
            ("protocol", "skops protocol"),
        )
        if model.versions.get(key) is not None
    ]
    pkgs = env.get("packages")
    packages = (
        tuple(sorted((str(k), value_text(v)) for k, v in pkgs.items()))
        if isinstance(pkgs, Mapping)
        else ()
    )
    return tuple(facts), packages


def citation_texts(stated: Stated, site: Site, model: ModelInfo) -> tuple[str, str]:
    """`(reference as text, BibTeX)`: the CITATION.cff's own when it has them."""
    cit = site.project.citation
    title, version, date = stated.title.value, stated.version.value, stated.date.value
    repository, doi = stated.repository.value, stated.doi
    link = f"https://doi.org/{doi}" if doi else repository
    text = (
        cit.apa
        if cit and cit.apa
        else f"{', '.join(stated.authors) or 'Unknown authors'}"
        f"{f' ({date[:4]})' if date[:4].isdigit() else ''}. {title}"
        f"{f' (version {version})' if version else ''}.{f' {link}' if link else ''}"
    )
    bibtex = (
        cit.bibtex
        if cit and cit.bibtex
        else _bibtex(title, stated.authors, version, date, repository, doi, model.name)
    )
    return text, bibtex


def bom_path(name: str) -> str:
    """Where the site publishes the CycloneDX BOM of model `name`."""
    return f"cyclonedx/{name}.cdx.json"


def build_card(site: Site, model: ModelInfo) -> CardInfo:
    """The card of one model of the site, from its section builders."""
    text = site.config.card
    stated = stated_facts(site, model)
    summary, sections = text_sections(site)
    gaps = identity_gaps(stated)
    gaps += [s.gap for s in (summary, *sections) if s.gap]
    hub_lic, license_name = hub_license(stated.license.value)
    pipeline_tag = TASK_TAGS.get(stated.task, "")
    dataset = model.data.get("dataset")
    datasets = text.datasets or ((str(dataset),) if dataset else ())
    groups, count = _param_groups(model)
    ev = model.evaluation
    conf = plots.confusion(ev)
    imps = plots.importances(ev)[:15]
    environment, packages = environment_facts(model)
    citation_text, bibtex = citation_texts(stated, site, model)
    tables, other_facts = fingerprint(model.data)
    tags = tuple(
        dict.fromkeys(["sklearn", "skops", *([pipeline_tag] if pipeline_tag else []), *text.tags])
    )
    project = site.project
    return CardInfo(
        title=stated.title.value,
        model_key=model.name,
        hub_name=project.name if len(site.models) <= 1 else f"{project.name}-{model.name}",
        model_file=Path(model.path).as_posix(),
        bom=bom_path(model.name),
        summary=summary,
        details=model_details(site, model, stated),
        version=stated.version.value,
        authors=stated.authors,
        license=stated.license.value,
        hub_license=hub_lic,
        license_name=license_name,
        contact=stated.contact.value,
        date=stated.date.value,
        repository=stated.repository.value,
        doi=stated.doi,
        task=stated.task,
        pipeline_tag=pipeline_tag,
        estimator=model.estimator,
        final_estimator=final_estimator(model)[0],
        tags=tags,
        datasets=datasets,
        dataset_name=datasets[0] if datasets else "",
        sections=sections,
        texts={s.key: s for s in sections},
        data_facts=tuple(_flatten(model.data)),
        fingerprint=tables,
        fingerprint_other=other_facts,
        fingerprint_columns=column_lists(tables),
        performance=performance(ev, list(conf[0]) if conf else []),
        model_link=model_link(site, model),
        expected_url=(site.repro.model_url if site.repro and model is site.model else ""),
        mermaid=diagram.mermaid(model.tree),
        outline=diagram.tree_lines(model.tree),
        param_groups=groups,
        param_count=count,
        seeds=_seeds(model),
        metrics=tuple(_metrics(model.metrics, model.path, model.metric_sources)),
        plots=plots.make_plots(ev, prefix=f"ms-{re.sub(r'[^A-Za-z0-9_-]', '-', model.name)}"),
        confusion_labels=tuple(conf[0]) if conf else (),
        confusion_rows=tuple(tuple(short_number(v) for v in row) for row in conf[1])
        if conf
        else (),
        importances=tuple((name, f"{v:.4g}") for name, v in imps),
        environment=environment,
        packages=packages,
        trusted=tuple(model.untrusted_types),
        load_snippet=load_snippet(model),
        citation_text=citation_text,
        bibtex=bibtex,
        gaps=tuple(gaps),
    )


# ---------------------------------------------------------------- the site's cards


def _config_location(site: Site, key: str) -> tuple[Path, int | None]:
    """Where `key` (e.g. `card.intended_use`) is, or would go: file and line when known."""
    source = site.config.source
    path = Path(source.split(" [")[0]) if source else site.project.root / "modelsite.yml"
    if not path.is_file():
        return path, None
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    leaf = key.split(".")[-1]
    for pattern in (rf"^\s+{re.escape(leaf)}\s*[:=]", r"^\[?\s*(tool\.modelsite\.)?card\s*[:\]]"):
        for i, line in enumerate(lines, 1):
            if re.match(pattern, line):
                return path, i
    return path, None


def collect_cards(site: Site) -> tuple[tuple[CardInfo, ...], tuple[str, ...]]:
    """The card of every model of the site (in the order of `site.models`), and a located
    problem for each gap of the primary card (the pipeline reports them)."""
    cards = tuple(build_card(site, model) for model in site.models)
    problems = []
    for gap in cards[0].gaps if cards else ():
        path, line = _config_location(site, gap.key)
        problems.append(located(path, gap.message, line))
    return cards, tuple(problems)


def card_for(site: Site, model: ModelInfo) -> CardInfo:
    """The card of `model` in `site`, built from them (so a site changed with
    `dataclasses.replace` never gives a stale card)."""
    return build_card(site, model)
