"""YAML read with bounded alias expansion.

`yaml.safe_load` expands aliases without limit: nine nested levels of nine aliases ("billion
laughs") are a few hundred bytes of `modelsite.yml` that take a minute and gigabytes to load. Here
the document is composed first (aliases stay shared nodes, so composing is linear in the text),
its expanded size is counted once per node, and it is constructed only when that size is within
`MAX_NODES`. A recursive alias (`&a [*a]`) is refused too: nothing modelsite reads needs one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from modelsite.errors import InputError

MAX_NODES = 100_000
"""Most nodes a document may expand to: a generous `modelsite.yml` or `CITATION.cff` has a few
hundred."""


class YamlTooLarge(yaml.YAMLError):
    """The document expands (through aliases) beyond `MAX_NODES` nodes, or refers to itself."""


def expanded_size(node: yaml.Node, limit: int = MAX_NODES) -> int:
    """The number of nodes `node` stands for once every alias is expanded.

    Raises `YamlTooLarge` beyond `limit` or on a node that contains itself.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(n: yaml.Node) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise YamlTooLarge("a recursive alias (a node that contains itself)")
        open_nodes.add(key)
        total = 1
        if isinstance(n, yaml.SequenceNode):
            total += sum(size(child) for child in n.value)
        elif isinstance(n, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in n.value)
        open_nodes.discard(key)
        if total > limit:
            raise YamlTooLarge(f"aliases expand it beyond {limit:,} nodes")
        sizes[key] = total
        return total

    return size(node)


def safe_load(text: str, limit: int = MAX_NODES) -> Any:
    """`yaml.safe_load` for one document, refusing one that expands beyond `limit` nodes."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded_size(node, limit)
        return loader.construct_document(node)
    except RecursionError:
        raise YamlTooLarge("nested too deeply") from None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> Any:
    """Parse the YAML file at `path`; any problem is an `InputError` naming the file (and line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        data = safe_load(text)
    except YamlTooLarge as exc:
        raise InputError(path, f"refused: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(where, f"not valid YAML ({problem})") from None
    try:
        return _join_surrogates(data)
    except UnicodeError:
        raise InputError(
            path, 'holds an escaped lone surrogate (like "\\ud800"), which is not Unicode text'
        ) from None


def _join_surrogates(value: Any) -> Any:
    """`value` with YAML's escaped surrogate pairs (`"\\ud83c\\udf77"`, which PyYAML leaves
    as two code points) joined into the character they encode; `UnicodeError` for a lone
    surrogate, which no file, page or terminal can write."""
    if isinstance(value, str):
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        return value
    if isinstance(value, dict):
        return {_join_surrogates(k): _join_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_join_surrogates(v) for v in value]
    return value
