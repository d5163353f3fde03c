"""Render a model card as a standalone file: `md` (Hugging Face README), `html`, `tex`; the
folder formats (`hub`: README, config.json, model file; `cyclonedx`: an ML-BOM) are written
by `card.write` from `render_card(site, "hub")`, `huggingface.hub_config` and `cyclonedx.bom`.

Each format has one template under `templates/card/` rendered in the environment that escapes
for that format (`render.make_env`); the card's data is passed as data, never as a template.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from modelsite import escape, render
from modelsite.card import huggingface
from modelsite.card.content import CardInfo, card_for
from modelsite.errors import InputError
from modelsite.sitemodel import ModelInfo, Site

FORMATS = ("md", "html", "tex", "hub", "cyclonedx")
TEMPLATES = {
    "md": "card/huggingface.md.jinja",
    "hub": "card/hub-readme.md.jinja",
    "html": "card/card.html.jinja",
    "tex": "card/card.tex.jinja",
}


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_WRAP = re.compile(
    r"(?<=_)(?=[^_\s])"  # after a run of underscores: `max_` | `depth`, `preprocess__` | `scale`
    r"|(?<=\.)(?=[A-Za-z_])"  # after a dot before a name: `sklearn.` | `pipeline` (not `0.5`)
    r"|(?<=[/=:])(?=[^\s/=:])"  # after a path or key separator: `https://` | `github.com/` | `x`
    r"|(?<=,)(?=[^\s\d])"  # after a comma glued to a name (not `123,456`)
    r"|(?<=[A-Za-z]-)(?=[A-Za-z])"  # after a hyphen between letters: `scikit-` | `learn`
)
_DIGEST = re.compile(r"[0-9a-fA-F]{16,}")
"""A hexadecimal digest (SHA-256 and the like): not a word, so it may wrap every 16 digits."""


def _wrap_points(text: str) -> list[str]:
    parts = _WRAP.split(text)
    out: list[str] = []
    for part in parts:
        pieces = [""]
        for chunk in re.split(f"({_DIGEST.pattern})", part):
            if _DIGEST.fullmatch(chunk):
                digits = [chunk[i : i + 16] for i in range(0, len(chunk), 16)]
                pieces[-1] += digits[0]
                pieces += digits[1:]
            else:
                pieces[-1] += chunk
        out += pieces
    return out


def tex_breakable(value: object) -> Markup:
    """LaTeX text (escaped like `escape.tex`) that may wrap only at an identifier's boundaries.

    The wrap points (`\allowbreak`) follow a run of `_`, a `.` before a name, `/ = :`, a comma
    glued to a name, a hyphen between letters, and every 16 digits of a hexadecimal digest; never
    inside a word or a number, so `classification` and `0.9556` stay whole.
    """
    text = " ".join(str("" if value is None else value).split())
    return Markup(r"\allowbreak{}".join(str(escape.tex(p)) for p in _wrap_points(text)))


def tex_rows(value: object, limit: int = 400) -> list[str]:
    """`value` as text cut into pieces of about `limit` characters, after a `, ` or a space.

    One long-table row each: a row never breaks across pages, so a cell taller than a page
    (60 column names in one fingerprint value, say) would run off it. Joined, the pieces are
    the value again; a piece is longer than `limit` only where no space allows a cut.
    """
    text = " ".join(str("" if value is None else value).split())
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind(", ", 0, limit)
        cut = cut + 2 if cut > 0 else text.rfind(" ", 0, limit) + 1
        if cut <= 0:
            cut = text.find(" ", limit) + 1
            if cut <= 0:
                break
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def primary_model(site: Site) -> ModelInfo:
    if site.model is None:
        raise InputError(
            site.project.root,
            "no *.skops model file found; export one with "
            "modelsite.export() or list it under `models:` in modelsite.yml",
        )
    return site.model


def render_card(site: Site, fmt: str, model: ModelInfo | None = None, *, repo_id: str = "") -> str:
    """The card of `model` (default: the primary one) as text in format `fmt` (`hub`: the Hub
    folder's README, whose snippet downloads from `repo_id`)."""
    if fmt not in TEMPLATES:
        raise InputError(None, f"unknown card format {fmt!r}; valid: {', '.join(FORMATS)}")
    model = model or primary_model(site)
    info: CardInfo = card_for(site, model)
    meta = huggingface.hub_metadata(info)
    text = render.render_template(
        site,
        TEMPLATES[fmt],
        page="model-card.md",
        fmt="md" if fmt == "hub" else fmt,  # type: ignore[arg-type]
        model=model,
        info=info,
        hub=meta,
        front_matter=Markup(huggingface.front_matter(meta)),
        breakable=tex_breakable,
        hub_snippet=huggingface.hub_snippet(info, repo_id),
        model_filename=Path(info.model_file).name,
        tex_rows=tex_rows,
    )
    if fmt == "tex":  # TeX stops on control characters; the templates hold none, so any is data
        text = _CONTROL.sub("?", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
