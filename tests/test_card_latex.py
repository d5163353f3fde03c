"""The LaTeX export compiles inside a paper, hostile text included.

Needs `pdflatex` with booktabs (Debian: texlive-latex-base texlive-latex-recommended) and
`pdftotext` (poppler-utils); `.ci/run` installs them. Runs without shell escape; a paranoid
`openin_any` keeps TeX from reading files outside the folder even if some input tried. The
wide project (`corpus/projects/make_wide_project.py`) checks that long tables keep every row.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from card_support import fixture_site
from modelsite.card.content import card_for
from modelsite.card.exports import render_card
from modelsite.pipeline import collect_site
from modelsite.sitemodel import Site

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "projects"))
from make_hostile_project import build_hostile_project
from make_wide_project import COLUMNS, build_wide_project

pytestmark = pytest.mark.needs("pdflatex")

PAPER = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{booktabs,longtable,array}
\begin{document}
\section{Appendix}
\input{card}
\end{document}
"""


def compile_fragment(tex: str, folder: Path) -> str:
    pdflatex = shutil.which("pdflatex")
    assert pdflatex, (
        "pdflatex is missing: install texlive-latex-base and "
        "texlive-latex-recommended (Debian), as .ci/run does"
    )
    (folder / "card.tex").write_text(tex, encoding="utf-8")
    (folder / "paper.tex").write_text(PAPER, encoding="utf-8")
    env = {**os.environ, "openin_any": "p", "openout_any": "p"}
    proc = subprocess.run(
        [pdflatex, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    log = (folder / "paper.log").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert (folder / "paper.pdf").stat().st_size > 1000
    return log


def overfull(log: str, limit: float = 10.0) -> list[str]:
    """The log's overfull box warnings over `limit` points (horizontal or vertical)."""
    found = re.findall(r"^Overfull \\[hv]box \(([\d.]+)pt too (?:wide|high)\).*$", log, re.M)
    lines = re.findall(r"^Overfull \\[hv]box .*$", log, re.M)
    return [line for line, pt in zip(lines, found, strict=True) if float(pt) > limit]


def pdf_text(pdf: Path) -> str:
    """The PDF's text in content order, without page numbers and running table heads, with
    no whitespace and nothing but ASCII (the bitmap fonts' non-ASCII glyphs do not map back)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install poppler-utils (Debian), as .ci/run does"
    raw = subprocess.run(
        [pdftotext, "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    kept = []
    for page in raw.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and lines[-1].strip().isdigit():
            lines = lines[:-1]  # the page number
        kept += [line for line in lines if line.strip() != "Fingerprint Value"]
    return squash("".join(kept))


def squash(text: str) -> str:
    """`text` without whitespace, non-ASCII and control characters (T1's en dash comes back
    from pdftotext as its font slot, U+0015)."""
    return re.sub(r"[\s\x00-\x1f]+", "", text).encode("ascii", "ignore").decode()


def test_fixture_card_compiles(tmp_path: Path) -> None:
    log = compile_fragment(render_card(fixture_site(), "tex"), tmp_path)
    assert "Undefined control sequence" not in log
    assert overfull(log) == []


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return collect_site(build_wide_project(tmp_path_factory.mktemp("corpus")))


def test_wide_fingerprint_keeps_every_row_and_stays_in_the_margins(
    tmp_path: Path, wide_site: Site
) -> None:
    site = wide_site
    tex = render_card(site, "tex")
    out = tmp_path / "tex"
    out.mkdir()
    log = compile_fragment(tex, out)
    assert overfull(log) == [], "\n".join(overfull(log))
    text = pdf_text(out / "paper.pdf")
    info = card_for(site, site.models[0])
    # one row per table: train X, train y, test X, test y, each with its SHA-256
    assert [t.name for t in info.fingerprint] == ["train X", "train y", "test X", "test y"]
    missing = [
        t.name
        for t in info.fingerprint
        if squash(t.name + t.shape + t.dtypes) not in text
        or squash("SHA-256" + t.sha256) not in text
    ]
    assert missing == []
    assert all(len(t.sha256) == 64 for t in info.fingerprint)
    assert [f for f in info.fingerprint_other if squash(f"{f.label}:{f.value}") not in text] == []
    for name in COLUMNS:  # every column name whole in the list of columns
        assert name in text, name
    # the 60 dtypes are counted, not listed: one float64 summary per X table
    assert squash("60 × float64") in text and text.count("60float64") == 2


def test_wide_card_opens_with_use_and_performance(tmp_path: Path, wide_site: Site) -> None:
    """The PDF follows the site's card: intended use, evaluation results (scores on the
    evaluation set with its size and intervals, per class), how to use it, then the details."""
    tex = render_card(wide_site, "tex")
    compile_fragment(tex, tmp_path)
    text = pdf_text(tmp_path / "paper.pdf")
    perf = card_for(wide_site, wide_site.models[0]).performance
    headings = [
        "Intendeduse",
        "Evaluationresults",
        "Perclass",
        "Howtouse",
        "Modeldetails",
        "Trainingdata",
        "Evaluationdata",
        "Trainingprocedure",
        "Environment",
        "Citation",
    ]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions and positions == sorted(positions), dict(
        zip(headings, positions, strict=True)
    )
    assert perf.n_samples == 120 and "(120samples)" in text
    assert perf.scores and perf.interval_method
    for score in perf.scores:  # name, value and interval in one row
        assert squash(score.name + score.text + score.interval) in text, score
    assert squash("bootstrap over the 120 (true, predicted) pairs") in text
    assert len(perf.per_class) == 4
    for row in perf.per_class:
        assert squash(f"{row.label}{row.support}{row.precision}{row.recall}{row.f1}") in text


def test_identifiers_wrap_only_at_their_boundaries(wide_site: Site) -> None:
    tex = render_card(wide_site, "tex")
    wraps = re.findall(r"(\S{0,16})\\allowbreak\{\}(?=(\S?))", tex)
    assert wraps
    for before, after in wraps:
        if re.search(r"[0-9a-f]{16}$", before) and re.match(r"[0-9a-f]", after):
            continue  # a hex digest may wrap every 16 digits: it is not a word
        # otherwise never between two letters or two digits (of a word or a number)
        assert not (before[-1:].isalpha() and after.isalpha()), (before, after)
        assert not (before[-1:].isdigit() and after.isdigit()), (before, after)
    assert "classification" in tex and "classificati\\allowbreak" not in tex


def test_hostile_card_compiles_and_runs_nothing(tmp_path: Path) -> None:
    project = build_hostile_project(tmp_path / "corpus")
    out = tmp_path / "tex"
    out.mkdir()
    log = compile_fragment(render_card(collect_site(project), "tex"), out)
    assert "(/etc/passwd" not in log  # the `\\input{/etc/passwd}` in the data stayed text
    assert sorted(p.name for p in out.iterdir()) == [
        "card.tex",
        "paper.aux",
        "paper.log",
        "paper.pdf",
        "paper.tex",
    ]


def test_control_characters_in_card_text_do_not_stop_tex(tmp_path: Path) -> None:
    import dataclasses

    from card_support import CARD

    site = fixture_site(card=dataclasses.replace(CARD, limitations="bell\x07 back\x08space\x1b"))
    tex = render_card(site, "tex")
    assert "bell backspace" in tex  # escape.tex drops them; the text around them survives
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", tex)
    compile_fragment(tex, tmp_path)


def test_many_classes_list_the_confusion_matrix_cells(tmp_path: Path) -> None:
    from card_support import EVALUATION, wine_model

    labels = [f"material_class_{i:02d}_with_a_rather_long_descriptive_name" for i in range(12)]
    matrix = [
        [(5 if i == j else (1 if j == (i + 1) % 12 else 0)) for j in range(12)] for i in range(12)
    ]
    evaluation = {**EVALUATION, "labels": labels, "confusion_matrix": matrix}
    site = fixture_site(models=(wine_model(evaluation=evaluation),))
    tex = render_card(site, "tex")
    log = compile_fragment(tex, tmp_path)
    assert overfull(log) == [], "\n".join(overfull(log))
    assert "non-zero cells (12 classes)" in tex
    text = pdf_text(tmp_path / "paper.pdf")
    for i in range(12):  # the diagonal and the one confusion of each class, nothing else
        true, next_ = labels[i], labels[(i + 1) % 12]
        assert squash(f"{true}{true}5") in text and squash(f"{true}{next_}1") in text
    # 24 cells with 2 names each, and each class once in the per-class table
    assert text.count("with_a_rather_long_descriptive_name") == 24 * 2 + 12


def test_wrap_points_and_row_pieces() -> None:
    from modelsite.card.exports import tex_breakable, tex_rows

    assert (
        str(tex_breakable("forest__max_depth")) == r"forest\_\_\allowbreak{}max\_\allowbreak{}depth"
    )
    assert str(tex_breakable("sklearn.ensemble.RandomForest")) == (
        r"sklearn.\allowbreak{}ensemble.\allowbreak{}RandomForest"
    )
    for whole in ("0.9556", "123,456 bytes", "2026-11-01", "classification", "LogisticRegression"):
        assert str(tex_breakable(whole)) == whole  # numbers and words never wrap inside
    assert str(tex_breakable("ab" * 16)) == "ab" * 8 + r"\allowbreak{}" + "ab" * 8
    names = ", ".join(f"column_{i:03d}_with_a_long_name" for i in range(60))
    pieces = tex_rows(names, limit=400)
    assert "".join(pieces) == names and len(pieces) > 1
    assert all(len(p) <= 400 for p in pieces) and all(p.endswith(", ") for p in pieces[:-1])
    assert tex_rows("short") == ["short"]
