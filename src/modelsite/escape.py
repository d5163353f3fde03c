"""Escape text for the format it lands in. User and model text is data, never markup.

Each function takes any value, turns it into text, and returns a `Markup` (so the template
environments, which escape every `{{ }}` output that is not `Markup`, do not escape it twice).
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape

# Characters Markdown (and the extensions modelsite enables) gives meaning to anywhere in a line.
# They become numeric character references: inert in Markdown, shown as themselves by browsers.
_MD_ANYWHERE = re.compile(r"[\\`*_{}\[\]|~^$]")
# Characters that only mean something at the start of a line (headings, lists, quotes, rules).
_MD_LINE_START = re.compile(r"^(\s*)([#>]|[-+*](?=\s|$)|=+(?=\s*$)|\d+[.)](?=\s|$))", re.MULTILINE)


# Code points a page cannot show as themselves: C0 controls but tab, newline and carriage return,
# DEL and C1 controls (Python-Markdown also uses STX/ETX as placeholders), and lone surrogates,
# which no UTF-8 file can hold. They become U+FFFD, as the model reader shows them.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _raw(value: Any) -> str:
    return "" if value is None else str(value)


def _text(value: Any) -> str:
    text = _UNSHOWABLE.sub("\ufffd", _raw(value))
    return Markup(text) if isinstance(value, Markup) else text  # already escaped stays so


def md(value: Any) -> Markup:
    """Inline Markdown: HTML-escaped, Markdown specials backslash-escaped, on one line.

    Safe inside table cells (pipes escaped, newlines folded).
    """
    text = " ".join(_text(value).split())
    return Markup(_md_escape(text))


def _md_escape(text: str) -> str:
    text = str(escape(text))  # & < > " ' become entities
    text = _MD_ANYWHERE.sub(lambda m: f"&#{ord(m.group(0))};", text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text
    )


def md_block(value: Any) -> Markup:
    """Paragraphs of plain text: each paragraph escaped like `md`, blank lines kept between."""
    paragraphs = re.split(r"\n\s*\n", _text(value).strip())
    return Markup("\n\n".join(str(md(p)) for p in paragraphs if p.strip()))


def code(value: Any) -> Markup:
    """An inline code span that holds any text (backticks included), HTML-escaped."""
    if isinstance(value, Markup):  # already escaped for Markdown
        return Markup(f"<code>{value}</code>")
    text = " ".join(_text(value).split())
    # A <code> element needs no backtick fencing; Markdown still parses inside inline HTML, so
    # its specials (backticks and pipes included) become character references as in `md`.
    return Markup(f"<code>{_md_escape(text)}</code>")


def html(value: Any) -> Markup:
    """HTML text content and attribute values."""
    return escape(_text(value))


_TEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",  # not a quote ligature (`` would print as an opening quote)
}
# pdflatex stops on controls; a lone surrogate cannot be written (nor is U+FFFD set up for LaTeX)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_TEX_RE = re.compile("|".join(re.escape(k) for k in _TEX))
_TEX_LIGATURE = re.compile(r"([-',])(?=\1)")


def tex(value: Any) -> Markup:
    """LaTeX text: every special character escaped, newlines folded."""
    text = " ".join(_CONTROL.sub("", _raw(value)).split())
    text = _TEX_RE.sub(lambda m: _TEX[m.group(0)], text)
    # T1 fonts join `--` into a dash, `''` into a closing quote and `,,` into a low quote
    return Markup(_TEX_LIGATURE.sub(r"\1{}", text))


# What YAML does not allow raw in a stream (C1 controls, U+FFFE/U+FFFF) or reads as a line break
# inside a quoted scalar (NEL, LS, PS) or may drop (a BOM): written as `\\uXXXX` escapes.
_YAML_ESCAPE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def yaml_quoted(value: Any) -> str:
    """A YAML scalar on one line: a JSON string (valid YAML), with what YAML reads differently
    from JSON escaped; any text reads back as itself but lone surrogates, which become U+FFFD."""
    text = json.dumps(_SURROGATE.sub("\ufffd", _raw(value)), ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def yaml_str(value: Any) -> Markup:
    """`yaml_quoted` for templates."""
    return Markup(yaml_quoted(value))


# Inside JSON only strings can hold these, so escaping them everywhere keeps the value: lone
# surrogates (no UTF-8 file holds them), `<`/`>`/`&` (a `</script>` or `<!--` in a page) and
# the two line separators JavaScript once rejected in strings.
_JSON_ESCAPE = re.compile(r"[<>&\u2028\u2029\ud800-\udfff]")


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON for a file or an HTML `<script>`: non-ASCII text kept readable, any string value
    (lone surrogates included) read back exactly by a JSON parser."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str)
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def fenced(value: Any, lang: str = "") -> Markup:
    """A fenced code block whose fence no backtick run in the content can close."""
    text = _text(value).strip("\n")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{lang}\n{text}\n{fence}")


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def url(value: Any) -> Markup:
    """A URL for a Markdown link target: percent-encoded; only http(s), mailto or relative.

    Anything else (a `javascript:` URL, say) becomes `#`, so a link can never run code.
    """
    from urllib.parse import quote

    text = _text(value).strip()
    scheme = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)
    if scheme and not text.lower().startswith(_SAFE_SCHEMES):
        return Markup("#")
    return Markup(quote(text, safe="/:#?=&%@+,;~.-_!*'"))
