"""Builder settings that shape the site as its readers meet it (issue 17).

Kept apart from the rest of the MkDocs configuration so that a builder other than MkDocs reads
the same choices: where the site is published (`site_url`, which makes the 404 page, the
sitemap and canonical links right under a GitHub Pages project path), the Material features on
by default, the favicon, and the mkdocstrings options that help readers of the API reference.
No MkDocs import: `reader_settings` returns plain data merged into the generated `mkdocs.yml`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from modelsite.sitemodel import Site

READER_FEATURES = [
    "navigation.path",  # breadcrumbs above the title
    "navigation.tabs.sticky",  # the area tabs stay visible while scrolling
    "content.action.view",  # "view source" next to the edit button
    "content.code.select",  # select a range of lines in a code block
]
"""Material features added to modelsite's defaults (`theme.features` under `mkdocs:` in
`modelsite.yml` replaces the whole list). Not `navigation.instant`: with it, a page opened from
disk (`file://`) mounts none of Material's components (no copy buttons, tabs, toggle). The
themes do skip instant loading on `file://`, but by returning an empty observable that the
bundle subscribes `document$` to, which completes `document$` before its first page (read in
the bundles of Material 9.8.2 and Zensical 0.0.73: `if(location.protocol==="file:")return`
then `.subscribe(document$)`); so it cannot be on for served sites only without patching the
theme's configuration in the page. A site that sets it still draws its diagrams
(`modelsite.js` follows Material's `document$`)."""

FAVICON = "assets/favicon.svg"
"""Shipped in `templates/assets/` like the other assets (a bar chart on the theme's indigo)."""

PALETTE = [
    {
        "media": "(prefers-color-scheme)",
        "toggle": {"icon": "material/brightness-auto", "name": "Switch to light mode"},
    },
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/theme-light-dark", "name": "Follow the system setting"},
    },
]
"""Light, dark, or whatever the reader's system says (the first visit follows the system)."""

MKDOCSTRINGS_OPTIONS: dict[str, Any] = {
    "summary": True,  # a package or module page lists its members (it was empty)
    "show_bases": True,
    "merge_init_into_class": True,  # the constructor's parameters documented with the class
    "signature_crossrefs": True,  # types in signatures link to the project's own objects
}


def github_pages_url(site: Site) -> str:
    """`https://<owner>.github.io/<repo>/` for a GitHub remote, `https://<owner>.github.io/`
    for the user or organisation site repository `<owner>.github.io`, else `""`.

    GitHub lower-cases the host name; the path keeps the repository's spelling.
    """
    git = site.project.git
    if not (git.is_github and git.owner and git.repo):
        return ""
    host = f"{git.owner.lower()}.github.io"
    if git.repo.lower() == host:
        return f"https://{host}/"
    return f"https://{host}/{git.repo}/"


def site_url(site: Site) -> str:
    """Where the site is published, ending in `/`: `publish.site_url` (or `--site-url`, see
    `with_site_url`), else the GitHub Pages address of a GitHub remote, else `""`."""
    url = site.config.publish.site_url or github_pages_url(site)
    if url and not url.endswith("/"):
        url += "/"
    return url


def with_site_url(site: Site, url: str) -> Site:
    """`site` with `publish.site_url` set to `url` (`--site-url`), so that every page and
    card naming the site's address (badges, card links) uses it; unchanged when `url` is `""`."""
    if not url:
        return site
    publish = dataclasses.replace(site.config.publish, site_url=url)
    return dataclasses.replace(site, config=dataclasses.replace(site.config, publish=publish))


def reader_settings(site: Site, features: list[str]) -> dict[str, Any]:
    """The settings merged into the generated configuration: `site_url` (when known), the
    theme's `features` (`features` plus `READER_FEATURES`) and favicon, and the mkdocstrings
    options of `MKDOCSTRINGS_OPTIONS`."""
    settings: dict[str, Any] = {
        "theme": {
            "features": features + [f for f in READER_FEATURES if f not in features],
            "favicon": FAVICON,
        },
    }
    published = site_url(site)
    if published:
        settings["site_url"] = published
    return settings
