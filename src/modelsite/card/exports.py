"""Render a model card as a standalone file: `md` (Hugging Face README), `html`, `tex`; the
folder formats (`hub`: README, config.json, model file; `cyclonedx`: an ML-BOM) are written
by `card.command` from `render_card(site, "hub")`, `huggingface.hub_config` and `cyclonedx.bom`.

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


def tex_breakable(value: object) -> Markup:
    """LaTeX text (escaped like `escape.tex`) that may wrap after `_ / , . = : -` and every 12
    letters or digits (hashes, dotted class paths), so table cells do not overflow."""
    text = " ".join(str("" if value is None else value).replace("\0", "").split())
    text = re.sub(r"([_/,.=:\-])(?=\S)", "\\1\0", text)
    text = re.sub(r"[A-Za-z0-9]{12}(?=[A-Za-z0-9])", lambda m: m.group(0) + "\0", text)
    return Markup(r"\allowbreak{}".join(str(escape.tex(p)) for p in text.split("\0")))


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
    )
    if fmt == "tex":  # TeX stops on control characters; the templates hold none, so any is data
        text = _CONTROL.sub("?", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
