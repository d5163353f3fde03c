"""Format a generated docstring (`DocParts`) in numpy, google or sphinx style.

The parts come from `generate`; this module only lays them out. A part with nothing in it is
left out, so an empty section is never printed.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

STYLES = ("numpy", "google", "sphinx")
# numpydoc's section for the warnings a function issues is "Warns", but pydoclint 0.12 reads a
# numpy "Warns" section as a second "Raises" section (DOC502/DOC503 on every function that
# warns: https://github.com/jsh9/pydoclint/issues/262, open). Until it is fixed, numpy-style
# docstrings list the warnings as a bulleted "Warnings" section, which numpydoc allows as free
# text and pydoclint leaves alone. Set to "Warns" once pydoclint reads it as numpydoc means it.
NUMPY_WARNS_SECTION = "Warnings"
WIDTH = 88  # wrap descriptions at this many characters, indentation included


@dataclass(frozen=True)
class DocEntry:
    """One documented name: a parameter, return value, yielded value, exception or attribute."""

    name: str
    """Parameter or attribute name (`*args` keeps its stars); the type for returns and raises."""
    type: str = ""
    description: str = ""


@dataclass(frozen=True)
class DocParts:
    """The parts of one docstring, before formatting."""

    summary: str
    extended: str = ""
    params: tuple[DocEntry, ...] = ()
    returns: tuple[DocEntry, ...] = ()
    """For numpy style, `name` is the returned variable when several values are returned."""
    yields: tuple[DocEntry, ...] = ()
    raises: tuple[DocEntry, ...] = ()
    warns: tuple[DocEntry, ...] = ()
    """Warnings issued: `type` is the warning class."""
    attributes: tuple[DocEntry, ...] = ()
    options: tuple[DocEntry, ...] = ()
    """Command-line options of the parser a function builds: `name` holds the flags."""
    notes: tuple[str, ...] = field(default=())


def render(parts: DocParts, style: str = "numpy", indent: str = "") -> str:
    """Lay out `parts` as docstring text (without quotes) in `style`.

    `indent` is the indentation of the docstring's own lines, used to wrap long descriptions
    at a sensible width; it is not added to the text.
    """
    if style not in STYLES:
        raise ValueError(f"unknown docstring style {style!r}; choose one of {', '.join(STYLES)}")
    renderer = {"numpy": _numpy, "google": _google, "sphinx": _sphinx}[style]
    blocks = [parts.summary]
    if parts.extended:
        blocks.append(_wrap(parts.extended, "", len(indent)))
    if parts.options:
        items = []
        for e in parts.options:
            flags = ", ".join(f"`{f.strip()}`" for f in e.name.split(","))
            head = f"{flags} ({e.type})" if e.type else flags
            items.append(f"{head}: {e.description}" if e.description else head)
        blocks.append("Command-line options:\n\n" + _bullets(items, len(indent)))
    blocks.extend(renderer(parts, len(indent)))
    return "\n\n".join(b for b in blocks if b)


_NBSP = "\u2060\u00a0"  # stands in for spaces inside code spans while wrapping


def _wrap(text: str, prefix: str, used: int) -> str:
    # never break a line inside a `code span`
    pieces = text.split("`")
    for i in range(1, len(pieces), 2):
        pieces[i] = pieces[i].replace(" ", _NBSP)
    protected = "`".join(pieces)
    width = max(40, WIDTH - used)
    wrapped = textwrap.fill(
        protected,
        width=width,
        initial_indent=prefix,
        subsequent_indent=prefix,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped.replace(_NBSP, " ")


def _bullets(items: list[str], used: int) -> str:
    """A Markdown/reST bullet list, each item wrapped with a hanging indent."""
    return "\n".join("- " + _wrap(i, "", used + 2).replace("\n", "\n  ") for i in items)


def _numpy(parts: DocParts, used: int) -> list[str]:
    out = []

    def section(title: str, entries: tuple[DocEntry, ...], *, typed_names: bool) -> None:
        if not entries:
            return
        lines = [title, "-" * len(title)]
        for e in entries:
            if typed_names:
                head = f"{e.name} : {e.type}" if e.type else e.name
            else:
                head = f"{e.name} : {e.type}" if (e.name and e.type) else (e.type or e.name)
            lines.append(head)
            if e.description:
                lines.append(_wrap(e.description, "    ", used))
        out.append("\n".join(lines))

    section("Parameters", parts.params, typed_names=True)
    section("Returns", parts.returns, typed_names=False)
    section("Yields", parts.yields, typed_names=False)
    section("Raises", parts.raises, typed_names=False)
    if NUMPY_WARNS_SECTION == "Warns":
        section("Warns", parts.warns, typed_names=False)
    elif parts.warns:
        title = NUMPY_WARNS_SECTION
        items = [
            f"`{e.type}`: {e.description}" if e.description else f"`{e.type}`." for e in parts.warns
        ]
        out.append(f"{title}\n{'-' * len(title)}\n" + _bullets(items, used))
    section("Attributes", parts.attributes, typed_names=True)
    return out


def _google(parts: DocParts, used: int) -> list[str]:
    out = []

    def section(title: str, entries: tuple[DocEntry, ...], *, named: bool) -> None:
        if not entries:
            return
        lines = [f"{title}:"]
        for e in entries:
            typed = f"{e.name} ({e.type})" if e.type else e.name
            head = typed if named else (e.type or e.name)
            text = f"{head}: {e.description}" if e.description else f"{head}:"
            wrapped = _wrap(text, "        ", used)
            lines.append("    " + wrapped.lstrip())
        out.append("\n".join(lines))

    section("Args", parts.params, named=True)
    if len(parts.returns) > 1:
        types = ", ".join(e.type or "object" for e in parts.returns)
        desc = " ".join(
            f"`{e.name}`: {e.description}" if e.name else e.description for e in parts.returns
        )
        section(
            "Returns", (DocEntry(name="", type=f"tuple[{types}]", description=desc),), named=False
        )
    else:
        section("Returns", parts.returns, named=False)
    section("Yields", parts.yields, named=False)
    section("Raises", parts.raises, named=False)
    section("Warns", parts.warns, named=False)
    section("Attributes", parts.attributes, named=True)
    return out


def _sphinx(parts: DocParts, used: int) -> list[str]:
    lines: list[str] = []

    def field_line(text: str) -> None:
        wrapped = _wrap(text, "    ", used)
        lines.append(wrapped[4:])

    for e in parts.params:
        field_line(f":param {e.name.lstrip('*')}: {e.description}".rstrip())
        if e.type:
            lines.append(f":type {e.name.lstrip('*')}: {e.type}")
    for e in parts.attributes:
        field_line(f":ivar {e.name}: {e.description}".rstrip())
        if e.type:
            lines.append(f":vartype {e.name}: {e.type}")
    if parts.returns:
        if len(parts.returns) == 1:
            r = parts.returns[0]
            if r.description:
                field_line(f":returns: {r.description}")
            if r.type:
                lines.append(f":rtype: {r.type}")
        else:
            desc = " ".join(
                f"`{e.name}`: {e.description}" if e.name else e.description for e in parts.returns
            )
            field_line(f":returns: {desc}")
            lines.append(
                ":rtype: tuple[" + ", ".join(e.type or "object" for e in parts.returns) + "]"
            )
    for e in parts.yields:
        field_line(f":yields: {e.description}".rstrip())
        if e.type:
            lines.append(f":ytype: {e.type}")
    for e in parts.raises:
        field_line(f":raises {e.type or e.name}: {e.description}".rstrip())
    for e in parts.warns:
        field_line(f":warns {e.type}: {e.description}".rstrip())
    return ["\n".join(lines)] if lines else []
