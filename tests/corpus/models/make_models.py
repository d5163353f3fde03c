"""Build the hostile `.skops` corpus into a folder (nothing binary is committed).

    python tests/corpus/models/make_models.py DEST      # writes DEST/<case>.skops, lists cases

Tests import `build_corpus(dest)`; each `Case` says what a correct reader does with the file:
`expect="error"` (exit 2, one line naming the file and containing `error`) or `expect="ok"`
(a correct report). `skops_refuses` records whether `skops.io.get_untrusted_types` refuses the
file too, so the tests can check parity. See ../README.md.
"""

from __future__ import annotations

import copy
import json
import sys
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HOSTILE = {
    "html": "<script>alert('modelsite')</script><img src=x onerror=alert(1)>",
    "markdown": "**bold** [link](javascript:alert(1)) | cell | `code`\n# heading\n\n---",
    "yaml": "key: value\n- item\n--- !!python/object/apply:os.system ['echo pwned']",
    "jinja": "{{ 7*7 }}{% if true %}x{% endif %}{# c #}{{ config.__class__ }}",
}
"""Strings that mean something to a renderer; the reader must carry them as plain data."""

EVIL_MODULE = "modelsite_corpus_evil"
"""A module that writes `IMPORTED` next to itself when imported (see `write_evil_module`)."""


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    expect: str  # "ok" or "error"
    error: str = ""  # a fragment of the one-line problem
    skops_refuses: bool | None = None  # None: not compared (e.g. skops would exhaust memory)
    note: str = ""


# ------------------------------------------------------------------ helpers


def _fit_quietly(est: Any, X: Any, y: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X, y)


def base_model(dest: Path) -> Path:
    """A small real model: scaler + logistic regression + a ufunc transformer, on wine."""
    import numpy as np
    import skops.io as sio
    from sklearn.datasets import load_wine
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    X, y = load_wine(return_X_y=True)
    est = Pipeline([("abs", FunctionTransformer(np.abs)), ("scale", StandardScaler()),
                    ("clf", LogisticRegression(max_iter=200, random_state=0))])
    path = dest / "_base.skops"
    sio.dump(_fit_quietly(est, X, y), path)
    return path


def rewrite(src: Path, dst: Path, change: Callable[[dict[str, Any]], Any] | None = None, *,
            schema_bytes: bytes | None = None, drop: set[str] = frozenset(),  # type: ignore[assignment]
            extra: dict[str, bytes] | None = None) -> Path:
    """Copy a skops zip, changing its schema (in place via `change`) or members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        schema = json.loads(zin.read("schema.json"))
        if change is not None:
            result = change(schema)
            if result is not None:
                schema = result
        for info in zin.infolist():
            if info.filename in drop:
                continue
            if info.filename == "schema.json":
                zout.writestr("schema.json", schema_bytes if schema_bytes is not None
                              else json.dumps(schema))
            else:
                zout.writestr(info, zin.read(info.filename))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def find(state: Any, pred: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The first node (depth first) for which `pred` holds."""
    stack = [state]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__loader__" in node and pred(node):
                return node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    raise LookupError("no such node")


def json_node(value: Any) -> dict[str, Any]:
    return {"__class__": type(value).__name__, "__module__": "builtins",
            "__loader__": "JsonNode", "content": json.dumps(value), "is_json": True}


def attrs_of(obj_node: dict[str, Any]) -> dict[str, Any]:
    return obj_node["content"]["content"]


def write_evil_module(folder: Path) -> Path:
    """`modelsite_corpus_evil.py`, which leaves a marker file when imported."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{EVIL_MODULE}.py").write_text(
        "from pathlib import Path\n"
        "Path(__file__).with_name('IMPORTED').write_text('imported')\n"
        "class Evil:\n    pass\n", encoding="utf-8")
    return folder


def write_bomb(path: Path, member: str, size: int, *, base: Path | None = None) -> Path:
    """A zip whose `member` is `size` bytes of zeros, deflated (1 GiB packs to about 4.5 MB)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        if base is not None:
            with zipfile.ZipFile(base) as zin:
                for info in zin.infolist():
                    zf.writestr(info, zin.read(info.filename))
        with zf.open(member, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return path


def _understate_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size of `member` in its local and central headers."""
    import struct

    data = bytearray(path.read_bytes())
    # (signature, offset of the 32-bit size, of the name length, of the extra length, of the name)
    layouts = ((b"PK\x03\x04", 22, 26, 28, 30), (b"PK\x01\x02", 24, 28, 30, 46))
    patched = 0
    for marker, size_at, nlen_at, xlen_at, name_off in layouts:
        at = data.find(marker)
        while at >= 0:
            nlen, xlen = (struct.unpack_from("<H", data, at + o)[0] for o in (nlen_at, xlen_at))
            if bytes(data[at + name_off: at + name_off + nlen]) == member.encode():
                if struct.unpack_from("<L", data, at + size_at)[0] == 0xFFFFFFFF:
                    x = at + name_off + nlen  # ZIP64 extra: the uncompressed size comes first
                    while x + 4 <= at + name_off + nlen + xlen:
                        tag, length = struct.unpack_from("<2H", data, x)
                        if tag == 1:
                            struct.pack_into("<Q", data, x + 4, size)
                        x += 4 + length
                else:
                    struct.pack_into("<L", data, at + size_at, size)
                patched += 1
            at = data.find(marker, at + 4)
    assert patched == 2, patched
    path.write_bytes(bytes(data))


# ------------------------------------------------------------------ the corpus


def build_corpus(dest: Path, *, bomb_bytes: int = 1 << 30) -> dict[str, Case]:
    """Write every hostile model into `dest` and describe what a correct reader does."""
    dest.mkdir(parents=True, exist_ok=True)
    base = base_model(dest)
    cases: list[Case] = []

    def add(name: str, expect: str, error: str = "", skops_refuses: bool | None = None,
            note: str = "") -> Path:
        path = dest / f"{name}.skops"
        cases.append(Case(name, path, expect, error, skops_refuses, note))
        return path

    # --- not a skops file
    add("not_a_zip", "error", "not a zip archive", True).write_text("just text\n", encoding="utf-8")
    add("empty_file", "error", "not a zip archive", True).write_bytes(b"")
    data = base.read_bytes()
    add("truncated", "error", "zip", True).write_bytes(data[: len(data) * 2 // 3])
    rewrite(base, add("no_schema", "error", "no schema.json", True), drop={"schema.json"})
    rewrite(base, add("schema_not_json", "error", "not valid JSON", True),
            schema_bytes=b'{"__class__": "Pipeline", "protocol": 2,,,')
    rewrite(base, add("schema_not_utf8", "error", "not UTF-8", True),
            schema_bytes=b'{"a": "\xff\xfe"}')
    rewrite(base, add("schema_is_a_list", "error", "not a skops schema", True),
            schema_bytes=b"[1, 2, 3]")
    corrupt = bytearray(data)
    with zipfile.ZipFile(base) as zf:
        info = zf.getinfo("schema.json")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    corrupt[start + 10: start + 40] = b"\x00" * 30
    add("corrupt_schema_bytes", "error", "corrupt zip archive", True).write_bytes(bytes(corrupt))

    # --- size and depth limits
    write_bomb(add("bomb_schema", "error", "over the 64 MiB cap", None,
                   "1 GiB of zeros as schema.json; skops would inflate it all"),
               "schema.json", bomb_bytes)
    lying = add("bomb_lying_directory", "error", "inflates past", True,
                "schema.json inflates to 96 MiB but its directory entries claim 10 bytes")
    write_bomb(lying, "schema.json", 96 << 20)
    _understate_size(lying, "schema.json", 10)
    write_bomb(add("bomb_unreferenced_npy", "ok", note="a 1 GiB .npy the schema never names: "
                   "never read"), "bomb.npy", bomb_bytes, base=base)
    depth = 100_000
    deep = '{"a":' * depth + "1" + "}" * depth
    rewrite(base, add("deep_json", "error", "nests too deeply", True),
            schema_bytes=('{"protocol": 2, "__loader__": "ObjectNode", "__class__": "X", '
                          '"__module__": "m", "content": ' + deep + "}").encode())

    def nest(levels: int) -> dict[str, Any]:
        node: dict[str, Any] = json_node(1)
        for _ in range(levels):
            node = {"__class__": "list", "__module__": "builtins", "__loader__": "ListNode",
                    "content": [node]}
        return node

    def deep_nodes(schema: dict[str, Any]) -> None:
        attrs_of(schema)["memory"] = nest(300)

    # skops refuses this only while the recursion limit is the default: not compared
    rewrite(base, add("deep_nodes", "error", "deeper than", None,
                      "300 nested list nodes: over the reader's limit of 200"), deep_nodes)

    # --- protocol and structure
    rewrite(base, add("protocol_99", "error", "unknown skops protocol 99", True),
            lambda s: s.update(protocol=99))
    rewrite(base, add("protocol_string", "error", "protocol", True),
            lambda s: s.update(protocol="2"))
    rewrite(base, add("protocol_missing", "error", "protocol", True),
            lambda s: s.pop("protocol") and None)

    def unknown_loader(schema: dict[str, Any]) -> None:
        find(schema, lambda n: n["__class__"] == "StandardScaler")["__loader__"] = "EvilNode"

    rewrite(base, add("unknown_loader", "error", "unknown node loader", True), unknown_loader)

    def missing_array(schema: dict[str, Any]) -> None:
        find(schema, lambda n: n["__loader__"] == "NdArrayNode")["file"] = "nowhere.npy"

    rewrite(base, add("missing_array_member", "error", "nowhere.npy", True), missing_array)

    def cached_unknown(schema: dict[str, Any]) -> None:
        attrs_of(schema)["memory"] = {"__class__": "x", "__module__": "y",
                                      "__loader__": "CachedNode", "__id__": 424242}

    rewrite(base, add("cached_unknown_id", "error", "unknown object id", True), cached_unknown)

    def no_class(schema: dict[str, Any]) -> None:
        del find(schema, lambda n: n["__class__"] == "StandardScaler")["__class__"]

    rewrite(base, add("node_without_class", "error", "__class__", True), no_class)

    # --- custom code the reader must not import or run
    evil_dir = write_evil_module(dest / "evil_path")

    def custom_class(schema: dict[str, Any]) -> None:
        scaler = find(schema, lambda n: n["__class__"] == "StandardScaler")
        scaler["__module__"] = EVIL_MODULE
        scaler["__class__"] = "Evil"
        attrs_of(schema)["memory"] = {"__class__": "system", "__module__": "os",
                                      "__loader__": "FunctionNode", "__id__": 77}

    rewrite(base, add("custom_class_import", "ok", skops_refuses=False,
                      note=f"names {EVIL_MODULE}.Evil and os.system; importing the module "
                      f"writes {evil_dir / 'IMPORTED'}"), custom_class)

    def generator_name(schema: dict[str, Any]) -> None:
        bitgen = {"__class__": "dict", "__module__": "builtins", "__loader__": "DictNode",
                  "key_types": {"__class__": "list", "__module__": "builtins",
                                "__loader__": "ListNode", "content": []},
                  "content": {"bit_generator": json_node("seed")}}
        attrs_of(schema)["memory"] = {
            "__class__": "Generator", "__module__": "numpy.random._generator",
            "__loader__": "RandomGeneratorNode",
            "content": {"bit_generator": bitgen, "seed_seq": copy.deepcopy(bitgen)}}

    rewrite(base, add("generator_name_smuggling", "ok", skops_refuses=False,
                      note="numpy.random.seed named as a bit generator"), generator_name)

    def duplicate_id(schema: dict[str, Any]) -> None:
        # two states share an __id__: skops builds the first and reuses it for the second
        scaler = find(schema, lambda n: n["__class__"] == "StandardScaler")
        twin = copy.deepcopy(scaler)
        twin["__module__"], twin["__class__"] = EVIL_MODULE, "Twin"
        scaler["__id__"] = twin["__id__"] = 99
        attrs_of(schema)["memory"] = twin

    rewrite(base, add("duplicate_id", "ok", skops_refuses=False), duplicate_id)

    # --- renderer syntax carried as data
    def injection(schema: dict[str, Any]) -> None:
        clf = find(schema, lambda n: n["__class__"] == "LogisticRegression")
        clf["__class__"] = "Logistic" + HOSTILE["html"].replace(".", "")
        attrs_of(clf)["solver"] = json_node(HOSTILE["markdown"])
        attrs_of(clf)["class_weight"] = {
            "__class__": "dict", "__module__": "builtins", "__loader__": "DictNode",
            "key_types": {"__class__": "list", "__module__": "builtins", "__loader__": "ListNode",
                          "content": []},
            "content": {HOSTILE["jinja"]: json_node(HOSTILE["yaml"])}}

    rewrite(base, add("injection_syntax", "ok", skops_refuses=False,
                      note="HTML in a class name, Markdown/Jinja/YAML in parameter values; "
                      "metric names and values in modelsite.json"), injection,
            extra={"modelsite.json": json.dumps({
                "metrics": {HOSTILE["html"]: 0.5, HOSTILE["jinja"]: 0.25,
                            HOSTILE["markdown"]: 1.0, HOSTILE["yaml"]: 2.0},
                "data": {"dataset": HOSTILE["jinja"]},
                "provenance": {"command": HOSTILE["yaml"]}}).encode()})
    rewrite(base, add("metadata_not_json", "ok", skops_refuses=False,
                      note="modelsite.json broken: the model is still reported, with a warning"),
            extra={"modelsite.json": b"{not json"})

    # --- older savers
    def protocol_0(schema: dict[str, Any]) -> None:
        schema["protocol"] = 0
        schema["_skops_version"] = "0.6.0"
        for node in _walk(schema):
            if node["__loader__"] == "FunctionNode":
                node["content"] = {"module_path": node["__module__"],
                                   "function": node["__class__"]}
                node["__class__"], node["__module__"] = "ufunc", "numpy"
            elif node["__loader__"] == "ObjectNode" and node.get("content"):
                attrs = node["content"].get("content", {})
                if "_sklearn_version" in attrs:
                    attrs["_sklearn_version"] = json_node("1.2.2")

    rewrite(base, add("older_skops_protocol_0", "ok", skops_refuses=False,
                      note="skops 0.6 format: FunctionNode content as module_path/function"),
            protocol_0)
    rewrite(base, add("older_skops_protocol_1", "ok", skops_refuses=False),
            lambda s: s.update(protocol=1, _skops_version="0.9.0"))

    def older_sklearn(schema: dict[str, Any]) -> None:
        clf = find(schema, lambda n: n["__class__"] == "LogisticRegression")
        attrs_of(clf)["_sklearn_version"] = json_node("1.3.0")
        attrs_of(clf).pop("l1_ratio", None)  # as if saved before the parameter existed

    rewrite(base, add("older_sklearn_missing_param", "ok", skops_refuses=False,
                      note="a constructor parameter has no saved attribute: reported as a "
                      "warning"), older_sklearn)
    base.unlink()
    return {c.name: c for c in cases}


def _walk(state: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [state]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__loader__" in node:
                out.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-models")
    for case in build_corpus(target).values():
        print(f"{case.expect:5} {case.path}  {case.error or case.note}")
