"""The streaming schema reader (`collect.skops.stream`) against the whole-document path.

The incremental JSON reader decodes exactly what `json.loads` decodes, whatever the piece
boundaries and window size, and refuses exactly what it refuses; `collect_model` gives the
same report (or the same one-line error) with the stream as with `open_skops` +
`audit_schema`, on real models (without falling back) and on mutated, hostile schemas, with
windows small enough that every node is streamed member by member.
"""

from __future__ import annotations

import json
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelsite.collect.model import collect_model, plain_json
from modelsite.collect.skops import stream as schema_stream
from modelsite.collect.skops.archive import ZipError, ZipLite
from modelsite.collect.skops.stream import BIG, Fallback, Text, text_pieces
from modelsite.errors import InputError
from skops_support import schema_nodes

pytestmark = pytest.mark.usefixtures("private_model_cache")


# ------------------------------------------------------------------ the JSON reader


def pieces_of(data: bytes, cuts: list[int]) -> Iterator[bytes]:
    at = 0
    for cut in sorted(set(cuts)):
        if at < cut < len(data):
            yield data[at:cut]
            at = cut
    yield data[at:]


def read_all(text: Text) -> Any:
    """Decode the value at the text's position, walking big containers by hand."""
    value = text.value()
    if value is not BIG:
        return value
    if text.peek() == "{":
        out: dict[str, Any] = {}
        for key in text.members():
            out[key] = read_all(text)
        return out
    return [read_all(text) for _ in text.items()]


def read_fast(text: Text) -> Any:
    """As `read_all`, with the tight-loop readers the audit uses for big containers."""
    value = text.value()
    if value is not BIG:
        return value
    if text.peek() == "{":
        out: dict[str, Any] = {}
        for key, item in text.object_values():
            out[key] = read_fast(text) if item is BIG else item
        return out
    return [read_fast(text) if item is BIG else item for item in text.array_values()]


def stream_decode(data: bytes, cuts: list[int], window: int = schema_stream.WINDOW) -> Any:
    text = Text(text_pieces(pieces_of(data, cuts)), window)
    if text.peek() == "":
        raise Fallback("empty")
    value = (read_fast if len(cuts) % 2 else read_all)(text)
    if text.peek() != "":
        raise Fallback("extra data")
    return value


def outcome(decode: Any, data: bytes) -> tuple[str, str]:
    try:
        return "ok", json.dumps(decode(data), sort_keys=True)
    except (ValueError, Fallback, RecursionError):
        return "error", ""


scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats()
    | st.text(st.characters(codec="utf-8"), max_size=30)
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=60,
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    doc=documents,
    indent=st.sampled_from([None, 0, 2]),
    window=st.integers(1, 64),
    cuts=st.lists(st.integers(0, 4000), max_size=40),
)
def test_reader_decodes_like_json_loads(
    doc: Any, indent: int | None, window: int, cuts: list[int]
) -> None:
    data = json.dumps(doc, indent=indent, ensure_ascii=False).encode("utf-8")
    assert outcome(lambda d: stream_decode(d, cuts, window), data) == outcome(json.loads, data)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    doc=documents,
    window=st.integers(1, 64),
    cuts=st.lists(st.integers(0, 4000), max_size=20),
    edit=st.tuples(st.integers(0, 10**6), st.sampled_from(["cut", "insert", "delete"])),
    char=st.sampled_from(list('{}[]",:0-.eE \\nulltrueNaN\x00\xff')),
)
def test_reader_refuses_what_json_loads_refuses(
    doc: Any, window: int, cuts: list[int], edit: tuple[int, str], char: str
) -> None:
    data = json.dumps(doc, indent=1).encode("utf-8")
    at, how = edit
    at %= len(data) + 1
    if how == "cut":
        data = data[:at]
    elif how == "insert":
        data = data[:at] + char.encode("utf-8", "surrogatepass") + data[at:]
    else:
        data = data[:at] + data[at + 1 :]

    def whole(d: bytes) -> Any:
        return json.loads(d.decode(json.detect_encoding(d), "surrogatepass"))

    assert outcome(lambda d: stream_decode(d, cuts, window), data) == outcome(whole, data)


@pytest.mark.parametrize(
    "text",
    ['"\\ud800"', "[1e400, -1e400, NaN, -Infinity]", '{"a": 1, "a": 2}', "12345678901234567890"],
)
def test_reader_edge_values(text: str) -> None:
    data = text.encode()
    expected = outcome(json.loads, data)
    for cut in range(len(data) + 1):
        assert outcome(lambda d, cut=cut: stream_decode(d, [cut], 2), data) == expected


def test_non_utf8_encodings_fall_back() -> None:
    for data in ('{"a": 1}'.encode("utf-16"), b"\xef\xbb\xbf{}"):
        with pytest.raises(Fallback):
            stream_decode(data, [])


# ------------------------------------------------------------------ the member reader


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
@pytest.mark.parametrize("piece", [1, 7, 1 << 16])
def test_iter_member_equals_read(method: int, piece: int, tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    payload = json.dumps([{"n": i, "s": "x" * (i % 50)} for i in range(2000)]).encode()
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        zf.writestr("schema.json", payload)
    with ZipLite.open(path, keep=frozenset({"schema.json"}), max_members=10) as zl:
        assert b"".join(zl.iter_member("schema.json", 1 << 26, piece)) == payload
        assert zl.read("schema.json", 1 << 26) == payload


def test_iter_member_checks_crc_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    payload = b'{"a": "' + b"x" * 5000 + b'"}'
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("schema.json", payload)
    data = bytearray(path.read_bytes())
    at = data.index(b"xxxx")
    data[at] = ord("y")
    path.write_bytes(bytes(data))
    with (
        ZipLite.open(path, keep=frozenset({"schema.json"}), max_members=10) as zl,
        pytest.raises(ZipError, match="CRC"),
    ):
        for _ in zl.iter_member("schema.json", 1 << 26, 100):
            pass


# ------------------------------------------------------------------ whole reports


def forest(trees: int) -> Any:
    from sklearn.datasets import load_wine
    from sklearn.ensemble import RandomForestClassifier

    X, y = load_wine(return_X_y=True)
    return RandomForestClassifier(n_estimators=trees, max_depth=3, random_state=0).fit(X, y)


def models() -> dict[str, Any]:
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.datasets import load_wine
    from sklearn.ensemble import (
        GradientBoostingClassifier,
        HistGradientBoostingClassifier,
        VotingClassifier,
    )
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, KFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    X, y = load_wine(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = [f"w{i % 7} w{i % 11} w{i % 13}" for i in range(80)]
        return {
            "forest": forest(12),
            "pipeline": Pipeline(
                [
                    ("abs", FunctionTransformer(np.abs)),
                    (
                        "cols",
                        ColumnTransformer(
                            [("s", StandardScaler(), [0, 1])], remainder="passthrough"
                        ),
                    ),
                    ("rf", forest(3)),
                ]
            ).fit(X, y),
            "grid": GridSearchCV(
                LogisticRegression(max_iter=200),
                {"C": [0.1, 1.0]},
                cv=KFold(3, shuffle=True, random_state=1),
            ).fit(X, y),
            "voting": VotingClassifier(
                [("lr", LogisticRegression(max_iter=300)), ("rf", forest(4))], voting="soft"
            ).fit(X, y),
            "hgb": HistGradientBoostingClassifier(max_iter=5, random_state=2).fit(X, y),
            # estimators_ is an object array: an array node of JSON type, streamed
            "gb": GradientBoostingClassifier(n_estimators=4, max_depth=2, random_state=3).fit(X, y),
            "tfidf": Pipeline(
                [("t", TfidfVectorizer()), ("lr", LogisticRegression(max_iter=200))]
            ).fit(docs, [i % 2 for i in range(80)]),
            "list_root": [LogisticRegression(), 3],
        }


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import skops.io as sio

    folder = tmp_path_factory.mktemp("stream-models")
    paths = {}
    for name, model in models().items():
        paths[name] = folder / f"{name}.skops"
        sio.dump(model, paths[name])
    return paths


def report(path: Path, **reader: Any) -> tuple[str, str]:
    """The plain-data report of `collect_model(path, **reader)`, or its one-line error."""
    try:
        return "ok", json.dumps(plain_json(collect_model(path, **reader)), sort_keys=True)
    except InputError as exc:
        return "error", str(exc)


def differences(got: tuple[str, str], expected: tuple[str, str]) -> str:
    if got[0] != "ok" or expected[0] != "ok":
        return f"{got} != {expected}"
    a, b = json.loads(got[1]), json.loads(expected[1])
    keys = [k for k in a.keys() | b.keys() if a.get(k) != b.get(k)]
    return "; ".join(f"{k}: {a.get(k)} != {b.get(k)}" for k in keys)


def whole_document_report(path: Path) -> tuple[str, str]:
    return report(path, streaming=False)


@pytest.mark.parametrize("window", [16, 200, 4096, schema_stream.WINDOW])
@pytest.mark.parametrize(
    "name", ["forest", "pipeline", "grid", "voting", "hgb", "gb", "tfidf", "list_root"]
)
def test_real_models_stream_without_falling_back(
    name: str, window: int, saved: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved[name]
    expected = whole_document_report(path)
    results: list[Any] = []
    real = schema_stream.stream_skops

    def spy(*args: Any, **kwargs: Any) -> Any:
        results.append(real(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(schema_stream, "stream_skops", spy)
    assert report(path, window=window, piece=97) == expected
    assert len(results) == 1
    assert not isinstance(results[0], Fallback), str(results[0])


def test_a_forest_bigger_than_the_window_drops_its_trees(
    saved: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the real window, the trees are audited one by one and not kept."""
    from modelsite.collect.sklearn_params import load_signature_cache
    from modelsite.collect.skops.audit import Discarded, Stub

    path = saved["forest"]
    result = schema_stream.stream_skops(
        path,
        max_member_bytes=1 << 26,
        trusted=lambda: load_signature_cache().trusted,
        window=4096,
    )
    assert not isinstance(result, Fallback), str(result)
    skops_file, audit = result
    trees = skops_file.schema["content"]["content"]["estimators_"]
    assert isinstance(trees["content"], Discarded)
    assert any(isinstance(s, Stub) for s in audit.by_id.values())


def test_reading_a_dropped_part_reads_the_whole_document(
    saved: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If every big container is dropped, the parameters need them: `NeedFull`, then the
    whole-document path; same report."""
    expected = {name: whole_document_report(p) for name, p in saved.items()}
    monkeypatch.setattr(schema_stream, "_public", lambda key: False)
    for name, path in saved.items():
        assert report(path, window=16) == expected[name], name


def rewrite(base: Path, path: Path, schema_text: str | bytes) -> None:
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            payload = schema_text if info.filename == "schema.json" else zin.read(info.filename)
            zout.writestr(info.filename, payload)


@pytest.mark.parametrize("at", [0.3, 0.5, 0.77, 0.999])
def test_schema_truncated_mid_tree_is_one_clean_error(
    at: float, saved: dict[str, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(saved["forest"]) as zf:
        text = zf.read("schema.json").decode()
    path = tmp_path / "cut.skops"
    rewrite(saved["forest"], path, text[: int(len(text) * at)])
    with pytest.raises(InputError) as caught:
        collect_model(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and "not valid JSON" in message


def test_corrupt_deflate_stream_is_one_clean_error(saved: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(saved["forest"].read_bytes())
    with zipfile.ZipFile(saved["forest"]) as zf:
        info = zf.getinfo("schema.json")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + info.compress_size // 2, start + info.compress_size // 2 + 64):
        data[i] ^= 0x5A
    path = tmp_path / "corrupt.skops"
    path.write_bytes(bytes(data))
    kind, message = report(path)
    assert kind == "error" and str(path) in message and "\n" not in message


# ------------------------------------------------------------------ mutations


def test_mutated_schemas_report_as_the_whole_document_path(
    saved: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Shared and duplicated ids, reordered keys (an id or `key_types` before or after the
    content), wrong loaders, dropped keys, duplicate keys, other protocols: with every node
    streamed, the report (or the one-line error) is the whole-document path's."""
    import copy

    folder = tmp_path_factory.mktemp("stream-mutants")
    bases = {}
    for name in ("pipeline", "voting", "hgb", "gb"):
        with zipfile.ZipFile(saved[name]) as zf:
            bases[name] = json.loads(zf.read("schema.json"))

    @settings(
        max_examples=200,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def check(data: Any) -> None:
        name = data.draw(st.sampled_from(sorted(bases)))
        schema = copy.deepcopy(bases[name])
        for _ in range(data.draw(st.integers(1, 3))):
            nodes = schema_nodes(schema)
            node = nodes[data.draw(st.integers(0, len(nodes) - 1))]
            other = nodes[data.draw(st.integers(0, len(nodes) - 1))]
            kind = data.draw(
                st.sampled_from(
                    ["share_id", "move_first", "move_last", "loader", "drop", "protocol", "graft"]
                )
            )
            if kind == "share_id" and "__id__" in other:
                node["__id__"] = other["__id__"]
            elif kind in ("move_first", "move_last") and node:
                key = data.draw(st.sampled_from(sorted(node)))
                value = node.pop(key)
                items = list(node.items())
                node.clear()
                if kind == "move_first":
                    node[key] = value
                node.update(items)
                if kind == "move_last":
                    node[key] = value
            elif kind == "loader":
                loaders = ["ObjectNode", "DictNode", "ListNode", "TypeNode", "CachedNode"]
                node["__loader__"] = data.draw(st.sampled_from(loaders))
            elif kind == "drop" and len(node) > 1:
                node.pop(data.draw(st.sampled_from(sorted(node))))
            elif kind == "protocol":
                schema["protocol"] = data.draw(st.sampled_from([0, 1, 2, 3, "2", True]))
            elif kind == "graft":
                node["content"] = copy.deepcopy(other)
        text = json.dumps(schema, indent=data.draw(st.sampled_from([None, 2])))
        if data.draw(st.booleans()):  # a duplicate key somewhere
            at = data.draw(st.integers(0, len(text) - 1))
            at = text.find('"content": ', at)
            if at > 0:
                text = text[:at] + '"content": null, ' + text[at:]
        path = folder / "m.skops"
        rewrite(saved[name], path, text)
        expected = report(path, streaming=False)
        got = report(
            path,
            window=data.draw(st.sampled_from([8, 64, 1024])),
            piece=data.draw(st.sampled_from([5, 333, 1 << 16])),
        )
        assert got == expected, differences(got, expected)

    check()


def test_corpus_reports_equal_the_whole_document_path(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util
    import sys

    script = Path(__file__).parent / "corpus" / "models" / "make_models.py"
    spec = importlib.util.spec_from_file_location("make_models", script)
    assert spec and spec.loader
    module = sys.modules.get("make_models") or importlib.util.module_from_spec(spec)
    if "make_models" not in sys.modules:
        sys.modules["make_models"] = module
        spec.loader.exec_module(module)
    corpus = module.build_corpus(tmp_path_factory.mktemp("corpus"))
    for name, case in corpus.items():
        if name.startswith("bomb"):
            continue  # covered (with a memory bound) by test_inspect_cli
        expected = whole_document_report(case.path)
        for window in (8, 300, schema_stream.WINDOW):
            assert report(case.path, window=window, piece=41) == expected, (name, window)


def test_deflate_piece_boundaries_do_not_matter(saved: dict[str, Path]) -> None:
    from modelsite.collect.sklearn_params import load_signature_cache

    trusted = load_signature_cache().trusted
    results = set()
    for piece in (1, 2, 3, 1000, 1 << 20):
        result = schema_stream.stream_skops(
            saved["forest"],
            max_member_bytes=1 << 26,
            trusted=lambda: trusted,
            window=512,
            piece=piece,
        )
        assert not isinstance(result, Fallback), str(result)
        results.add(tuple(sorted(result[1].untrusted)))
    assert len(results) == 1


@pytest.mark.parametrize("piece", [5, 1 << 16])
def test_late_key_types_sharing_an_id_with_the_content(
    piece: int, saved: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """skops audits a dict node's key types before its content: when the key-type list has
    the id of a parameter's JSON node, the parameter resolves to the list (found by the
    mutation test with the key types streamed in pieces of 5 bytes)."""
    with zipfile.ZipFile(saved["hgb"]) as zf:
        schema = json.loads(zf.read("schema.json"))
    attrs = schema["content"]
    attrs["key_types"]["__id__"] = attrs["content"]["warm_start"]["__id__"]
    path = tmp_path / "shared.skops"
    rewrite(saved["hgb"], path, json.dumps(schema))
    expected = whole_document_report(path)
    assert isinstance(json.loads(expected[1])["params"]["warm_start"], list)  # the key types
    assert report(path, window=8, piece=piece) == expected


@pytest.mark.parametrize("small", [0, 1 << 30])
def test_file_hash_is_sha256_with_either_implementation(
    small: int, saved: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from modelsite.collect.skops import document

    monkeypatch.setattr(document, "SMALL_HASH", small)
    path = saved["forest"]
    digest, size = document.file_digest(path)
    assert (digest, size) == (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size)
