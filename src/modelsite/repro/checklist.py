"""The reproducibility checklist on the overview page, and the reviewers' checklists on
`/reproduce/` (NeurIPS items 4-8, REFORMS module 2), filled from evidence.

In the spirit of the Papers with Code completeness items: each item says what was found and
links to the page that proves it. Nothing is ticked on the author's word alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelsite.wording import count

if TYPE_CHECKING:
    from modelsite.repro.gather import ReproInfo
    from modelsite.sitemodel import Site

DONE, PARTIAL, MISSING = "done", "partial", "missing"


@dataclass(frozen=True, kw_only=True)
class ChecklistItem:
    label: str
    status: str
    """`done`, `partial` or `missing`."""
    evidence: str
    """What was found (or not), one sentence of plain text."""
    page: str
    """The page (path in the docs folder) that shows the proof."""
    anchor: str = ""

    @property
    def symbol(self) -> str:
        return {DONE: "✅", PARTIAL: "⚠️", MISSING: "❌"}[self.status]


def build_checklist(site: Site, repro: ReproInfo) -> tuple[ChecklistItem, ...]:
    items = []
    code = site.code
    if code.total:
        status = DONE if code.coverage >= 80 else PARTIAL if code.documented else MISSING
        evidence = (
            f"{code.coverage:.0f}% of {code.total} public objects in "
            f"{len(code.modules)} modules have docstrings"
        )
    else:
        status, evidence = MISSING, "no public objects found in the training code"
    items.append(
        ChecklistItem(
            label="Code documented", status=status, evidence=evidence, page="reference/index.md"
        )
    )

    env = repro.environment
    if not env.pins:
        status, evidence = MISSING, "no requirements found anywhere"
    elif env.unpinned:
        status = PARTIAL
        evidence = f"{len(env.unpinned)} of {len(env.pins)} requirements have no exact version"
    else:
        status = DONE
        evidence = f"{len(env.pins)} requirements pinned from {env.source}"
    items.append(
        ChecklistItem(
            label="Dependencies pinned",
            status=status,
            evidence=evidence,
            page="reproduce.md",
            anchor="environment",
        )
    )

    audit = repro.randomness
    problems = len(audit.unseeded) + len(audit.unseeded_model_params)
    if problems:
        status = PARTIAL if (audit.seeds or audit.model_seeds) else MISSING
        evidence = f"{count(problems, 'unseeded source')} of randomness"
    elif not audit.complete:
        status = PARTIAL
        left = len(audit.unaudited) + len(audit.problems)
        evidence = (
            f"none unseeded in the {count(audit.files, 'file')} audited, but "
            f"{count(left, 'file')} of the training code could not be audited"
        )
    else:
        status = DONE
        evidence = (
            f"{count(len(audit.seeds), 'fixed seed')} in the code, "
            f"{count(len(audit.model_seeds), 'seed')} in the model, none unseeded"
        )
    items.append(
        ChecklistItem(
            label="Seeds fixed",
            status=status,
            evidence=evidence,
            page="reproduce.md",
            anchor="seeds",
        )
    )

    model = site.model
    if model is not None and repro.data_fingerprint:
        status, evidence = DONE, "data fingerprint recorded in the model file at export"
    elif site.config.card.training_data or site.config.card.datasets:
        status, evidence = PARTIAL, "training data described in words, no fingerprint recorded"
    else:
        status, evidence = MISSING, "no data fingerprint and no description of the training data"
    items.append(
        ChecklistItem(
            label="Data identified",
            status=status,
            evidence=evidence,
            page="reproduce.md",
            anchor="data",
        )
    )

    if model is None:
        status, evidence = MISSING, "no model file"
    elif repro.model_tracked:
        status, evidence = DONE, f"`{model.path}` is in the repository"
    elif repro.model_url_configured:
        status, evidence = DONE, f"`{model.path}` is downloadable from `publish.model_url`"
    elif repro.model_url:
        status, evidence = (
            PARTIAL,
            (
                f"`{model.path}` is expected as a release asset of "
                f"v{site.project.version}; set `publish.model_url` once it "
                "is uploaded"
            ),
        )
    else:
        status, evidence = PARTIAL, f"`{model.path}` exists but no download location is known"
    items.append(
        ChecklistItem(
            label="Model published", status=status, evidence=evidence, page="model-card.md"
        )
    )

    if model is not None and model.metrics and repro.has_sample:
        status, evidence = (
            DONE,
            (
                f"{count(len(model.metrics), 'metric')} and predictions on a fixed "
                "sample embedded in the model file"
            ),
        )
    elif model is not None and model.metrics:
        status, evidence = (
            PARTIAL,
            f"{count(len(model.metrics), 'metric')}, no fixed sample to verify",
        )
    else:
        status, evidence = MISSING, "no evaluation recorded in the model file"
    items.append(
        ChecklistItem(
            label="Evaluation recorded", status=status, evidence=evidence, page="model-card.md"
        )
    )

    if site.project.dockerfile and repro.image_published:
        status, evidence = DONE, f"`Dockerfile` in the project, image `{repro.image}` published"
    elif site.project.dockerfile:
        status, evidence = PARTIAL, "`Dockerfile` in the project, no workflow publishes an image"
    else:
        status, evidence = MISSING, "no `Dockerfile` (run `modelsite init` to write one)"
    items.append(
        ChecklistItem(
            label="Container available", status=status, evidence=evidence, page="docker.md"
        )
    )

    citation = site.project.citation
    if citation is None:
        status, evidence = MISSING, "no `CITATION.cff` (run `modelsite init` to write one)"
    elif repro.citation_problems:
        status, evidence = (
            PARTIAL,
            f"`CITATION.cff` has {count(len(repro.citation_problems), 'invalid field')}",
        )
    else:
        status = DONE
        evidence = "`CITATION.cff`" + (f" with DOI {citation.doi}" if citation.doi else "")
    items.append(ChecklistItem(label="Citation", status=status, evidence=evidence, page="cite.md"))
    return tuple(items)


# ---------------------------------------------------------------- reviewers' checklists

MET, NOT_APPLICABLE = "met", "not applicable"
"""Statuses of a reviewers' checklist item (with `MISSING`): no "partly" — an item is met only
when every piece of evidence it asks for was found."""


@dataclass(frozen=True, kw_only=True)
class ReviewItem:
    """One item of a reviewers' checklist (NeurIPS, REFORMS), answered from evidence."""

    number: str
    question: str
    status: str
    """`met`, `missing` or `not applicable`."""
    evidence: str
    """What modelsite found (or did not find), plain text with `code` spans."""

    @property
    def symbol(self) -> str:
        return {MET: "✅", MISSING: "❌", NOT_APPLICABLE: "➖"}[self.status]


@dataclass(frozen=True, kw_only=True)
class ReviewChecklist:
    key: str
    title: str
    source: str
    """Where the checklist's items are defined (a citable name)."""
    items: tuple[ReviewItem, ...]


def _answer(found: list[str], lacking: list[str]) -> tuple[str, str]:
    """`met` with the evidence when nothing is lacking, else `missing` naming what is."""
    if lacking:
        said = "; ".join(found)
        return MISSING, "not found: " + "; ".join(lacking) + (f" (found: {said})" if said else "")
    return MET, "; ".join(found)


def _base(items: tuple[ChecklistItem, ...], label: str) -> ChecklistItem | None:
    return next((i for i in items if i.label == label), None)


def _evidence_from(item: ChecklistItem | None, found: list[str], lacking: list[str]) -> None:
    if item is None:
        return
    (found if item.status == DONE else lacking).append(f"{item.label.lower()}: {item.evidence}")


def _repository(site: Site) -> str:
    citation = site.project.citation
    if citation is not None and citation.repository:
        return citation.repository
    # the forge's web address, never the raw remote (`.git`, an SSH form or a token in it)
    return site.project.git.web_url if site.project.git else ""


def _dataset(site: Site) -> str:
    model = site.model
    name = model.data.get("dataset") if model is not None else None
    return name if isinstance(name, str) else ""


def _infrastructure(site: Site) -> tuple[list[str], list[str]]:
    found: list[str] = []
    lacking: list[str] = []
    env = site.model.environment if site.model is not None else {}
    parts = [f"{k} {env[k]}" for k in ("python", "platform", "machine") if env.get(k)]
    packages = env.get("packages")
    if parts:
        found.append("recorded in the model file: " + ", ".join(parts))
    else:
        lacking.append("the machine and Python version the model was trained with")
    if isinstance(packages, dict) and packages:
        found.append(f"{count(len(packages), 'installed package')} with versions recorded")
    else:
        lacking.append("the installed packages at training time")
    return found, lacking


def review_checklists(
    site: Site, repro: ReproInfo, items: tuple[ChecklistItem, ...]
) -> tuple[ReviewChecklist, ...]:
    """NeurIPS paper checklist items 4-8 and REFORMS module 2, from the same evidence as the
    overview's checklist (`items`) and the reproduce page."""
    model = site.model
    command = (
        f"training command `{repro.train_command}` ({repro.train_command_source})"
        if repro.train_command
        else ""
    )
    repository = _repository(site)
    dataset = _dataset(site)
    neurips: list[ReviewItem] = []

    found: list[str] = []
    lacking: list[str] = []
    (found if command else lacking).append(command or "a training command")
    for label in ("Dependencies pinned", "Seeds fixed", "Data identified"):
        _evidence_from(_base(items, label), found, lacking)
    status, evidence = _answer(found, lacking)
    neurips.append(
        ReviewItem(
            number="4",
            question="Experimental result reproducibility: is the information needed to "
            "reproduce the main results disclosed?",
            status=status,
            evidence=evidence,
        )
    )

    found = []
    lacking = []
    (found if repository else lacking).append(
        f"code at {repository}" if repository else "a public code repository"
    )
    (found if dataset else lacking).append(
        f"data: `{dataset}`" if dataset else "the data set's name, recorded in the model file"
    )
    (found if command else lacking).append(
        f"instructions: {command}" if command else "instructions (a training command)"
    )
    status, evidence = _answer(found, lacking)
    neurips.append(
        ReviewItem(
            number="5",
            question="Open access to data and code, with instructions to reproduce the results?",
            status=status,
            evidence=evidence,
        )
    )

    found = []
    lacking = []
    if model is not None and model.params:
        found.append(f"{count(len(model.params), 'hyperparameter')} read from the model file")
    else:
        lacking.append("the hyperparameters")
    splits = [s for s in ("train", "test") if model is not None and model.data.get(s)]
    if len(splits) == 2:
        found.append("training and test splits fingerprinted in the model file")
    else:
        lacking.append("the training and test splits (fingerprints in the model file)")
    status, evidence = _answer(found, lacking)
    neurips.append(
        ReviewItem(
            number="6",
            question="Experimental setting/details: hyperparameters, data splits and how they "
            "were chosen?",
            status=status,
            evidence=evidence,
        )
    )

    metrics = dict(model.metrics) if model is not None else {}
    spread = [k for k in metrics if re.search(r"(^|_)(std|stderr|sem|ci|ci\d+)($|_)", k)]
    if not metrics:
        status, evidence = MISSING, "not found: any evaluation metric in the model file"
    elif spread:
        status = MET
        evidence = "error estimates recorded with the metrics: " + ", ".join(
            f"`{k}`" for k in sorted(spread)
        )
    else:
        status = MISSING
        evidence = (
            f"not found: error bars or confidence intervals ("
            f"{count(len(metrics), 'metric')} recorded as single values: "
            + ", ".join(f"`{k}`" for k in sorted(metrics))
            + ")"
        )
    neurips.append(
        ReviewItem(
            number="7",
            question="Statistical significance: error bars or confidence intervals, and how "
            "they were computed?",
            status=status,
            evidence=evidence,
        )
    )

    found, lacking = _infrastructure(site)
    lacking.append("training time and memory (modelsite does not record them)")
    status, evidence = _answer(found, lacking)
    neurips.append(
        ReviewItem(
            number="8",
            question="Experiments compute resources: type of compute, memory and time needed?",
            status=status,
            evidence=evidence,
        )
    )

    reforms: list[ReviewItem] = []
    if dataset.startswith("sklearn.datasets.load_"):
        status = MET
        evidence = f"`{dataset}` ships inside scikit-learn, whose version the model file records"
    elif site.config.card.datasets:
        status = MET
        names = ", ".join(site.config.card.datasets)
        evidence = f"Hugging Face data sets named in modelsite.yml (`card.datasets`): {names}"
    else:
        status = MISSING
        evidence = "not found: a link or DOI for the data" + (
            f" (the model file names `{dataset}`)" if dataset else ""
        )
    reforms.append(
        ReviewItem(
            number="2a",
            question="Dataset used for the analysis, with a link to the data or its DOI",
            status=status,
            evidence=evidence,
        )
    )

    found = []
    lacking = []
    (found if repository else lacking).append(
        f"repository {repository}" if repository else "a code repository"
    )
    if repro.commit:
        found.append(f"commit `{repro.commit[:12]}` ({repro.commit_source})")
    else:
        lacking.append("the commit the model was trained from")
    status, evidence = _answer(found, lacking)
    reforms.append(
        ReviewItem(
            number="2b",
            question="Code used to run the analysis, with a link to a versioned copy",
            status=status,
            evidence=evidence,
        )
    )

    found, lacking = _infrastructure(site)
    status, evidence = _answer(found, lacking)
    reforms.append(
        ReviewItem(
            number="2c",
            question="Description of the computing infrastructure used",
            status=status,
            evidence=evidence,
        )
    )

    readme = next(
        (
            n
            for n in ("README.md", "README.rst", "README.txt", "README")
            if (site.project.root / n).is_file()
        ),
        "",
    )
    found = []
    lacking = []
    (found if readme else lacking).append(f"`{readme}` in the project" if readme else "a README")
    (found if command else lacking).append(
        f"the steps on this page run the {command}" if command else "a training command"
    )
    status, evidence = _answer(found, lacking)
    reforms.append(
        ReviewItem(
            number="2d",
            question="README file with instructions to reproduce the results",
            status=status,
            evidence=evidence,
        )
    )

    if command and repro.steps:
        status = MET
        evidence = (
            f"{count(len(repro.steps), 'step')} on this page ({command}), "
            "then `modelsite verify` checks the model file against what the card states"
        )
    else:
        status, evidence = MISSING, "not found: a training command to build the script from"
    reforms.append(
        ReviewItem(
            number="2e",
            question="Reproduction script to produce all results",
            status=status,
            evidence=evidence,
        )
    )
    return (
        ReviewChecklist(
            key="neurips",
            title="NeurIPS paper checklist, items 4-8",
            source="NeurIPS Paper Checklist Guidelines",
            items=tuple(neurips),
        ),
        ReviewChecklist(
            key="reforms",
            title="REFORMS, module 2: computational reproducibility",
            source="Kapoor et al., REFORMS: Consensus-based Recommendations for "
            "Machine-learning-based Science, Science Advances 10 (2024)",
            items=tuple(reforms),
        ),
    )
