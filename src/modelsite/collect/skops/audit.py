"""Audit a skops schema the way skops would, without skops: which types loading it would trust.

`Auditor` mirrors `skops.io.get_untrusted_types` node by node (skops 0.16, protocols 0-2): the
same traversal order, the same identity rule for repeated `__id__`s, the same per-node default
trusted lists (taken from skops itself once per environment, see
`modelsite.collect.sklearn_params.SignatureCache`) and the same refusals of malformed files.
Nothing the schema names is imported or constructed.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing and dataclasses stay out of `modelsite inspect`'s cold start
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    State = dict[str, Any]

MAX_DEPTH = 200
"""Deepest nesting of schema nodes accepted; real models stay far below (a grid search over a
pipeline with a column transformer is about 30)."""


class SchemaError(Exception):
    """The schema is malformed in a way that makes skops refuse the file too."""


class NeedFull(Exception):
    """A reader touched a part of a streamed schema that was audited but not kept
    (`stream`): the caller reads the file again as a whole document."""


class Stub(dict):
    """What `Audit.by_id` keeps for a node of a streamed region that was not kept: only
    `__module__` and `__class__` (all the audit reads again). `ParamReader` refuses to resolve
    to one (`NeedFull`)."""

    __slots__ = ()


class Discarded(dict):
    """The `content` of a streamed container that was audited but not kept. Reading it in any
    way raises `NeedFull`."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise NeedFull("a discarded part of the schema was read")

    __getitem__ = __contains__ = __iter__ = __len__ = get = items = keys = values = _refuse


DISCARDED = Discarded()


class Audit:
    """Result of walking the schema like `skops.io._audit.get_tree` does.

    `by_id`: the first state seen for each `__id__`, which skops resolves every later
    occurrence to.
    """

    __slots__ = ("by_id", "untrusted")

    def __init__(self) -> None:
        self.untrusted: set[str] = set()
        self.by_id: dict[Any, State] = {}


def as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise SchemaError(f"expected a string, found {type(value).__name__}")
    return value


class Auditor:
    """Walks a schema the way skops' `get_tree` builds nodes, collecting the unsafe set.

    `trusted` maps group names (see `SignatureCache.trusted`) to the type paths skops trusts by
    default; `protocol` picks the old node variants skops keeps for protocols 0 and 1.
    """

    def __init__(
        self, trusted: Mapping[str, frozenset[str]], protocol: int, members: frozenset[str]
    ) -> None:
        self.trusted = trusted
        self.protocol = protocol
        self.members = members
        self.audit = Audit()
        self.protocol_read = False
        """Whether a node whose audit depends on the protocol was met (see `stream`)."""
        self._table = self._make_defaults()
        self._functions = self.trusted["scipy_ufunc"] | self.trusted["numpy_ufunc"]

    def run(self, schema: State) -> Audit:
        self._node(schema, frozenset(), 0)
        return self.audit

    def _make_defaults(self) -> dict[str, frozenset[str]]:
        """The default trusted types of each node type, as in skops' Node subclasses."""
        t = self.trusted
        return {
            "DictNode": t["dict"],
            "ListNode": t["list"],
            "SetNode": t["set"],
            "TupleNode": t["tuple"],
            "TypeNode": t["primitive"] | t["container"] | t["numpy_dtype"],
            "ObjectNode": t["sklearn_estimator"] | t["sklearn_internal"],
            "BytesNode": t["bytes"],
            "BytearrayNode": t["bytearray"],
            "NdArrayNode": t["ndarray"] | t["numpy_dtype"],
            "MaskedArrayNode": t["masked_array"],
            "RandomStateNode": t["random_state"],
            "RandomGeneratorNode": t["generator"],
            "SparseMatrixNode": t["sparse"],
            "LossNode": t["losses"],
        }

    def _type_path(self, state: State) -> str:
        if "__class__" not in state or "__module__" not in state:
            raise SchemaError("a node lacks __class__ or __module__")
        return as_str(state["__module__"]) + "." + as_str(state["__class__"])

    def _file(self, state: State) -> None:
        name = state["file"]
        if name not in self.members:
            raise SchemaError(f"the schema names a member {name!r} that is not in the zip")

    def _node(self, state: Any, passed: frozenset[str], depth: int) -> None:
        if depth > MAX_DEPTH:
            raise SchemaError(f"nodes nest deeper than {MAX_DEPTH} levels")
        if not isinstance(state, dict):
            raise SchemaError(f"a node is a {type(state).__name__}, not an object")
        audit = self.audit
        saved_id = state.get("__id__")
        try:
            if saved_id in audit.by_id:
                return  # skops reuses the node built for the first occurrence
        except TypeError:
            raise SchemaError("a node has an unhashable __id__") from None
        loader = state.get("__loader__")
        if not isinstance(loader, str) or loader not in _KNOWN_LOADERS:
            raise SchemaError(f"unknown node loader {loader!r}")
        if "__class__" not in state or "__module__" not in state:
            raise SchemaError("a node lacks __class__ or __module__")
        if loader == "JsonNode":
            state["content"]
            if saved_id:
                audit.by_id[saved_id] = state
            return
        module, cls = state["__module__"], state["__class__"]
        if module.__class__ is str and cls.__class__ is str:
            type_path = module + "." + cls
        else:
            type_path = self._type_path(state)  # refuses it
        if loader == "CachedNode":
            raise SchemaError(f"a cached node refers to an unknown object id {saved_id!r}")
        if saved_id:
            audit.by_id[saved_id] = state
        d = depth + 1
        node = self._node
        if loader == "DefaultDictNode":
            trusted = self.trusted["defaultdict"]
        elif loader == "LossNode":
            trusted = passed | self.trusted["losses"]
            passed = trusted
        else:
            defaults = self._table.get(loader, EMPTY)
            trusted = passed | defaults if passed else defaults

        if loader == "SliceNode":
            state["content"]["start"], state["content"]["stop"], state["content"]["step"]
            return
        if loader == "FunctionNode":
            self.protocol_read = True
            if self.protocol == 0:
                content = state["content"]
                name = as_str(content["module_path"]) + "." + as_str(content["function"])
                if name not in passed | self.trusted["scipy_ufunc"]:
                    audit.untrusted.add(name)
            elif type_path not in self._functions and type_path not in passed:
                audit.untrusted.add(type_path)
            return

        if type_path not in trusted:
            audit.untrusted.add(type_path)

        if loader == "NdArrayNode":  # the most frequent (a forest's arrays): tested first
            self._array(state, passed, d)
        elif loader == "DictNode":
            node(state["key_types"], passed, d)
            by_id = audit.by_id
            shallow = d <= MAX_DEPTH
            for value in dict_values(state["content"]):
                # what `_node` does first, without the call: skip a node met before (most
                # of a forest's nodes: None, small ints, the same strings and types)
                if shallow and value.__class__ is dict:
                    saved = value.get("__id__")
                    if saved.__class__ is int and saved in by_id:
                        continue
                node(value, passed, d)
        elif loader == "DefaultDictNode":
            node(state["content"]["main"], passed, d)
            node(state["content"]["default_factory"], passed, d)
        elif loader in {"ListNode", "SetNode", "TupleNode"}:
            by_id = audit.by_id
            shallow = d <= MAX_DEPTH
            for value in sequence_items(state["content"]):
                if shallow and value.__class__ is dict:  # as above
                    saved = value.get("__id__")
                    if saved.__class__ is int and saved in by_id:
                        continue
                node(value, passed, d)
        elif loader == "PartialNode":
            content = state["content"]
            for key in ("func", "args", "kwds", "namespace"):
                node(content[key], passed, d)
        elif loader == "TypeNode":
            pass
        elif loader == "ObjectNode":
            if state.get("content") is not None:
                node(state["content"], passed, d)
        elif loader == "ConstructorFromReduceNode" or loader in {"DTypeNode", "RandomStateNode"}:
            node(state["content"], passed, d)
        elif loader == "MethodNode":
            obj = state["content"]["obj"]
            node(obj, passed, d)
            first = audit.by_id.get(obj.get("__id__"), obj) if obj.get("__id__") else obj
            obj_path = self._type_path(first)
            if obj_path != type_path:
                raise SchemaError(f"a method node expects {type_path}, got {obj_path}")
            audit.untrusted.add(f"{obj_path}.{as_str(state['content']['func'])}")
        elif loader == "OperatorFuncNode":
            if state["__module__"] != "operator":
                raise SchemaError(f"an operator node names module {state['__module__']!r}")
            node(state["attrs"], passed, d)
        elif loader in {"BytesNode", "BytearrayNode"}:
            self._file(state)
        elif loader == "MaskedArrayNode":
            node(state["content"]["data"], passed, d)
            node(state["content"]["mask"], passed, d)
        elif loader == "RandomGeneratorNode":
            self._generator(state, passed, d)
        elif loader == "SparseMatrixNode":
            if state["type"] != "scipy":
                raise SchemaError(f"cannot load sparse object of type {type_path}")
            self._file(state)
        elif loader in {"TreeNode", "LossNode", "QuantileForestNode"}:
            if loader == "QuantileForestNode" and not self.trusted["quantile_forest"]:
                raise SchemaError("a QuantileForest node needs the quantile_forest package")
            reduce = state["__reduce__"]
            node(state["content"], passed, d)
            node(reduce["args"], passed, d)
            if loader == "TreeNode":
                ctor = next(iter(self.trusted["tree"]))
            elif loader == "QuantileForestNode":
                ctor = next(iter(self.trusted["quantile_forest"]))
            else:
                ctor = type_path
            if ctor not in self._table["TypeNode"] and ctor not in passed:
                audit.untrusted.add(ctor)

    def _array(self, state: State, passed: frozenset[str], d: int) -> None:
        kind = state["type"]
        if kind == "numpy":
            self._file(state)
        elif kind == "json":
            for value in sequence_items(state["content"]):
                self._node(value, passed, d)
            self._node(state["shape"], passed, d)
        else:
            raise SchemaError(f"unknown array storage type {kind!r}")

    def _generator(self, state: State, passed: frozenset[str], d: int) -> None:
        content = state["content"]
        self.protocol_read = True
        if self.protocol == 0:
            # skops' protocol-0 node keeps the raw dict as a child and cannot audit it
            raise SchemaError("a protocol-0 numpy Generator node cannot be audited")
        self._node(content["bit_generator"], passed, d)
        if self.protocol >= 2:
            self._node(content["seed_seq"], passed, d)
        try:
            name = json.loads(content["bit_generator"]["content"]["bit_generator"]["content"])
        except (KeyError, TypeError, ValueError):
            name = None
        if not isinstance(name, str):
            raise SchemaError("no bit generator name in a numpy Generator state")
        full = f"numpy.random.{name}"
        if full not in self.trusted["bit_generators"]:
            self.audit.untrusted.add(full)


EMPTY: frozenset[str] = frozenset()
SEQUENCE_LOADERS = frozenset({"ListNode", "SetNode", "TupleNode"})
_ONE_CONTENT = frozenset({"ConstructorFromReduceNode", "DTypeNode", "RandomStateNode"})
_KNOWN_LOADERS = frozenset(
    {
        "DictNode",
        "DefaultDictNode",
        "ListNode",
        "SetNode",
        "TupleNode",
        "BytesNode",
        "BytearrayNode",
        "SliceNode",
        "FunctionNode",
        "MethodNode",
        "PartialNode",
        "TypeNode",
        "ConstructorFromReduceNode",
        "ObjectNode",
        "JsonNode",
        "OperatorFuncNode",
        "CachedNode",
        "NdArrayNode",
        "MaskedArrayNode",
        "DTypeNode",
        "RandomStateNode",
        "RandomGeneratorNode",
        "SparseMatrixNode",
        "TreeNode",
        "LossNode",
        "QuantileForestNode",
    }
)


def dict_values(content: Any) -> list[Any]:
    if not isinstance(content, dict):
        raise SchemaError("a dict node's content is not an object")
    return list(content.values())


def sequence_items(content: Any) -> list[Any]:
    """What skops iterates: a list, but also a dict's keys or a string's characters (which
    then fail as nodes, unless there are none)."""
    if isinstance(content, list):
        return content
    if isinstance(content, (dict, str)):
        return list(content)
    raise SchemaError("a sequence node's content is not a list")


def audit_schema(
    schema: State, *, trusted: Mapping[str, frozenset[str]], members: frozenset[str]
) -> Audit:
    """Walk the schema like skops; raise `SchemaError` where skops would refuse the file."""
    try:
        return Auditor(trusted, schema["protocol"], members).run(schema)
    except SchemaError:
        raise
    except KeyError as exc:
        raise SchemaError(f"a node lacks the key {exc.args[0]!r}") from None
    except (TypeError, AttributeError) as exc:
        raise SchemaError(f"a node has the wrong shape ({exc})") from None
