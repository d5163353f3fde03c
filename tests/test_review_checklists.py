"""Reviewers' checklists (NeurIPS items 4-8, REFORMS module 2) on /reproduce/ and in the LaTeX
card: each item met only with evidence, from what the bundled example really records."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelsite.card.exports import render_card
from modelsite.pipeline import collect_site
from modelsite.repro.checklist import MET, MISSING, ReviewChecklist
from modelsite.sitemodel import Site


@pytest.fixture(scope="module")
def site(trained_example: Path) -> Site:
    return collect_site(trained_example)


def _items(site: Site) -> dict[str, dict[str, tuple[str, str]]]:
    assert site.repro is not None
    review: tuple[ReviewChecklist, ...] = site.repro.review
    return {c.key: {i.number: (i.status, i.evidence) for i in c.items} for c in review}


def test_example_items_and_their_status(site: Site) -> None:
    items = _items(site)
    assert list(items) == ["neurips", "reforms"]
    assert {n: s for n, (s, _) in items["neurips"].items()} == {
        "4": MET,
        "5": MET,
        "6": MET,
        "7": MISSING,  # the example records accuracy and F1 as single numbers
        "8": MISSING,  # no training time or memory is recorded
    }
    assert {n: s for n, (s, _) in items["reforms"].items()} == {
        "2a": MET,
        "2b": MISSING,  # the test copy is not a git checkout: no commit recorded
        "2c": MET,
        "2d": MET,
        "2e": MET,
    }


def test_evidence_names_what_was_found(site: Site) -> None:
    items = _items(site)
    assert items["neurips"]["5"][1] == (
        "code at https://github.com/modelsite-examples/wine-classifier; "
        "data: `sklearn.datasets.load_wine`; "
        "instructions: training command `python -m wine_classifier.train` (modelsite.yml)"
    )
    assert items["neurips"]["7"][1] == (
        "not found: error bars or confidence intervals "
        "(2 metrics recorded as single values: `accuracy`, `f1_macro`)"
    )
    assert items["reforms"]["2b"][1] == (
        "not found: the commit the model was trained from "
        "(found: repository https://github.com/modelsite-examples/wine-classifier)"
    )
    assert items["reforms"]["2d"][1].startswith("`README.md` in the project; ")


def test_every_met_item_states_evidence(site: Site) -> None:
    assert site.repro is not None
    for checklist in site.repro.review:
        for item in checklist.items:
            assert item.status in ("met", "missing", "not applicable")
            if item.status == MET:
                assert item.evidence and not item.evidence.startswith("not found")
            else:
                assert item.evidence.startswith("not found")


def test_project_without_readme_misses_2d(example_copy: Path) -> None:
    (example_copy / "README.md").unlink()
    status, evidence = _items(collect_site(example_copy))["reforms"]["2d"]
    assert status == MISSING
    assert evidence.startswith("not found: a README")


def test_latex_card_carries_both_checklists(site: Site) -> None:
    tex = render_card(site, "tex")
    assert r"\subsubsection*{NeurIPS paper checklist, items 4-8}" in tex
    assert r"\subsubsection*{REFORMS, module 2: computational reproducibility}" in tex
    row = next(line for line in tex.splitlines() if line.startswith("7 & Statistical"))
    assert " & missing & not found: error bars" in row
    assert "`" not in row


def test_reproduce_page_shows_the_checklists(trained_example: Path, tmp_path: Path) -> None:
    from modelsite.cli import main

    out = tmp_path / "site"
    assert main(["build", str(trained_example), "-o", str(out)]) == 0
    page = (out / "reproduce" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="reviewers-checklists">Reviewers\' checklists' in page
    assert "NeurIPS paper checklist, items 4-8" in page
    assert "2e. Reproduction script to produce all results" in page


def test_latex_card_with_checklists_compiles(site: Site, tmp_path: Path) -> None:
    from test_card_latex import compile_fragment

    log = compile_fragment(render_card(site, "tex"), tmp_path)
    assert "Undefined control sequence" not in log
