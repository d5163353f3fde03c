"""Helpers for tests that build a small project and read its pages: write the project's files,
build it with `modelsite build`, read a page's article."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from modelsite.cli import main


def write(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> dedented text) under `root`; return `root`."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def build(root: Path) -> Path:
    """`modelsite build ROOT -o ROOT/../site`, asserting it succeeds; return the site folder."""
    out = root.parent / "site"
    assert main(["build", str(root), "-o", str(out)]) == 0
    return out


def article(page: Path) -> str:
    """The page's `<article>`, without the source listings (`details.mkdocstrings-source`)."""
    body = page.read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", body, flags=re.S)
    assert match, f"no article in {page}"
    return re.sub(
        r'<details class="mkdocstrings-source"[^>]*>.*?</details>', " ", match.group(0), flags=re.S
    )
