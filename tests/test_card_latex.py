"""The LaTeX export compiles inside a paper, hostile text included.

Needs `pdflatex` with booktabs (Debian: texlive-latex-base texlive-latex-recommended; `.ci/run`
installs them). Runs without shell escape; a paranoid `openin_any` keeps TeX from reading
files outside the folder even if some input tried.
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
from modelsite.card.exports import render_card
from modelsite.pipeline import collect_site

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "projects"))
from make_hostile_project import build_hostile_project

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


def test_fixture_card_compiles(tmp_path: Path) -> None:
    log = compile_fragment(render_card(fixture_site(), "tex"), tmp_path)
    assert "Undefined control sequence" not in log


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
