"""A griffe extension showing Sphinx roles (`:class:`, `:ref:`, ...) as links or Markdown text.

Sphinx-style docstrings cross-reference with roles that Markdown does not know:
``:class:`~pkg.model.Forest``` would show raw. Once the package is loaded, an object role
(`:class:`, `:func:`, `:meth:`, `:mod:`, `:attr:`, `:obj:`, ...) whose target is one of the
project's own objects becomes a cross-reference to it, resolved as Sphinx does: the name as
written, looked up first in the scope of the documented object (its class, then its module),
then as a full dotted path. The link is an *optional* mkdocs-autorefs reference (the marker
mkdocstrings' own templates write): it links where the target is rendered on the site and shows
as the same inline code otherwise, so it never shows as raw markup. A target outside the
project (`sklearn.base.BaseEstimator`) or one Sphinx would not link (`!name`) is inline code.
The text is what Sphinx shows: the last component for a `~` target, else the target as written.
A `:ref:` or `:doc:` becomes its title (the text before `<label>`, else the label) and
`:math:` inline code. Only griffe's in-memory docstrings change; the source is not touched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import griffe

_ROLE = re.compile(r":(?:(?:py|std|any):)?(?P<role>[a-z]+):`(?P<body>[^`]+)`")
_TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^>]+)>$", re.S)
_OBJECT_ROLES = {"class", "func", "meth", "mod", "attr", "obj", "exc", "data", "const", "any"}
_NAME = re.compile(r"^\.?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")

Resolver = Callable[[str], "str | None"]
"""Maps a role's target as written to the identifier of the project's object, or None."""


def autoref(identifier: str, text: str) -> str:
    """An optional cross-reference to `identifier` showing `text` as inline code.

    The `<autoref ... optional>` marker is what mkdocstrings-python's templates emit and
    mkdocs-autorefs (`mkdocs_autorefs.AUTOREF_RE`) turns into a link, or into the bare text
    when nothing on the site has that identifier."""
    return (
        f'<autoref identifier="{html.escape(identifier)}" optional>'
        f"<code>{html.escape(text)}</code></autoref>"
    )


def _replace(match: re.Match[str], resolve: Resolver | None, markdown: bool = True) -> str:
    role, body = match.group("role"), match.group("body").strip()
    titled = _TITLED.match(body)
    if role in ("ref", "doc", "term", "numref"):
        return titled.group("title") if titled else body.split("/")[-1]
    tick = "`" if markdown else ""
    if role not in _OBJECT_ROLES:
        return f"{tick}{body}{tick}"  # :math:, :file:, :code: and other inline roles
    if titled:
        text, target = titled.group("title"), titled.group("target").strip()
    else:
        target = body
        text = body.lstrip("!")
        if text.startswith("~"):
            text = text[1:].rsplit(".", 1)[-1]
    linked = not target.startswith("!")
    target = target.lstrip("!~")
    identifier = resolve(target) if linked and resolve and _NAME.match(target) else None
    return autoref(identifier, text) if identifier else f"{tick}{text}{tick}"


def plain_roles(text: str, resolve: Resolver | None = None, *, markdown: bool = True) -> str:
    """`text` with every Sphinx role replaced by its Markdown text, or by a cross-reference
    where `resolve` finds the object the role names. `markdown=False`: plain text (a summary
    that the page escapes), never a link."""
    return _ROLE.sub(lambda m: _replace(m, resolve if markdown else None, markdown), text)


def _member(obj: Any, parts: list[str]) -> griffe.Object | None:
    """`obj`'s member at the dotted `parts`, aliases followed; None if any is missing."""
    current: Any = obj
    try:
        for part in parts:
            current = current.members[part]
        return current.final_target if current.is_alias else current
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None  # not there, or an import of something not loaded (another library)


def resolver(obj: griffe.Object, collection: griffe.ModulesCollection) -> Resolver:
    """Resolve a role target as Sphinx does, from the docstring of `obj`: in the scope of
    `obj` (a class or module) or of its parents, then as a full path in `collection`."""

    def resolve(target: str) -> str | None:
        parts = target.lstrip(".").split(".")
        scope: Any = obj if obj.is_class or obj.is_module else obj.parent
        while scope is not None:
            if parts[0] in scope.members:
                found = _member(scope, parts)
                return found.path if found is not None else None
            scope = scope.parent
        if parts[0] not in collection.members:
            return None
        top = collection.members[parts[0]]
        found = top if len(parts) == 1 else _member(top, parts[1:])
        return found.path if found is not None else None

    return resolve


class SphinxRoles(griffe.Extension):
    """Show Sphinx roles in docstrings as links or text (see the module docstring)."""

    def __init__(self) -> None:
        self._pending: list[griffe.Object] = []

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Remember each docstring with a role; it is rewritten once its package is loaded,
        when every name it may refer to exists."""
        if obj.docstring is not None and ":`" in obj.docstring.value:
            self._pending.append(obj)

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Rewrite the remembered docstrings, resolving their targets in what is loaded."""
        pending, self._pending = self._pending, []
        for obj in pending:
            if obj.docstring is not None:
                resolve = resolver(obj, loader.modules_collection)
                obj.docstring.value = plain_roles(obj.docstring.value, resolve)
