"""The reproducibility checklist on the overview page, filled from evidence.

In the spirit of the Papers with Code completeness items: each item says what was found and
links to the page that proves it. Nothing is ticked on the author's word alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelsite.wording import count

if TYPE_CHECKING:
    from modelsite.repro.info import ReproInfo
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
