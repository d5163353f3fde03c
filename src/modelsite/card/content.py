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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from modelsite.card import diagram, plots
from modelsite.card.numbers import metric_text, value_text
from modelsite.card.plots import Plot
from modelsite.log import warn
from modelsite.sitemodel import EstimatorNode, ModelInfo, Site

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
class CardInfo:
    """Everything one model card shows, in every format."""

    # model details
    title: str
    model_key: str
    """The model's name (file stem), as in `/models/<name>/`."""
    hub_name: str
    """The model-index name: the project's name for a single model, else `<project>-<name>`."""
    model_file: str
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
    data_facts: tuple[Fact, ...]
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


def _filled(text: str) -> str:
    """The text, or `""` when it is empty or still the `TODO: ...` that `modelsite init` wrote."""
    stripped = text.strip()
    return "" if not stripped or stripped.upper().startswith("TODO") else text


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


def build_card(site: Site, model: ModelInfo) -> CardInfo:
    """The card of one model of the site."""
    project, text = site.project, site.config.card
    cit = project.citation
    gaps: list[Gap] = []

    several = len(site.models) > 1
    # several models: each card is named after its file (the configured name, the project's)
    title = model.name if several else (_filled(text.model_name) or project.title or model.name)
    version = _filled(text.version) or project.version or (cit.version if cit else "")
    authors = (
        tuple(a for a in text.authors if _filled(a))
        or tuple(a.name for a in project.authors if _filled(a.name))
        or (tuple(a.name for a in cit.authors if _filled(a.name)) if cit else ())
    )
    license_ = _filled(text.license) or project.license or (cit.license if cit else "")
    hub_lic, license_name = hub_license(license_)
    emails = [a.email for a in (*project.authors, *(cit.authors if cit else ())) if a.email]
    contact = _filled(text.contact) or (emails[0] if emails else "")
    repository = (
        site.config.publish.repository or (cit.repository if cit else "") or project.repository_url
    )
    doi = cit.doi if cit else ""
    date = _date(site, model)
    task = model.task or ""
    pipeline_tag = TASK_TAGS.get(task, "")

    def src(own: str, *fallbacks: tuple[str, str]) -> str:
        if own:
            return "modelsite.yml"
        return next((name for value, name in fallbacks if value), "")

    for value, key, what in (
        (authors, "card.authors", "authors"),
        (license_, "card.license", "license"),
        (contact, "card.contact", "contact"),
    ):
        if not value:
            gaps.append(Gap(key=key, what=what))

    summary_text = _filled(text.summary) or project.description
    summary = Section(
        key="summary",
        title="Summary",
        text=summary_text,
        gap=None if summary_text else Gap(key="card.summary", what="summary"),
    )
    if summary.gap:
        gaps.append(summary.gap)
    sections = []
    for key, sec_title, hint in TEXT_SECTIONS:
        value = _filled(getattr(text, key))
        gap = None if value else Gap(key=f"card.{key}", what=sec_title.lower(), hint=hint)
        if gap:
            gaps.append(gap)
        sections.append(Section(key=key, title=sec_title, text=value, gap=gap))

    details = [
        Fact(
            label="Name",
            value=title,
            source="model file name"
            if several
            else src(
                _filled(text.model_name) or site.config.site_name,
                (cit.title if cit and cit.title == title else "", "CITATION.cff"),
                (title if title == project.title else "", project.sources.get("title", "")),
                (title, "model file name"),
            ),
        ),
        Fact(
            label="Version",
            value=version,
            source=src(
                _filled(text.version),
                (project.version, project.sources.get("version", "")),
                (version, "CITATION.cff"),
            ),
        ),
        Fact(label="Type", value=_model_type(model, task), source="model file"),
        Fact(label="Estimator", value=model.estimator, source="model file"),
        Fact(
            label="Authors",
            value=", ".join(authors),
            source=src(
                ",".join(map(_filled, text.authors)),
                (
                    ",".join(a.name for a in project.authors),
                    project.sources.get("authors", ""),
                ),
                (",".join(authors), "CITATION.cff"),
            ),
        ),
        Fact(
            label="License",
            value=license_,
            source=src(
                _filled(text.license),
                (project.license, project.sources.get("license", "")),
                (license_, "CITATION.cff"),
            ),
        ),
        Fact(
            label="Date",
            value=date,
            source="CITATION.cff" if cit and cit.date_released else ("model file" if date else ""),
        ),
        Fact(
            label="Contact",
            value=contact,
            source=src(
                _filled(text.contact),
                (
                    contact if any(a.email == contact for a in project.authors) else "",
                    project.sources.get("authors", ""),
                ),
                (contact, "CITATION.cff"),
            ),
        ),
        Fact(
            label="Repository",
            value=repository,
            url=repository,
            source=src(
                site.config.publish.repository,
                (cit.repository if cit else "", "CITATION.cff"),
                (repository, "git remote"),
            ),
        ),
    ]
    if doi:
        details.append(
            Fact(label="DOI", value=doi, url=f"https://doi.org/{doi}", source="CITATION.cff")
        )
    if text.datasets:
        details.append(
            Fact(label="Datasets", value=", ".join(text.datasets), source="modelsite.yml")
        )
    repro = getattr(site, "repro", None)
    download = site.config.publish.model_url if model is site.model else ""
    if model is site.model and not download and repro is not None:
        download = getattr(repro, "model_url", "")  # the release-asset convention
    if download:
        details.append(
            Fact(
                label="Download",
                value=download,
                url=download,
                source="modelsite.yml" if site.config.publish.model_url else "release convention",
            )
        )
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
    details += _commit_facts(model, repro if model is site.model else None)

    dataset = model.data.get("dataset")
    datasets = text.datasets or ((str(dataset),) if dataset else ())
    dataset_name = datasets[0] if datasets else ""

    groups, count = _param_groups(model)
    ev = model.evaluation
    conf = plots.confusion(ev)
    imps = plots.importances(ev)[:15]
    env = model.environment
    environment = [
        Fact(label=k, value=value_text(env[k]), source="model file")
        for k in ("python", "platform", "implementation")
        if k in env
    ]
    environment += [
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

    link = f"https://doi.org/{doi}" if doi else repository
    citation_text = (
        cit.apa
        if cit and cit.apa
        else f"{', '.join(authors) or 'Unknown authors'}"
        f"{f' ({date[:4]})' if date[:4].isdigit() else ''}. {title}"
        f"{f' (version {version})' if version else ''}.{f' {link}' if link else ''}"
    )
    bibtex = (
        cit.bibtex
        if cit and cit.bibtex
        else _bibtex(title, authors, version, date, repository, doi, model.name)
    )

    tags = tuple(
        dict.fromkeys(["sklearn", "skops", *([pipeline_tag] if pipeline_tag else []), *text.tags])
    )
    return CardInfo(
        title=title,
        model_key=model.name,
        hub_name=project.name if len(site.models) <= 1 else f"{project.name}-{model.name}",
        model_file=Path(model.path).as_posix(),
        summary=summary,
        details=tuple(details),
        version=version,
        authors=authors,
        license=license_,
        hub_license=hub_lic,
        license_name=license_name,
        contact=contact,
        date=date,
        repository=repository,
        doi=doi,
        task=task,
        pipeline_tag=pipeline_tag,
        estimator=model.estimator,
        final_estimator=final_estimator(model)[0],
        tags=tags,
        datasets=datasets,
        dataset_name=dataset_name,
        sections=tuple(sections),
        data_facts=tuple(_flatten(model.data)),
        mermaid=diagram.mermaid(model.tree),
        outline=diagram.tree_lines(model.tree),
        param_groups=groups,
        param_count=count,
        seeds=_seeds(model),
        metrics=tuple(_metrics(model.metrics, model.path, model.metric_sources)),
        plots=plots.make_plots(ev, prefix=f"ms-{re.sub(r'[^A-Za-z0-9_-]', '-', model.name)}"),
        confusion_labels=tuple(conf[0]) if conf else (),
        confusion_rows=tuple(tuple(plots._fmt(v) for v in row) for row in conf[1]) if conf else (),
        importances=tuple((name, f"{v:.4g}") for name, v in imps),
        environment=tuple(environment),
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


@dataclass(frozen=True, kw_only=True)
class CardSet:
    """What the site keeps about its cards: the gaps warned about, and a way to build a card.

    Cards are built when rendered (`of`), from the site and model being rendered, so a `Site`
    changed with `dataclasses.replace` never shows a stale card.
    """

    gaps: tuple[str, ...] = ()
    """Configuration keys of the gaps warned about at collection (`card.intended_use`...)."""

    def of(self, site: Site, model: ModelInfo) -> CardInfo:
        return build_card(site, model)


def collect_cards(site: Site) -> CardSet:
    """Check the cards of the site's models; warn once, located, about each gap."""
    gaps: tuple[Gap, ...] = build_card(site, site.model).gaps if site.model else ()
    for gap in gaps:
        path, line = _config_location(site, gap.key)
        warn(path, gap.message, line)
    return CardSet(gaps=tuple(g.key for g in gaps))


def card_for(site: Site, model: ModelInfo) -> CardInfo:
    """The card of `model` in `site`."""
    return build_card(site, model)
