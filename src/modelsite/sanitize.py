"""Make the HTML of a generated page inert and self-contained before it reaches the theme.

Docstrings are Markdown, and Markdown passes raw HTML through: a docstring (or any text that
slipped past escaping) could carry `<script>`, `onerror=` or `javascript:` links, or an image on
another host that the reader's browser would fetch. The page content is re-serialised here with
those removed; everything else (classes, ids, inline SVG, entities) is kept as it was.
"""

from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template"}
)
"""Elements removed together with everything inside them."""
DROP_TAG = frozenset({"base", "link", "meta", "frame", "frameset", "applet", "form"})
"""Elements removed (their content, if any, is kept)."""
VOID_WITH_URL = frozenset({"img", "input", "source", "track", "image", "video", "audio"})
URL_ATTRS = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "data",
        "background",
        "srcset",
        "ping",
        "cite",
        "longdesc",
        "manifest",
    }
)
FETCHED_ATTRS = frozenset({"src", "srcset", "poster", "data", "background", "xlink:href"})
"""Attributes the browser loads without a click: only same-site URLs may stay."""
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
_SAFE_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_CSS_FETCH = re.compile(r"url\s*\(|@import|expression\s*\(", re.I)


def _is_remote(value: str) -> bool:
    v = _CONTROL.sub("", value)
    return v.startswith("//") or bool(_SCHEME.match(v))


def _safe_attr(tag: str, name: str, value: str | None) -> bool:
    if name.startswith("on") or name in {"srcdoc", "formaction"}:
        return False
    if value is None:
        return True
    if name == "style":
        return not _CSS_FETCH.search(value)
    if name in URL_ATTRS:
        compact = _CONTROL.sub("", value)
        scheme = _SCHEME.match(compact)
        if name in FETCHED_ATTRS:
            # a same-site path, or an inline image
            return not _is_remote(value) or compact.lower().startswith("data:image/")
        if scheme and scheme.group(1).lower() not in _SAFE_LINK_SCHEMES:
            return False
    return True


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip_depth = 0
        self.skip_tag = ""

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.skip_depth:
            if tag == self.skip_tag and not closed:
                self.skip_depth += 1
            return
        if tag in DROP_WITH_CONTENT:
            if not closed:
                self.skip_depth, self.skip_tag = 1, tag
            return
        if tag in DROP_TAG:
            return
        if tag in VOID_WITH_URL and any(name.startswith("on") for name, _ in attrs):
            return  # `<img src=x onerror=...>`: an attack, not an image worth a failed request
        parts = [tag]
        for name, value in attrs:
            if not _safe_attr(tag, name, value):
                continue
            parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
        self.out.append(f"<{' '.join(parts)}{' /' if closed else ''}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
            return
        if tag not in DROP_WITH_CONTENT and tag not in DROP_TAG:
            self.out.append(f"</{tag}>")

    def _text(self, text: str) -> None:
        if not self.skip_depth:
            self.out.append(text)

    def handle_data(self, data: str) -> None:
        # Text inside <pre>/<code> etc. is data: re-escape what the parser decoded.
        self._text(escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self._text(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._text(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._text(f"<!--{data.replace('--', '- -')}-->")

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):
            self._text(escape(data[6:], quote=False))


_WS = r"[ \t\n\r\f]"  # HTML's whitespace (not Python's wider `\s`)
# Names and unquoted values exclude every character Python's HTMLParser or a browser might read
# as a separator (all of `\s`, controls): on those the two disagree, so the full parser decides.
_NAME = r"""[^\s\x00-\x1f\x7f"'<>/=`]+"""
# Values hold no `<`, so each `<` of a page that passes opens exactly one tag.
_VALUE = r"""(?:"([^"<]*)"|'([^'<]*)'|([^\s\x00-\x1f\x7f"'=<>`]+))"""  # double, single, unquoted
_ANY_VALUE = r"""(?:"[^"<]*"|'[^'<]*'|[^\s\x00-\x1f\x7f"'=<>`]+)"""
_ATTR = re.compile(rf"({_NAME})(?:{_WS}*={_WS}*{_VALUE})?")
_TAG = re.compile(
    rf"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)"  # `<` or `</`, then the tag name
    rf"((?:{_WS}+{_NAME}(?:{_WS}*={_WS}*{_ANY_VALUE})?)*)"  # attributes
    rf"{_WS}*(/?)>"
)


def _already_inert(html: str) -> bool:
    """True when every tag is plainly written and the sanitizer would keep all of it.

    A fast path (one regular expression over the page instead of `HTMLParser`, which costs as
    much as MkDocs' own search indexing on API pages): each `<` must open a strictly formed start
    or end tag whose name and attributes pass the same checks as the full sanitizer; comments,
    declarations, odd markup or anything the sanitizer would drop send the page through it.
    """
    tags = _TAG.findall(html)
    if len(tags) != html.count("<"):  # some `<` does not open a plainly written tag
        return False
    for closing, tag, attrs, _ in set(tags):  # pages repeat the same few hundred tags
        tag = tag.lower()
        if tag in DROP_WITH_CONTENT or tag in DROP_TAG or (closing and attrs):
            return False
        if not attrs:
            continue
        pairs = [
            (a.group(1).lower(), next((v for v in a.group(2, 3, 4) if v is not None), None))
            for a in _ATTR.finditer(attrs)
        ]
        if tag in VOID_WITH_URL and any(name.startswith("on") for name, _ in pairs):
            return False
        for name, value in pairs:
            if not _safe_attr(tag, name, None if value is None else unescape(value)):
                return False
    return True


def sanitize_html(html: str) -> str:
    """`html` without scripts, event handlers, `javascript:` URLs or resources from other hosts."""
    if _already_inert(html):
        return html
    parser = _Sanitizer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)
