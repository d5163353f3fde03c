"""Render the site model through Jinja2 templates: the user's folder first, shipped defaults after.

Overrides follow pdoc's scheme: a name is looked up in the user's `templates:` folder first, then
in the shipped templates, which are also reachable as `default/...`, so a user's
`pages/model-card.md.jinja` can `{% extends "default/pages/model-card.md.jinja" %}` and replace one
block. A Jinja error in a user's template (syntax, or an error while rendering) is an `InputError`
naming the template file and line.

One environment per output format, each escaping for its format: in Markdown and LaTeX every
`{{ expression }}` is escaped unless it is `Markup` (what the escaping filters return); HTML uses
Jinja's autoescape. Templates are files; user or model text is only ever passed as data.
"""

from __future__ import annotations

import os
import posixpath
import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from modelsite import escape
from modelsite.card.content import bom_path
from modelsite.errors import InputError
from modelsite.pagefacts import model_page as _model_page
from modelsite.repro.info import inline
from modelsite.sitemodel import ModelInfo, Site
from modelsite.wording import count

Format = Literal["md", "html", "tex"]


def shipped_templates() -> Path:
    """The default templates: inside the wheel, or the top-level folder of a source checkout."""
    here = Path(__file__).parent
    for candidate in (here / "templates", here.parent.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("modelsite's templates are missing from this installation")


def fmt_value(value: Any) -> str:
    """A parameter or metric value as a reader wants to see it."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, str):
        return value
    return str(value)


def _finalizer(esc: Callable[[Any], Markup]) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return esc(fmt_value(value))
        return esc("" if value is None else value)

    return finalize


def _joiner(esc: Callable[[Any], Markup]) -> Callable[..., Markup]:
    """`join` that escapes each item for the output format (Jinja's own only escapes HTML)."""

    def join(items: Any, separator: str = "", attribute: str | None = None) -> Markup:
        values = [getattr(i, attribute) if attribute else i for i in items]
        return Markup(esc(separator)).join(v if isinstance(v, Markup) else esc(v) for v in values)

    return join


@lru_cache(maxsize=1)
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled Jinja templates kept between builds, so each build does not compile them again.

    In `$MODELSITE_CACHE_DIR` (empty: no cache), else `$XDG_CACHE_HOME/modelsite/jinja` or
    `~/.cache/modelsite/jinja`. Jinja checks each template's source checksum and the Python
    version, so an edited template is compiled again. None when the folder cannot be written.
    """
    configured = os.environ.get("MODELSITE_CACHE_DIR")
    if configured == "":
        return None
    base = (
        Path(configured)
        if configured
        else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "modelsite"
    )
    folder = base / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


DEFAULT_PREFIX = "default"
"""The shipped templates are also reachable as `default/<name>`, whatever the user overrides."""


@lru_cache(maxsize=8)
def _make_env(fmt: Format, user_dir: str) -> jinja2.Environment:
    shipped = jinja2.FileSystemLoader(str(shipped_templates()))
    loaders: list[jinja2.BaseLoader] = []
    if user_dir:
        loaders.append(jinja2.FileSystemLoader(user_dir))
    loaders += [jinja2.PrefixLoader({DEFAULT_PREFIX: shipped}), shipped]
    common: dict[str, Any] = {
        "loader": jinja2.ChoiceLoader(loaders),
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "bytecode_cache": bytecode_cache(),
    }
    # Every format autoescapes, so macros and filters hand back `Markup`; for Markdown and LaTeX
    # the finalizer escapes each `{{ }}` value for that format before HTML autoescape sees it.
    esc = {"md": escape.md, "tex": escape.tex, "html": escape.html}[fmt]
    env = jinja2.Environment(autoescape=True, finalize=_finalizer(esc), **common)
    env.filters["join"] = _joiner(esc)
    # `RandomForestClassifier` may wrap at its words in a narrow box (HTML pages only)
    env.filters["camel_wbr"] = lambda value: Markup("<wbr>").join(
        esc(part) for part in _CAMEL.split(str(value))
    )
    env.filters.update(
        md=escape.md,
        md_block=escape.md_block,
        code=escape.code,
        html=escape.html,
        tex=escape.tex,
        yaml_str=escape.yaml_str,
        fenced=escape.fenced,
        url=escape.url,
        value=fmt_value,
        inline=inline,
        link=_link,
        plural=count,  # `{{ n|plural("file") }}`: `1 file`, `3 files`
    )
    # Templates get data only: no globals beyond Jinja's own (range, dict, namespace...).
    return env


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: str) -> Markup:
    """`{{ "reproduce.md"|link }}` on `reference/pkg/index.md` gives `../../reproduce.md`: a
    page of the docs tree, relative to the page being rendered (the context's `page`)."""
    base = posixpath.dirname(str(context.get("page", "")))
    return escape.url(posixpath.relpath(str(target), base or "."))


def make_env(fmt: Format, user_dir: str | Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment for one output format, with the user's templates first."""
    return _make_env(fmt, str(user_dir) if user_dir else "")


def module_page(module_name: str) -> str:
    """Page path of a module's reference page (URL `/reference/a/b/`)."""
    return "reference/" + "/".join(module_name.split(".")) + "/index.md"


def model_page(model: ModelInfo) -> str:
    return _model_page(model.name)


def _user_dir(site: Site) -> Path | None:
    if not site.config.templates:
        return None
    return site.project.root / site.config.templates


def render_template(site: Site, template: str, page: str, fmt: Format = "md", **parts: Any) -> str:
    """Render one template for `page` (its path in the docs tree, which relative links start
    from). A page template sees `site`, `page` and the part of the site it shows (`card`,
    `module`) only; the standalone card formats also get their format's helpers (`parts`)."""
    user_dir = _user_dir(site)
    env = make_env(fmt, user_dir)
    with user_template_errors(user_dir):
        return env.get_template(template).render(site=site, page=page, **parts)


@contextmanager
def user_template_errors(user_dir: Path | None) -> Iterator[None]:
    """Turn an error raised in (or through) one of the user's templates into an `InputError`
    naming the template and the line; an error in the shipped templates alone is left as it is
    (a bug of modelsite, not bad input)."""
    if user_dir is None:
        yield
        return
    folder = user_dir.resolve()
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        where = Path(exc.filename or exc.name or "?")
        if not _inside(where, folder):
            raise
        problem = f"line {exc.lineno}: template syntax error: {exc.message}"
        raise InputError(where, problem) from None
    except RecursionError:
        raise InputError(
            folder,
            "a template extends or includes itself; extend the shipped one as "
            f'"{DEFAULT_PREFIX}/<name>" '
            f'(e.g. {{% extends "{DEFAULT_PREFIX}/pages/model-card.md.jinja" %}})',
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise InputError(folder, f"template not found: {exc.name}") from None
    except Exception as exc:
        frame = _innermost_user_frame(exc, folder)
        if frame is None:
            raise
        problem = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(
            frame.filename, f"line {frame.lineno}: {type(exc).__name__}: {problem}"
        ) from None


def _inside(path: Path, folder: Path) -> bool:
    try:
        return folder in path.resolve().parents
    except OSError:
        return False


def _innermost_user_frame(exc: BaseException, folder: Path) -> traceback.FrameSummary | None:
    """Jinja rewrites tracebacks so that template frames carry the template's file and line."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if _inside(Path(f.filename), folder)
    ]
    return frames[-1] if frames else None


PAGES = {
    "index.md": "pages/index.md.jinja",
    "model-card.md": "pages/model-card.md.jinja",
    "reproduce.md": "pages/reproduce.md.jinja",
    "docker.md": "pages/docker.md.jinja",
    "cite.md": "pages/cite.md.jinja",
    "code-health.md": "pages/code-health.md.jinja",
    "reference/index.md": "pages/reference.md.jinja",
}


def page_jobs(site: Site) -> list[tuple[str, str, dict[str, Any]]]:
    """`(page, template, parts)` for every Markdown page: the part of the site each shows."""
    primary = site.cards[0] if site.cards else None
    jobs: list[tuple[str, str, dict[str, Any]]] = []
    for page, template in PAGES.items():
        jobs.append((page, template, {"card": primary} if page == "model-card.md" else {}))
    for module in site.code.modules:
        jobs.append((module_page(module.name), "pages/module.md.jinja", {"module": module}))
    if len(site.models) > 1:
        jobs.append(("models/index.md", "pages/models.md.jinja", {}))
        for i, model in enumerate(site.models):
            card = site.cards[i] if i < len(site.cards) else None
            jobs.append((model_page(model), "pages/model-card.md.jinja", {"card": card}))
    return jobs


def render_pages(site: Site) -> dict[str, str]:
    """Every generated page: path in the docs folder -> Markdown (and the BOMs, JSON)."""
    pages = {
        page: render_template(site, template, page, **parts)
        for page, template, parts in page_jobs(site)
    }
    pages.update(bom_files(site))
    return pages


def bom_file(model: ModelInfo) -> str:
    """Path in the docs folder of a model's CycloneDX BOM (linked from its card)."""
    return bom_path(model.name)


def bom_files(site: Site) -> dict[str, str]:
    """Each model's CycloneDX 1.6 BOM (`card.cyclonedx.bom`), as the site publishes it."""
    from modelsite.card.cyclonedx import bom

    return {bom_file(m): escape.json_text(bom(site, m), indent=2) + "\n" for m in site.models}


NAV_FANOUT = 50
"""Most entries one navigation section lists on a large project. Every page carries the
navigation, so a flat list of 5,000 modules made each page 1.5 MB; grouped and pruned, a page
carries at most three levels of `NAV_FANOUT` reference entries whatever the number of modules."""


def reference_in_nav(count: int, fanout: int = NAV_FANOUT) -> bool:
    """Whether the navigation lists the module pages of a project of `count` modules.

    Up to `fanout ** 2` modules it does (flat, or in two pruned levels of at most `fanout`);
    above, the navigation holds the reference index alone and the module pages are reached from
    its body, so no page carries more than three levels of `fanout` reference entries.
    """
    return count <= fanout**2


def reference_nav(names: list[str], fanout: int = NAV_FANOUT) -> list[Any]:
    """The API reference's navigation entries for modules `names` (dotted, in order).

    Up to `2 * fanout` modules: a flat list, one entry per module. More: a section per top-level
    package (its page first, so the section links to it), and inside it alphabetical groups of at
    most `fanout` entries ("m0000 - m0049"), grouped again while a level has more than `fanout`.
    With Material's `navigation.prune` a page then carries only the groups on its own path.
    More than `fanout ** 2` modules (`reference_in_nav`): no entries; the reference index's
    body links every module page.
    """
    if len(names) <= 2 * fanout:
        return [{name: module_page(name)} for name in names]
    if not reference_in_nav(len(names), fanout):
        return []
    packages: dict[str, list[str]] = {}
    for name in names:
        packages.setdefault(name.split(".")[0], []).append(name)
    entries: list[tuple[str, Any]] = []
    for top, members in packages.items():
        if members == [top]:
            entries.append((top, module_page(top)))
            continue
        inner = [(name, module_page(name)) for name in members if name != top]
        head = [module_page(top)] if top in members else []
        entries.append((top, head + [_entry(t, v) for t, v in _grouped(inner, fanout, top)]))
    if len(entries) <= fanout:
        return [_entry(t, v) for t, v in entries]
    # Many top-level modules (a folder of scripts): one more level, so Material shows the groups
    # collapsed under a section instead of expanded at the top of the tab.
    return [{"Modules": [_entry(t, v) for t, v in _grouped(entries, fanout, "")]}]


def _entry(title: str, value: Any) -> dict[str, Any]:
    return {title: value}


def _grouped(entries: list[tuple[str, Any]], fanout: int, package: str) -> list[tuple[str, Any]]:
    """`entries` in nested sections titled "first - last", at most `fanout` entries a level.

    The levels are balanced: 5,000 modules at fanout 50 are three levels of 17, so a page's
    navigation lists about 50 entries instead of 5,000.
    """
    depth = 1
    while fanout**depth < len(entries):
        depth += 1
    size = max(2, round(len(entries) ** (1 / depth)))
    while size**depth < len(entries):
        size += 1
    for _ in range(depth - 1):
        entries = [
            (
                f"{_short(part[0][0], package, 0)} - {_short(part[-1][0], package, -1)}",
                [_entry(t, v) for t, v in part],
            )
            for part in (entries[i : i + size] for i in range(0, len(entries), size))
        ]
    return entries


def _short(title: str, package: str, end: int) -> str:
    """The first (`end=0`) or last (`-1`) name a title stands for, without the package prefix."""
    name = title.split(" - ")[end]
    return name[len(package) + 1 :] if package and name.startswith(package + ".") else name


def nav(site: Site) -> list[Any]:
    """The navigation of a zero-config site (stable order, stable URLs)."""
    reference: list[Any] = ["reference/index.md"]
    reference += reference_nav([m.name for m in site.code.modules])
    items: list[Any] = [
        {"Overview": "index.md"},
        {"Model card": "model-card.md"},
    ]
    if len(site.models) > 1:
        items.append(
            {"Models": ["models/index.md"] + [{m.name: model_page(m)} for m in site.models]}
        )
    items += [
        {"API reference": reference},
        {"Reproduce": "reproduce.md"},
        {"Docker": "docker.md"},
        {"Cite": "cite.md"},
        {"Code health": "code-health.md"},
    ]
    return items
