"""A griffe extension showing Sphinx roles (`:class:`, `:ref:`, ...) as Markdown text.

Sphinx-style docstrings cross-reference with roles that Markdown does not know:
``:class:`~sklearn.base.BaseEstimator``` would show raw. This turns an object role into inline
code with the name Sphinx would show (`BaseEstimator` for a `~` target, else the whole path),
a `:ref:` or `:doc:` into its title (the text before `<label>`, else the label), `:math:` into
inline code. Only griffe's in-memory docstrings change; the source is not touched.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:(?:py|std|any):)?(?P<role>[a-z]+):`(?P<body>[^`]+)`")
_TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^>]+)>$", re.S)
_OBJECT_ROLES = {"class", "func", "meth", "mod", "attr", "obj", "exc", "data", "const", "any"}


def _replace(match: re.Match[str]) -> str:
    role, body = match.group("role"), match.group("body").strip()
    titled = _TITLED.match(body)
    if role in ("ref", "doc", "term", "numref"):
        return titled.group("title") if titled else body.split("/")[-1]
    if titled:
        return f"`{titled.group('title')}`"
    if role in _OBJECT_ROLES:
        body = body.lstrip("!")
        if body.startswith("~"):
            body = body[1:].rsplit(".", 1)[-1]
        return f"`{body}`"
    return f"`{body}`"  # :math:, :file:, :code: and other inline roles


def plain_roles(text: str) -> str:
    """`text` with every Sphinx role replaced by its Markdown text."""
    return _ROLE.sub(_replace, text)


class SphinxRoles(griffe.Extension):
    """Show Sphinx roles in docstrings as text (see the module docstring)."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ":`" in obj.docstring.value:
            obj.docstring.value = plain_roles(obj.docstring.value)
