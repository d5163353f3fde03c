"""Read and audit `schema.json` as it is inflated, keeping only what the report reads.

`open_skops` + `audit_schema` hold the whole schema text and its whole decoded tree at once
(about four times the schema's size: 60 MB for a 1000-tree forest). `stream_skops` gets the
same audit while holding a small window of text and only the parts of the tree that
`ParamReader` reads:

- the member is inflated in pieces (`ZipLite.iter_member`: same size cap, and the size and
  CRC-32 are checked once the member is exhausted, before anything is reported);
- values that fit in the window are decoded by the standard `json` scanner (C speed, exactly
  `json.loads`' values); only objects and arrays too big for the window (the "spine": the
  root, its attribute dict, a forest's `estimators_`...) are walked by hand, member by member;
- each decoded member of a spine node is audited as soon as it is decoded, in skops' order;
- the contents of a spine container under a non-public attribute (`estimators_`,
  `vocabulary_`...) are audited and then dropped (`Discarded`); the nodes they register in
  `Audit.by_id` keep only their type path (`Stub`), except JSON and type nodes, which stay
  whole (small, and shared with the constructor parameters).

Where this cannot give exactly the result of the whole-document path it gives up and the
caller uses `open_skops` + `audit_schema` (`stream_skops` returns `None`; a `ParamReader`
that touches a dropped part raises `NeedFull`). That happens for anything malformed (invalid
JSON, not UTF-8 without a BOM, a schema skops refuses, a bad zip: the whole-document path then
reports the same one-line error as always) and for orderings the stream cannot audit in skops'
order: a spine node whose own `__id__` (written after its content) was met before, a dict
node whose `key_types` (written after its content) share an id with its content in a way
that could change the result, duplicate keys in a spine object, a protocol other than the
newest when a protocol-dependent node was met before the protocol (written last) was known.
"""

from __future__ import annotations

import codecs
import json
import re
from itertools import islice
from json.scanner import make_scanner

from modelsite.collect.skops.archive import ZipLite
from modelsite.collect.skops.audit import (
    DISCARDED,
    EMPTY,
    MAX_DEPTH,
    SEQUENCE_LOADERS,
    Audit,
    Auditor,
    Stub,
    dict_values,
)
from modelsite.collect.skops.document import (
    MAX_MEMBERS,
    MAX_PROTOCOL,
    METADATA_MEMBER,
    SCHEMA_MEMBER,
    FileDigest,
    SkopsFile,
    read_metadata,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping
    from pathlib import Path
    from typing import Any

    from modelsite.collect.skops.audit import State

WINDOW = 1 << 15
"""Characters of text kept ahead of the parser: values up to this size are decoded whole (a
tree of a forest is about 14,000); larger objects and arrays are walked member by member."""
PIECE = 1 << 16
"""Bytes inflated at a time."""


class Fallback(Exception):
    """The stream cannot give exactly the whole-document result; read the file as a whole.

    Raised inside the stream; `stream_skops` returns it (as data: `str(fallback)` says why)
    instead of a result."""


class _TooBig:
    """`Text.value`'s answer for an object or array too big for the window."""


BIG = _TooBig()

_NOT_WS = re.compile(r"[^ \t\n\r]").search  # JSON's whitespace is these four
# the C scanner, configured as `json.loads`' is (typeshed types the argument wrongly)
_SCAN: Callable[[str, int], tuple[Any, int]] = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_VALUE_START = frozenset('"{[-0123456789tfnNI')


def text_pieces(pieces: Iterator[bytes]) -> Iterator[str]:
    """Decode UTF-8 pieces as `bytes.decode(json.detect_encoding(...), "surrogatepass")` would
    decode their concatenation; anything but BOM-less UTF-8 is left to the whole-document path."""
    head = b""
    for data in pieces:
        head += data
        if len(head) >= 4:
            break
    if json.detect_encoding(head) != "utf-8":
        raise Fallback("schema.json is not BOM-less UTF-8")
    decode = codecs.getincrementaldecoder("utf-8")("surrogatepass").decode
    yield decode(head)
    for data in pieces:
        yield decode(data)
    yield decode(b"", True)


class Text:
    """JSON text arriving in pieces: a window of it, and a position in the window."""

    __slots__ = ("_pieces", "buf", "eof", "pos", "window")

    def __init__(self, pieces: Iterator[str], window: int = WINDOW) -> None:
        self._pieces = pieces
        self.window = window
        """Characters kept ahead of the parser (see `WINDOW`)."""
        self.buf = ""
        self.pos = 0
        self.eof = False

    def _fill(self, need: int) -> None:
        """Read until `need` characters are buffered from `pos`, or the text ends."""
        parts = [self.buf[self.pos :]]
        have = len(parts[0])
        while have < need:
            piece = next(self._pieces, None)
            if piece is None:
                self.eof = True
                break
            parts.append(piece)
            have += len(piece)
        self.buf = "".join(parts)
        self.pos = 0

    def peek(self) -> str:
        """Skip whitespace; the next character, or `""` at the end of the text."""
        while True:
            found = _NOT_WS(self.buf, self.pos)
            if found is not None:
                self.pos = found.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if self.eof:
                return ""
            self._fill(1)

    def value(self, whole: bool = False) -> Any:
        """The JSON value at `pos` (call `peek` first), decoded as `json.loads` decodes it; or
        `BIG` for an object or array that is not complete within `window` characters (unless
        `whole`: then it is decoded whatever its size)."""
        window = self.window
        if not self.eof and len(self.buf) - self.pos < window:
            self._fill(window)
        want = window
        while True:
            buf, pos = self.buf, self.pos
            try:
                value, end = _SCAN(buf, pos)
            except (StopIteration, ValueError):
                if self.eof:
                    raise Fallback("schema.json is not valid JSON") from None
                first = buf[pos]
                if first not in _VALUE_START:
                    raise Fallback("schema.json is not valid JSON") from None
                if first in "{[" and len(buf) - pos >= window and not whole:
                    return BIG
            else:
                # a number may go on in the next piece ("1" + "2", "1." + "5", "1e+" + "6")
                if len(buf) - end >= 3 or self.eof:
                    self.pos = end
                    return value
            # a long string: grow geometrically, so that it is scanned O(1) times
            want = max(2 * want, len(buf) - pos + 1)
            self._fill(want)

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise Fallback(f"expected {char!r} in schema.json")
        self.pos += 1

    def members(self) -> Iterator[str]:
        """The keys of the object at `pos`; after each, the caller reads its value."""
        self.expect("{")
        char = self.peek()
        if char == "}":
            self.pos += 1
            return
        while True:
            if char != '"':
                raise Fallback("expected a key in schema.json")
            key = self.value()
            self.expect(":")
            self.peek()
            yield key
            char = self.peek()
            if char == "}":
                self.pos += 1
                return
            if char != ",":
                raise Fallback("expected ',' or '}' in schema.json")
            self.pos += 1
            char = self.peek()

    def items(self) -> Iterator[None]:
        """Each item of the array at `pos`; after each, the caller reads the item."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            self.peek()
            yield None
            char = self.peek()
            if char == "]":
                self.pos += 1
                return
            if char != ",":
                raise Fallback("expected ',' or ']' in schema.json")
            self.pos += 1

    def array_values(self) -> Iterator[Any]:
        """The items of the array at `pos`, decoded (`value`); after a `BIG` one the caller reads
        it before the next. Items already in the window are decoded in a tight loop."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            buf = self.buf
            pos = self.pos
            stop = len(buf) - self.window  # an item starting before `stop` that fits is complete
            while pos < stop:
                try:
                    value, end = _SCAN(buf, pos)
                except (StopIteration, ValueError):
                    break  # too big, or not JSON: the careful way decides
                sep = _ARRAY_SEP(buf, end)
                if sep is None or len(buf) - end < 3:
                    break
                pos = self.pos = sep.end()
                yield value
                if sep.group(1) == "]":
                    return
            self.peek()
            yield self.value()
            char = self.peek()
            if char == "]":
                self.pos += 1
                return
            if char != ",":
                raise Fallback("expected ',' or ']' in schema.json")
            self.pos += 1
            self.peek()  # the tight loop starts at a value, not at whitespace

    def object_values(self) -> Iterator[tuple[str, Any]]:
        """The members of the object at `pos`, decoded (`value`); after a `BIG` value the caller
        reads it before the next. Members already in the window are decoded in a tight loop."""
        self.expect("{")
        char = self.peek()
        if char == "}":
            self.pos += 1
            return
        while True:
            buf = self.buf
            pos = self.pos
            stop = len(buf) - self.window
            while pos < stop and buf[pos] == '"':
                try:
                    key, end = _SCAN(buf, pos)
                    colon = _COLON(buf, end)
                    if colon is None:
                        break
                    value, end = _SCAN(buf, colon.end())
                except (StopIteration, ValueError):
                    break
                sep = _OBJECT_SEP(buf, end)
                if sep is None or len(buf) - end < 3:
                    break
                pos = self.pos = sep.end()
                yield key, value
                if sep.group(1) == "}":
                    return
            if self.peek() != '"':
                raise Fallback("expected a key in schema.json")
            key = self.value()
            self.expect(":")
            self.peek()
            yield key, self.value()
            char = self.peek()
            if char == "}":
                self.pos += 1
                return
            if char != ",":
                raise Fallback("expected ',' or '}' in schema.json")
            self.pos += 1
            self.peek()


_ARRAY_SEP = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*").match
_OBJECT_SEP = re.compile(r"[ \t\n\r]*([,}])[ \t\n\r]*").match
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*").match


def _public(key: str) -> bool:
    return not key.startswith("_") and not key.endswith("_")


class StreamAuditor(Auditor):
    """`Auditor` over a `Text`: decoded values are audited by `Auditor._node`; spine nodes by
    `_spine`, in the same order as far as the text allows (see the module docstring)."""

    def __init__(
        self, trusted: Mapping[str, frozenset[str]], members: frozenset[str], text: Text
    ) -> None:
        # the protocol is written last: audit as the newest, check at the end (`finish`)
        super().__init__(trusted, MAX_PROTOCOL, members)
        self.text = text
        self._stubs: dict[tuple[str, str], Stub] = {}
        self._late: list[_LateKeyTypes] = []  # the dict nodes whose late key_types are being read

    def read(self) -> tuple[State, bool]:
        """The schema (its kept parts) and whether it was audited (a schema that fits in the
        window is returned whole and unaudited, for the ordinary `Auditor`)."""
        text = self.text
        if text.peek() != "{":
            raise Fallback("the top level is not an object")
        value = text.value()
        audited = value is BIG
        if audited:
            value = self._spine(0, EMPTY, keep=True)
        if text.peek() != "":  # also drains the member: its size and CRC are checked
            raise Fallback("extra data after the schema")
        return value, audited

    def finish(self, schema: State) -> Audit:
        protocol = schema.get("protocol")
        if isinstance(protocol, bool) or not isinstance(protocol, int):
            raise Fallback("no valid protocol")
        if not 0 <= protocol <= MAX_PROTOCOL:
            raise Fallback("unknown protocol")
        if protocol != MAX_PROTOCOL and self.protocol_read:
            raise Fallback(f"protocol {protocol} node audited as protocol {MAX_PROTOCOL}")
        return self.audit

    # ------------------------------------------------------------------ registration

    def _stub(self, state: State) -> State:
        if state.get("__loader__") in _KEPT_WHOLE:
            return state  # small, and what parameters resolve to
        key = (state["__module__"], state["__class__"])
        stub = self._stubs.get(key)
        if stub is None:
            stub = self._stubs[key] = Stub({"__module__": key[0], "__class__": key[1]})
        return stub

    def _audit(self, state: Any, passed: frozenset[str], depth: int, keep: bool) -> None:
        """Audit a decoded node; if it is not kept, reduce what it registered to stubs."""
        by_id = self.audit.by_id
        if self._late:
            self._check_late(state)
        elif depth <= MAX_DEPTH and state.__class__ is dict:
            saved = state.get("__id__")
            if saved.__class__ is int and saved in by_id:
                return  # what `_node` does first: skip a node met before
        before = len(by_id)
        self._node(state, passed, depth)
        added = len(by_id) - before
        if added and not keep:
            if added == 1 and state.get("__loader__") in _KEPT_WHOLE:
                return  # a JSON or type node registered itself: kept as it is
            for saved_id in list(islice(reversed(by_id), added)):
                by_id[saved_id] = self._stub(by_id[saved_id])

    # ------------------------------------------------------------------ spine nodes

    def _spine(self, depth: int, passed: frozenset[str], keep: bool) -> State:
        """The node object at the text's position, too big to decode whole: its small members
        decoded, its `content` streamed and audited member by member."""
        text = self.text
        if text.peek() != "{":
            raise Fallback("a big node is not an object")
        state: State = {}
        loader = None
        id_known = False
        key_types_done = False
        mark = 0
        snapshot: tuple[int, set[str], bool] = (0, set(), False)
        for key in text.members():
            if key in state:
                raise Fallback(f"duplicate key {key!r} in a big node")
            value = text.value()
            if value is not BIG:
                state[key] = value
                if key == "key_types" and loader == "DictNode":
                    self._late_key_types(value, passed, depth + 1, mark, keep)
                continue
            if key == "key_types" and loader == "DictNode":
                state["key_types"] = None
                self._late_key_types(None, passed, depth + 1, mark, keep)
                continue
            if key == "content" and state.get("__loader__") not in _STREAMED:
                state["content"] = text.value(whole=True)  # a node that cannot be streamed
                continue
            if key == "key_types" and loader is None and "content" in state:
                # big key types after a small content: skops' order is still possible
                state["key_types"] = None
                id_known = "__id__" in state
                if not id_known:
                    snapshot = self._snapshot()
                loader = self._open(state, depth, passed, keep)
                if loader != "DictNode":
                    raise Fallback(f"a {loader}'s key_types are too big to decode whole")
                self._spine(depth + 1, passed, keep)
                key_types_done = True
                for item in dict_values(state["content"]):
                    self._audit(item, passed, depth + 1, keep)
                continue
            if key != "content":
                state[key] = text.value(whole=True)
                continue
            state["content"] = None
            id_known = "__id__" in state
            if not id_known:
                snapshot = self._snapshot()
            loader = self._open(state, depth, passed, keep)
            d = depth + 1
            if loader == "ObjectNode":
                state["content"] = self._spine(d, passed, keep)
            elif loader == "DictNode":
                if "key_types" in state:  # written before the content: skops' order
                    self._audit(state["key_types"], passed, d, keep)
                    key_types_done = True
                mark = len(self.audit.by_id)
                state["content"] = self._dict_content(d, passed, keep)
            else:
                state["content"] = self._list_content(d, passed, keep)
        if loader is None:  # big only as a whole: an ordinary node
            self._audit(state, passed, depth, keep)
            return state
        if loader == "DictNode" and not key_types_done and "key_types" not in state:
            raise Fallback("a dict node has no key_types")
        if loader == "NdArrayNode":  # streamed as an array of nodes: its type must say so
            if state.get("type") != "json" or "shape" not in state:
                raise Fallback("a big array node that is not a JSON array")
            self._audit(state["shape"], passed, depth + 1, keep)
        if not id_known and "__id__" in state:
            saved_id = state["__id__"]
            by_id = self.audit.by_id
            try:
                seen = saved_id in by_id
            except TypeError:
                raise Fallback("unhashable __id__") from None
            if seen:
                # skops skips a node whose id it has met and reuses the first: undo the audit
                # of this one; unless the id was first met inside it, or met in a content
                # that skops audits after these key types
                if any(saved_id in self._content_ids(late) for late in self._late):
                    raise Fallback("key_types share an id with a node of the content")
                self._restore(snapshot)
                if saved_id not in by_id:
                    raise Fallback("a node inside a big node has the big node's __id__")
            elif saved_id:
                by_id[saved_id] = state if keep else self._stub(state)
        return state

    def _snapshot(self) -> tuple[int, set[str], bool]:
        return len(self.audit.by_id), set(self.audit.untrusted), self.protocol_read

    def _restore(self, snapshot: tuple[int, set[str], bool]) -> None:
        """Forget what was audited since `snapshot` (`by_id` only grows, in order)."""
        size, untrusted, self.protocol_read = snapshot
        by_id = self.audit.by_id
        while len(by_id) > size:
            by_id.popitem()
        self.audit.untrusted = untrusted

    def _open(self, state: State, depth: int, passed: frozenset[str], keep: bool) -> str:
        """What `Auditor._node` does for a node before its children (but the id check, when
        the id is written after the content)."""
        if depth > MAX_DEPTH:
            raise Fallback("nodes nest too deeply")
        by_id = self.audit.by_id
        saved_id = state.get("__id__")
        if "__id__" in state:
            try:
                if saved_id in by_id:
                    raise Fallback("skops would reuse an earlier node for a big node")
            except TypeError:
                raise Fallback("unhashable __id__") from None
        loader = state.get("__loader__")
        if loader not in _STREAMED:
            raise Fallback(f"a big node with loader {loader!r}")
        assert isinstance(loader, str)
        type_path = self._type_path(state)
        if saved_id:
            by_id[saved_id] = state if keep else self._stub(state)
        defaults = self._table[loader]
        trusted = passed | defaults if passed else defaults
        if type_path not in trusted:
            self.audit.untrusted.add(type_path)
        return loader

    def _dict_content(self, depth: int, passed: frozenset[str], keep: bool) -> Any:
        text = self.text
        if text.peek() != "{":
            raise Fallback("a dict node's content is not an object")
        content: dict[str, Any] = {}
        seen: set[str] = set()
        for key, value in text.object_values():
            if key in seen:
                raise Fallback(f"duplicate key {key!r} in a big dict")
            seen.add(key)
            if value is BIG:
                # contents under a private or fitted attribute (`estimators_`) are not read
                value = self._spine(depth, passed, keep and _public(key))
            else:
                self._audit(value, passed, depth, keep)
            if keep:
                content[key] = value
        return content if keep else DISCARDED

    def _list_content(self, depth: int, passed: frozenset[str], keep: bool) -> Any:
        text = self.text
        if text.peek() != "[":
            raise Fallback("a sequence node's content is not an array")
        items: list[Any] = []
        for value in text.array_values():
            if value is BIG:
                value = self._spine(depth, passed, keep)
            else:
                self._audit(value, passed, depth, keep)
            if keep:
                items.append(value)
        return items if keep else DISCARDED

    def _late_key_types(
        self, key_types: Any, passed: frozenset[str], depth: int, mark: int, keep: bool
    ) -> None:
        """Audit a dict node's `key_types` written after its content (skops audits them
        first); `key_types` is `None` when it is too big to decode: it is streamed.

        The order only matters where a key-type node has the id of a node first met in the
        content: skops would audit the key-type node and skip the other. That gives the same
        result when the two are equal JSON nodes, or equal type nodes of a type trusted in
        every context (`_check_late`); anything else is left to the whole-document path.
        """
        self._late.append(_LateKeyTypes(mark, len(self.audit.by_id)))
        try:
            if key_types is None:
                self._spine(depth, passed, keep)
            else:
                self._audit(key_types, passed, depth, keep)
        finally:
            self._late.pop()

    def _check_late(self, value: Any) -> None:
        by_id = self.audit.by_id
        if value.__class__ is dict and not any(
            v.__class__ is dict or v.__class__ is list for v in value.values()
        ):  # a flat node (a key type): only its own id
            if "__id__" in value:
                try:
                    hit = value["__id__"] in by_id
                except TypeError:
                    raise Fallback("unhashable __id__") from None
                if hit:
                    for late in self._late:
                        self._check_hit(value, late)
            return
        stack = [value]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if "__id__" in node:
                    try:
                        hit = node["__id__"] in by_id
                    except TypeError:
                        raise Fallback("unhashable __id__") from None
                    if hit:
                        for late in self._late:
                            self._check_hit(node, late)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)

    def _check_hit(self, node: dict[str, Any], late: _LateKeyTypes) -> None:
        saved_id = node["__id__"]
        if saved_id not in self._content_ids(late):
            return  # met before the dict node, or in its key_types: the same either way
        first = self.audit.by_id[saved_id]
        if first.__class__ is not dict or first != node:
            raise Fallback("key_types share an id with a different node of the content")
        loader = node.get("__loader__")
        if loader == "JsonNode" or (
            loader == "TypeNode" and self._type_path(node) in self._table["TypeNode"]
        ):
            return
        raise Fallback("key_types share an id with a node of the content")

    def _content_ids(self, late: _LateKeyTypes) -> set[Any]:
        """The ids first met in the content of the dict node of `late`."""
        if late.content_ids is None:
            late.content_ids = set(islice(self.audit.by_id, late.start, late.stop))
        return late.content_ids


class _LateKeyTypes:
    """The ids a dict node's content registered: `by_id`'s entries from `start` to `stop`."""

    __slots__ = ("content_ids", "start", "stop")

    def __init__(self, start: int, stop: int) -> None:
        self.start = start
        self.stop = stop
        self.content_ids: set[Any] | None = None


_STREAMED = frozenset({"ObjectNode", "DictNode", "NdArrayNode"}) | SEQUENCE_LOADERS
_KEPT_WHOLE = frozenset({"JsonNode", "TypeNode"})


def stream_skops(
    path: Path,
    *,
    max_member_bytes: int,
    trusted: Callable[[], Mapping[str, frozenset[str]]],
    window: int = WINDOW,
    piece: int = PIECE,
) -> tuple[SkopsFile, Audit] | Fallback:
    """`open_skops` and `audit_schema` in one pass over the inflating schema; a `Fallback`
    (whose text says why) when the whole-document path must be used instead (see the module
    docstring). `trusted` is called once, before parsing starts; `window` and `piece` are the
    text window and inflate size (`WINDOW`, `PIECE`)."""
    digest = FileDigest(path)
    try:
        with ZipLite.open(
            path, keep=frozenset({SCHEMA_MEMBER, METADATA_MEMBER}), max_members=MAX_MEMBERS
        ) as zf:
            if SCHEMA_MEMBER not in zf.entries:
                raise Fallback("no schema.json")
            members = frozenset(zf.names)
            pieces = zf.iter_member(SCHEMA_MEMBER, max_member_bytes, piece)
            auditor = StreamAuditor(trusted(), members, Text(text_pieces(pieces), window))
            schema, audited = auditor.read()
            raw_meta = (
                zf.read(METADATA_MEMBER, max_member_bytes)
                if METADATA_MEMBER in zf.entries
                else None
            )
        if audited:
            audit = auditor.finish(schema)
        else:  # small enough to decode whole: the ordinary checks and audit
            protocol = schema.get("protocol")
            if isinstance(protocol, bool) or not isinstance(protocol, int):
                raise Fallback("no valid protocol")
            if not 0 <= protocol <= MAX_PROTOCOL:
                raise Fallback("unknown protocol")
            audit = Auditor(auditor.trusted, protocol, members).run(schema)
    except Exception as exc:  # the whole-document path reports it exactly as always
        return exc if isinstance(exc, Fallback) else Fallback(f"{type(exc).__name__}: {exc}")
    finally:
        digest.wait()  # the hash, which overlapped all of this
    try:
        sha256, size = digest.result()
    except Exception as exc:
        return Fallback(f"cannot hash: {exc}")
    metadata, problems = read_metadata(raw_meta, path)
    skops_file = SkopsFile(
        path=path,
        schema=schema,
        metadata=metadata,
        members=members,
        sha256=sha256,
        size_bytes=size,
        problems=problems,
    )
    return skops_file, audit
