"""Parameters, seeds and the estimator tree, read from schema states without constructing them.

`ParamReader.get_params(state, deep=True)` follows scikit-learn's `BaseEstimator.get_params`
and `_BaseComposition._get_params` (and the kernels' and `FrozenEstimator`'s own versions) on
the saved attributes, with parameter names from the class signatures in the `SignatureCache`.
Values are reported as `sklearn_params.live_json` would report the live values.
"""

from __future__ import annotations

import json

from modelsite.collect.sklearn_params import ClassInfo, sklearn_class_info
from modelsite.collect.skops.audit import MAX_DEPTH, NeedFull, SchemaError, Stub
from modelsite.tasks import task_of_class_name

TYPE_CHECKING = False  # typing stays out of `modelsite inspect`'s cold start
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from modelsite.collect.sklearn_params import SignatureCache
    from modelsite.collect.skops.audit import State

    JSONValue = Any
    TreeDict = dict[str, Any]
    """`{"name", "path", "cls", "params", "children"}`: an `EstimatorNode` as plain data."""


def _public(key: str) -> bool:
    return not key.startswith("_") and not key.endswith("_")


class ParamReader:
    """Reads what `get_params` would return from the states of one schema."""

    def __init__(self, *, by_id: Mapping[Any, State], cache: SignatureCache, protocol: int) -> None:
        self.by_id = by_id
        self.cache = cache
        self.protocol = protocol
        self.problems: list[str] = []
        self.other_seeds: dict[str, JSONValue] = {}
        self.sklearn_versions: set[str] = set()
        """Every `_sklearn_version` met by `tree` (scikit-learn writes it only for its own
        classes, so a root from another library has none while its steps do)."""
        self._visiting: set[int] = set()
        self._noted: set[str] = set()

    # -------------------------------------------------------------- states

    def resolve(self, state: Any) -> State:
        if not isinstance(state, dict):
            raise SchemaError(f"a node is a {type(state).__name__}, not an object")
        saved_id = state.get("__id__")
        if saved_id:
            first = self.by_id.get(saved_id)
            if first is not None:
                if first.__class__ is Stub:  # first met in a streamed region that was not kept
                    raise NeedFull(f"object id {saved_id!r} resolves to a node that was not kept")
                return first
        return state

    @staticmethod
    def type_path(state: State) -> str:
        return f"{state['__module__']}.{state['__class__']}"

    def attrs(self, state: State) -> dict[str, State]:
        """The saved attributes (`__getstate__`) of an object node, or `{}`."""
        if state.get("__loader__") != "ObjectNode":
            return {}
        content = state.get("content")
        if not isinstance(content, dict):
            return {}
        content = self.resolve(content)
        if content.get("__loader__") != "DictNode" or not isinstance(content.get("content"), dict):
            return {}
        return content["content"]

    def _note(self, message: str) -> None:
        if message not in self._noted:
            self._noted.add(message)
            self.problems.append(message)

    def info(self, state: State) -> ClassInfo | None:
        """How `get_params` works for this object node, or `None` if it has no `get_params`."""
        if state.get("__loader__") != "ObjectNode":
            return None
        dotted = self.type_path(state)
        info = self.cache.classes.get(dotted)
        if info is not None:
            return info
        if dotted.startswith("sklearn.") and dotted not in self.cache.not_estimators:
            info = self.cache.remember(dotted, sklearn_class_info(dotted))
            if info is not None:
                return info
        attrs = self.attrs(state)
        if "_sklearn_version" in attrs:  # BaseEstimator.__getstate__ adds it
            self._note(
                f"{dotted} is not an installed scikit-learn class; its parameters are "
                "inferred from its saved attributes (the class was not imported)"
            )
            return ClassInfo(kind="base", names=tuple(sorted(k for k in attrs if _public(k))))
        if self._is_steps_pipeline(attrs):  # imblearn's Pipeline: no marker, scikit-learn's steps
            self._note(
                f"{dotted} is not a scikit-learn class; it is read as a Pipeline from its "
                "saved `steps` (the class was not imported)"
            )
            names = tuple(sorted(k for k in attrs if _public(k)))
            return ClassInfo(kind="compose", attr="steps", names=names)
        return None

    def _is_steps_pipeline(self, attrs: Mapping[str, State]) -> bool:
        """Does `steps` hold `(name, estimator)` pairs, as a scikit-learn Pipeline saves them?"""
        if "steps" not in attrs:
            return False
        pairs = self.compose_items("steps", attrs)
        return bool(pairs) and any(
            self.resolve(est).get("__loader__") == "ObjectNode" for _, est in pairs
        )

    # -------------------------------------------------------------- values

    def value(self, state: Any, depth: int = 0) -> JSONValue:
        """A state as the JSON value `inspect --json` reports for it."""
        if depth > MAX_DEPTH:
            raise SchemaError(f"values nest deeper than {MAX_DEPTH} levels")
        s = self.resolve(state)
        loader = s.get("__loader__")
        if loader == "JsonNode":
            content = s.get("content")
            if not isinstance(content, str):
                raise SchemaError("a JSON node's content is not a string")
            try:
                return json.loads(content)
            except ValueError:
                raise SchemaError("a JSON node holds invalid JSON") from None
        if loader in {"ListNode", "TupleNode", "SetNode"}:
            return [self.value(v, depth + 1) for v in s["content"]]
        if loader == "DictNode":
            return {str(k): self.value(v, depth + 1) for k, v in s["content"].items()}
        if loader == "SliceNode":
            c = s["content"]
            return f"slice({c['start']!r}, {c['stop']!r}, {c['step']!r})"
        if loader == "FunctionNode" and self.protocol == 0:
            return f"{s['content']['module_path']}.{s['content']['function']}"
        if loader == "PartialNode":
            return "functools.partial"
        if loader == "MethodNode":
            obj = self.resolve(s["content"]["obj"])
            return f"{self.type_path(obj)}.{s['content']['func']}"
        return self.type_path(s)

    # -------------------------------------------------------------- get_params

    def has_get_params(self, state: Any) -> bool:
        return self.info(self.resolve(state)) is not None

    def get_params(self, state: Any, *, deep: bool = True, where: str = "") -> dict[str, Any]:
        """`{key: state}` as `get_params(deep=deep)` would return the (unconstructed) values."""
        s = self.resolve(state)
        info = self.info(s)
        if info is None:
            return {}
        marker = id(s)
        if marker in self._visiting:
            raise SchemaError(f"parameters refer back to themselves at {where or 'the root'}")
        self._visiting.add(marker)
        try:
            return self._get_params(s, info, deep, where)
        finally:
            self._visiting.discard(marker)

    def _get_params(self, s: State, info: ClassInfo, deep: bool, where: str) -> dict[str, Any]:
        attrs = self.attrs(s)
        out: dict[str, Any] = {}
        prefix = f"{where}__" if where else ""

        def nested(key: str, value: Any) -> None:
            for k, v in self.get_params(value, deep=True, where=prefix + key).items():
                out[f"{key}__{k}"] = v

        for key in info.names:
            if key not in attrs:
                self._note(
                    f"{self.type_path(s)} at {where or 'the root'} has no saved attribute "
                    f"{key!r} (saved by another scikit-learn version?); get_params would "
                    "fail on the loaded model"
                )
                continue
            value = attrs[key]
            if info.kind == "fixed":
                if deep and key in info.deep_names:
                    nested(key, value)
            elif deep and self.has_get_params(value):
                nested(key, value)
            out[key] = value
        if info.kind == "compose" and deep:
            for name, est in self.compose_items(info.attr, attrs):
                out[name] = est
            for name, est in self.compose_items(info.attr, attrs):
                if self.has_get_params(est):
                    nested(name, est)
        return out

    def compose_items(self, attr: str, attrs: Mapping[str, State]) -> list[tuple[str, State]]:
        """The `(name, estimator)` pairs `_BaseComposition._get_params(attr)` iterates."""
        if attr == "_transformers":  # ColumnTransformer's property over `transformers`
            rows = self._rows(attrs.get("transformers"))
            if rows is not None and all(len(r) == 3 for r in rows):
                rows = [r[:2] for r in rows]
        else:
            rows = self._rows(attrs.get(attr))
        if rows is None or not all(len(r) == 2 for r in rows):
            return []
        pairs = []
        for name_state, est in rows:
            name = self.value(name_state)
            if not isinstance(name, str):
                return []
            pairs.append((name, est))
        return pairs

    def _rows(self, state: Any) -> list[list[Any]] | None:
        if state is None:
            return None
        s = self.resolve(state)
        if s.get("__loader__") not in {"ListNode", "TupleNode"}:
            return None
        rows = []
        for item in s["content"]:
            r = self.resolve(item)
            if r.get("__loader__") not in {"ListNode", "TupleNode"}:
                return None
            rows.append(list(r["content"]))
        return rows

    # -------------------------------------------------------------- the tree

    def tree(self, state: Any, *, name: str = "", path: str = "", depth: int = 0) -> TreeDict:
        """The estimator tree below `state` as plain data (see `sitemodel.EstimatorNode`)."""
        if depth > MAX_DEPTH:
            raise SchemaError(f"estimators nest deeper than {MAX_DEPTH} levels")
        s = self.resolve(state)
        cls = self.type_path(s)
        info = self.info(s)
        marker = self.attrs(s).get("_sklearn_version")
        if marker is not None:
            version = self.value(marker)
            if isinstance(version, str):
                self.sklearn_versions.add(version)
        prefix = f"{path}__" if path else ""
        children: list[TreeDict] = []
        if info is not None:
            shallow = self.get_params(s, deep=False, where=path)
            params = {k: self.value(v) for k, v in shallow.items()}
            for key, value in shallow.items():
                if self.resolve(value).get("__loader__") == "ObjectNode":
                    children.append(self.tree(value, name=key, path=prefix + key, depth=depth + 1))
            if info.kind == "compose":
                for item_name, est in self.compose_items(info.attr, self.attrs(s)):
                    if self.resolve(est).get("__loader__") == "ObjectNode":
                        children.append(
                            self.tree(est, name=item_name, path=prefix + item_name, depth=depth + 1)
                        )
        else:
            attrs = self.attrs(s) if s.get("__loader__") == "ObjectNode" else {}
            params = {k: self.value(v) for k, v in attrs.items() if _public(k)}
            for key, value in attrs.items():
                if _public(key) and self.resolve(value).get("__loader__") == "ObjectNode":
                    children.append(self.tree(value, name=key, path=prefix + key, depth=depth + 1))
            if "random_state" in params:
                self.other_seeds[prefix + "random_state"] = params["random_state"]
        return {"name": name, "path": path, "cls": cls, "params": params, "children": children}

    def _task_by_name(self, s: State) -> str | None:
        """The task a class name tells for the libraries that name estimators by task
        (`tasks.task_of_class_name`); they are not imported here."""
        if s.get("__loader__") != "ObjectNode":
            return None
        return task_of_class_name(str(s.get("__module__", "")), str(s.get("__class__", "")))

    def task(self, state: Any, depth: int = 0) -> str | None:
        """`classification`, `regression`, `clustering`, `outlier-detection` or `None`."""
        if depth > MAX_DEPTH:
            return None
        s = self.resolve(state)
        info = self.info(s)
        by_name = self._task_by_name(s)
        if info is None:
            return by_name
        if info.task or by_name:
            return info.task or by_name
        attrs = self.attrs(s)
        if info.kind == "compose" and info.attr == "steps":
            items = self.compose_items(info.attr, attrs)
            return self.task(items[-1][1], depth + 1) if items else None
        for key in ("estimator", "base_estimator", "regressor", "classifier"):
            if key in attrs:
                return self.task(attrs[key], depth + 1)
        return None
