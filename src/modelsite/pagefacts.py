"""Resolve what the pages show into the site model: cards, badges, the overview, the model
comparison and the links that come from the project's facts.

`attach_pages(site)` is the last step of collection. Templates then only loop over and test
these values; nothing in a template computes a fact.
"""

from __future__ import annotations

import dataclasses

from modelsite.badges import site_badges
from modelsite.card.content import CardInfo, collect_cards, final_estimator, text_sections
from modelsite.sitemodel import (
    Comparison,
    Link,
    ModelRow,
    Overview,
    Site,
    SiteLinks,
    Tile,
)

MAX_TILES = 4
"""Metrics the overview shows as tiles; the card lists them all."""


def model_page(name: str) -> str:
    """The page of one model on a site with several (`/models/<name>/`)."""
    return f"models/{name}/index.md"


def overview(site: Site, card: CardInfo | None) -> Overview:
    """The overview's facts, taken from the primary model's card where the card states them."""
    summary, _ = text_sections(site)
    model = site.model
    title = site.title
    if model is None or card is None:
        return Overview(title=title, summary=summary.text)
    final, wrapper = final_estimator(model)
    role = (card.task or "estimator") + (f" in a {wrapper}" if wrapper else "")
    install = getattr(site.repro, "load_install", "") or (
        "pip install skops scikit-learn  # no version recorded"
    )
    scores = card.performance.scores
    # the scores computed on the embedded evaluation set (its size known) before the recorded ones
    tiles = tuple(Tile(value=s.text, name=s.name) for s in scores) or tuple(
        Tile(value=m.text, name=m.name) for m in card.metrics
    )
    git = site.project.git
    repository = (
        Link(text=f"{git.owner}/{git.repo}", url=site.project.repository_url)
        if site.project.repository_url
        else None
    )
    return Overview(
        title=title,
        summary=card.summary.text,
        estimator=final,
        estimator_role=role,
        estimator_path=model.estimator,
        metrics=tiles[:MAX_TILES],
        metric_count=len(tiles),
        evaluated_on=card.performance.n_samples if scores else None,
        coverage=f"{site.code.coverage:.0f}%",
        version=card.version,
        license=card.license,
        repository=repository,
        download=Link(text=card.model_file, url=card.model_link.url) if card.model_link else None,
        download_source=card.model_link.source if card.model_link else "",
        install=install,
        load_snippet=card.load_snippet,
        pipeline=card.mermaid if model.tree.children else "",
    )


def comparison(site: Site) -> Comparison:
    """The `/models/` table: each model's estimator, task and every metric any model has."""
    if len(site.models) < 2:
        return Comparison()
    names = tuple(sorted({m.name for card in site.cards for m in card.metrics}))
    rows = []
    for model, card in zip(site.models, site.cards, strict=True):
        texts = {m.name: m.text for m in card.metrics}
        rows.append(
            ModelRow(
                name=model.name,
                page=model_page(model.name),
                estimator=card.final_estimator or model.short_estimator,
                task=card.task or "unknown",
                values=tuple(texts.get(name, "") for name in names),
            )
        )
    return Comparison(metric_names=names, rows=tuple(rows))


def site_links(site: Site) -> SiteLinks:
    """Targets of links that several pages share or that come from the project's facts."""
    configured = site.config.publish.site_url
    git = site.project.git
    if configured:
        base = configured
    elif git.is_github and git.owner and git.repo:
        base = f"https://{git.owner.lower()}.github.io/{git.repo}/"
    else:
        base = "https://YOUR-SITE/"
    modules = {m.name: m.page for m in site.code.modules}
    sources: dict[str, str] = {}
    health, repro = site.health, site.repro
    if health is not None:
        named = [link.module for link in health.links.values()]
        named += [missing.module for missing in health.typehints.missing]
        for name in named:
            if name and name not in modules:
                modules[name] = "reference/" + "/".join(name.split(".")) + "/index.md"
    if repro is not None and repro.source_base:
        for finding in repro.randomness.findings:
            sources[f"{finding.file}:{finding.line}"] = repro.source_url(finding.file, finding.line)
    return SiteLinks(
        site_url=configured,
        badge_base=base if base.endswith("/") else base + "/",
        module_pages=modules,
        sources=sources,
    )


def attach_pages(site: Site) -> tuple[Site, tuple[str, ...]]:
    """The site with its cards, badges, overview, comparison and links filled, and the
    problems found on the way (the card's gaps, located in modelsite.yml)."""
    cards, problems = collect_cards(site)
    site = dataclasses.replace(site, cards=cards)
    site = dataclasses.replace(
        site,
        badges=site_badges(site),
        overview=overview(site, cards[0] if cards else None),
        comparison=comparison(site),
        links=site_links(site),
    )
    return site, problems
