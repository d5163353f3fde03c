"""Read a `.skops` file without constructing anything (first cut; the model-reader issue deepens it)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from modelsite.errors import InputError
from modelsite.sitemodel import EstimatorNode, ModelInfo

MAX_MEMBER_BYTES = 64 * 1024 * 1024


def _value(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    loader = node.get("__loader__")
    if loader == "JsonNode":
        return json.loads(node["content"])
    if loader == "ObjectNode":
        return f"{node['__module__']}.{node['__class__']}"
    if loader in {"ListNode", "TupleNode"}:
        return [_value(v) for v in node["content"]]
    return f"{node.get('__module__')}.{node.get('__class__')}"


def read_model(path: str | Path, *, max_member_bytes: int = MAX_MEMBER_BYTES) -> ModelInfo:
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            schema = json.loads(zf.read("schema.json"))
            meta = json.loads(zf.read("modelsite.json")) if "modelsite.json" in zf.namelist() else {}
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(path, f"not a readable skops file ({exc})") from None
    content = schema["content"]["content"]
    params = {k: _value(v) for k, v in content.items() if not k.endswith("_") and not k.startswith("_")}
    cls = f"{schema['__module__']}.{schema['__class__']}"
    data = path.read_bytes()
    return ModelInfo(
        path=str(path), name=path.stem, estimator=cls,
        tree=EstimatorNode(name="", path="", cls=cls, params=params),
        params=params, seeds={k: v for k, v in params.items() if k.endswith("random_state")},
        versions={"protocol": schema.get("protocol")}, untrusted_types=(),
        metrics=meta.get("metrics", {}), environment=meta.get("environment", {}),
        sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data),
    )


def inspect_model(path: str | Path) -> dict[str, Any]:
    """The `inspect --json` object for a model file."""
    return read_model(path).to_json()
