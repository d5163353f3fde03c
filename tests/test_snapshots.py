"""Golden snapshots of every generated Markdown page of the example, and of its site model.

Inputs: the bundled example (examples/wine), trained in a temporary copy, with the fields that
change from one export or machine to the next (hash, size, versions, times) replaced by fixed
values. To accept new output after a deliberate change, run:

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_snapshots.py

and review the diff of tests/snapshots/ like any other change.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from modelsite.pagefacts import attach_pages
from modelsite.pipeline import collect_site
from modelsite.render import render_pages
from modelsite.repro.gather import attach_repro
from modelsite.sitemodel import ModelInfo, Site, to_json

SNAPSHOTS = Path(__file__).parent / "snapshots" / "pages"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

FIXED_ENVIRONMENT = {
    "python": "3.11.7",
    "platform": "Linux-x86_64",
    "packages": {"numpy": "2.0.0", "scikit-learn": "1.9.1", "scipy": "1.14.0", "skops": "0.16.0"},
}


def normalise_model(model: ModelInfo) -> ModelInfo:
    versions = {k: v for k, v in model.versions.items() if k == "protocol"}
    versions.update({"sklearn": "1.9.1", "skops": "0.16.0"})
    return dataclasses.replace(
        model,
        sha256="0" * 64,
        size_bytes=123456,
        versions=versions,
        environment=FIXED_ENVIRONMENT if model.environment else {},
        provenance={
            "command": "python -m wine_classifier.train",
            "commit": "",
            "dirty": False,
            "time": "2026-01-01T00:00:00Z",
            "seed": 42,
        }
        if model.provenance
        else {},
    )


@pytest.fixture(scope="module")
def site(trained_example: Path) -> Site:
    collected = collect_site(trained_example)
    site = dataclasses.replace(
        collected, models=tuple(normalise_model(m) for m in collected.models)
    )
    # What derives from the models (pins, checklist, cards) is derived again from the fixed ones.
    site = attach_repro(site)
    site, _ = attach_pages(site)
    if site.health is not None:  # the installed ruff's version shows in the fix commands
        site = dataclasses.replace(
            site, health=dataclasses.replace(site.health, ruff_version="0.0.0")
        )
    return site


def check(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path}; run UPDATE_SNAPSHOTS=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{path.relative_to(SNAPSHOTS.parent.parent)} differs from the rendered output; if the "
        "change is intended run UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py"
    )


def test_pages_match_snapshots(site: Site) -> None:
    pages = render_pages(site)
    for page, text in sorted(pages.items()):
        check(SNAPSHOTS / page, text)
    if not UPDATE:
        stored = {p.relative_to(SNAPSHOTS).as_posix() for p in SNAPSHOTS.rglob("*") if p.is_file()}
        assert stored == set(pages), "pages were added or removed; update the snapshots"


def test_site_model_matches_snapshot(site: Site, trained_example: Path) -> None:
    text = json.dumps(to_json(site), indent=1, sort_keys=True) + "\n"
    check(SNAPSHOTS.parent / "site-model.json", text.replace(str(trained_example), "<project>"))
