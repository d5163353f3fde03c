"""Shields-style flat SVG badges, drawn locally (no network): coverage, lint, format, license...

`badge_svg(label, message, color)` draws one badge; text widths come from a per-character width
table of Verdana at 11 px (the font shields.io measures with), so badges look like theirs.
`site_badges(site)` lists the badges a site has; the site writes each to `badges/<name>.svg`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import escape

from modelsite import wording

if TYPE_CHECKING:
    from modelsite.sitemodel import Site

# Advance widths (px) of Verdana 11px for printable ASCII, as shields.io measures them.
_WIDTHS = dict(
    zip(
        "".join(chr(c) for c in range(32, 127)),
        (
            3.87,
            4.33,
            5.05,
            9.0,
            7.0,
            11.84,
            7.99,
            2.95,
            4.99,
            4.99,
            7.0,
            9.0,
            4.0,
            4.99,
            4.0,
            4.99,
            7.0,
            7.0,
            7.0,
            7.0,
            7.0,
            7.0,
            7.0,
            7.0,
            7.0,
            7.0,
            4.99,
            4.99,
            9.0,
            9.0,
            9.0,
            6.0,
            11.0,
            7.52,
            7.54,
            7.68,
            8.48,
            6.96,
            6.32,
            8.53,
            8.27,
            4.63,
            5.0,
            7.62,
            6.12,
            9.27,
            8.23,
            8.66,
            6.63,
            8.66,
            7.65,
            7.52,
            6.78,
            8.05,
            7.52,
            10.88,
            7.54,
            6.77,
            7.54,
            4.99,
            4.99,
            4.99,
            9.0,
            7.0,
            7.0,
            6.61,
            6.85,
            5.73,
            6.85,
            6.55,
            3.87,
            6.85,
            6.96,
            3.02,
            3.79,
            6.51,
            3.02,
            10.7,
            6.96,
            6.68,
            6.85,
            6.85,
            4.69,
            5.73,
            4.33,
            6.96,
            6.51,
            8.93,
            6.51,
            6.51,
            5.83,
            6.98,
            4.99,
            6.98,
            9.0,
        ),
        strict=True,
    )
)
_DEFAULT_WIDTH = 7.0
_WIDE_WIDTH = 11.0

COLORS = {
    "brightgreen": "#4c1",
    "green": "#97ca00",
    "yellowgreen": "#a4a61d",
    "yellow": "#dfb317",
    "orange": "#fe7d37",
    "red": "#e05d44",
    "blue": "#007ec6",
    "lightgrey": "#9f9f9f",
    "grey": "#555",
}
MAX_TEXT = 60


def text_width(text: str) -> float:
    """Estimated rendered width of `text` in Verdana 11px."""
    width = 0.0
    for char in text:
        if char in _WIDTHS:
            width += _WIDTHS[char]
        elif unicodedata.combining(char):
            continue
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width += _WIDE_WIDTH
        else:
            width += _DEFAULT_WIDTH
    return width


def _clip(text: str) -> str:
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in str(text))
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def badge_svg(label: str, message: str, color: str = "lightgrey") -> str:
    """A flat badge: grey `label` on the left, `message` on `color` on the right.

    `color` is a name from `COLORS` or a `#rgb`/`#rrggbb` value; anything else is light grey.
    All text is XML-escaped, so any label or message is safe.
    """
    label, message = _clip(label), _clip(message)
    fill = COLORS.get(color, color)
    if not (
        fill.startswith("#")
        and len(fill) in (4, 7)
        and all(c in "0123456789abcdefABCDEF" for c in fill[1:])
    ):
        fill = COLORS["lightgrey"]
    lw = round(text_width(label)) + 10 if label else 0
    mw = round(text_width(message)) + 10
    total = lw + mw
    title = f"{label}: {message}" if label else message
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>',
        f'<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/>'
        f'<rect x="{lw}" width="{mw}" height="20" fill="{fill}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>',
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        'text-rendering="geometricPrecision" font-size="110">',
    ]
    for text, x, width in ((label, lw / 2, lw - 10), (message, lw + mw / 2, mw - 10)):
        if not text:
            continue
        t = escape(text)
        parts.append(
            f'<text aria-hidden="true" x="{round(x * 10)}" y="150" fill="#010101" '
            f'fill-opacity=".3" transform="scale(.1)" '
            f'textLength="{width * 10}">{t}</text>'
        )
        parts.append(
            f'<text x="{round(x * 10)}" y="140" transform="scale(.1)" fill="#fff" '
            f'textLength="{width * 10}">{t}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts) + "\n"


def coverage_color(percent: float) -> str:
    """Green at 90% and above, then green, yellow, orange; red below 40%."""
    for limit, color in ((90, "brightgreen"), (80, "green"), (60, "yellow"), (40, "orange")):
        if percent >= limit:
            return color
    return "red"


def count_color(count: int) -> str:
    """Bright green for none, yellow for a few (up to 5), orange up to 20, red beyond."""
    return (
        "brightgreen"
        if count == 0
        else "yellow"
        if count <= 5
        else ("orange" if count <= 20 else "red")
    )


@dataclass(frozen=True, kw_only=True)
class Badge:
    name: str
    """File stem: the badge is written to `badges/<name>.svg`."""
    label: str
    message: str
    color: str
    page: str
    """The site page (path in the docs folder) the badge should link to."""

    @property
    def path(self) -> str:
        return f"badges/{self.name}.svg"

    @property
    def svg(self) -> str:
        return badge_svg(self.label, self.message, self.color)


def site_badges(site: Site) -> list[Badge]:
    """The badges of a site, in display order; badges without data are left out."""
    badges = [
        Badge(
            name="docstrings",
            label="docstrings",
            message=f"{site.code.coverage:.0f}%",
            color=coverage_color(site.code.coverage),
            page="code-health.md",
        )
    ]
    health = site.health
    if health is not None:
        if health.lint.ran:
            count = health.lint.count
            badges.append(
                Badge(
                    name="lint",
                    label="ruff",
                    message="passing" if not count else wording.count(count, "problem"),
                    color=count_color(count),
                    page="code-health.md",
                )
            )
        else:
            badges.append(
                Badge(
                    name="lint",
                    label="ruff",
                    message="unknown",
                    color="lightgrey",
                    page="code-health.md",
                )
            )
        if health.format.ran:
            count = health.format.count
            badges.append(
                Badge(
                    name="format",
                    label="format",
                    message="ruff" if not count else f"{wording.count(count, 'file')} to fix",
                    color="brightgreen" if not count else "orange",
                    page="code-health.md",
                )
            )
        else:
            badges.append(
                Badge(
                    name="format",
                    label="format",
                    message="unknown",
                    color="lightgrey",
                    page="code-health.md",
                )
            )
        hints = health.typehints
        badges.append(
            Badge(
                name="typehints",
                label="type hints",
                message=f"{hints.coverage:.0f}%",
                color=coverage_color(hints.coverage),
                page="code-health.md",
            )
        )
    checklist = getattr(getattr(site, "repro", None), "checklist", ())
    if checklist:
        done = sum(1 for item in checklist if getattr(item, "status", "") == "done")
        badges.append(
            Badge(
                name="reproducibility",
                label="reproducibility",
                message=f"{done}/{len(checklist)}",
                color=coverage_color(100.0 * done / len(checklist)),
                page="index.md",
            )
        )
    license_ = site.project.license or site.config.card.license
    if license_:
        badges.append(
            Badge(
                name="license",
                label="license",
                message=license_,
                color="blue",
                page="model-card.md",
            )
        )
    citation = site.project.citation
    if citation is not None and citation.doi:
        badges.append(
            Badge(name="doi", label="DOI", message=citation.doi, color="blue", page="cite.md")
        )
    return badges


def badge_files(site: Site) -> dict[str, str]:
    """`badges/<name>.svg` -> SVG text, for every badge of the site."""
    return {badge.path: badge.svg for badge in site_badges(site)}
