"""Read a `.skops` file without constructing anything: `read_model`, `inspect_model`, and the
`modelsite inspect` command.

The zip is opened with size caps checked from its directory; `schema.json` is audited the way
skops would as it is inflated, keeping only what the report reads
(`skops.stream.stream_skops`; the whole-document `skops.document.open_skops` +
`skops.audit.audit_schema` where the stream cannot give exactly the same result), and its
states are read into parameters, seeds and an estimator tree (`estimator_tree.ParamReader`)
with parameter names from scikit-learn's signatures, cached once per environment
(`sklearn_params`). This module imports neither scikit-learn nor skops on the common path.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

from modelsite.collect.skops.audit import NeedFull, SchemaError, audit_schema
from modelsite.collect.skops.document import open_skops
from modelsite.errors import InputError
from modelsite.tasks import task_of_evaluation

TYPE_CHECKING = False  # typing, dataclasses and the site model stay out of the cold start
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from modelsite.collect.sklearn_params import SignatureCache
    from modelsite.collect.skops.audit import Audit
    from modelsite.collect.skops.document import SkopsFile
    from modelsite.sitemodel import EstimatorNode, ModelInfo

MAX_MEMBER_BYTES = 64 * 1024 * 1024


def read_model(path: str | Path, *, max_member_bytes: int = MAX_MEMBER_BYTES) -> ModelInfo:
    """Everything modelsite knows about a `.skops` file, read without loading the model.

    Raises `InputError` (one line naming the file and the problem) for anything that is not a
    readable skops file, or that skops itself would refuse.
    """
    from modelsite.sitemodel import ModelInfo

    fields = collect_model(path, max_member_bytes=max_member_bytes)
    fields["tree"] = _node(fields["tree"])
    fields["untrusted_types"] = tuple(fields["untrusted_types"])
    fields["problems"] = tuple(fields["problems"])
    return ModelInfo(**fields)


def _node(tree: dict[str, Any]) -> EstimatorNode:
    from modelsite.sitemodel import EstimatorNode

    return EstimatorNode(
        name=tree["name"],
        path=tree["path"],
        cls=tree["cls"],
        params=tree["params"],
        children=tuple(_node(c) for c in tree["children"]),
    )


def collect_model(
    path: str | Path,
    *,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    streaming: bool = True,
    window: int | None = None,
    piece: int | None = None,
) -> dict[str, Any]:
    """The fields of `ModelInfo` as plain data (the tree as nested dicts), in field order.

    `streaming=False` reads the schema as a whole document only; `window` and `piece` tune the
    stream (`skops.stream.WINDOW`, `PIECE`). The report is the same whatever they are."""
    import gc

    # Parsing builds hundreds of thousands of containers and no cycles: the cyclic collector
    # would only rescan them (about 15% of the parse time for a large forest).
    path = Path(path)
    _refuse_special_file(path)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _collect(path, max_member_bytes, streaming, window, piece)
    finally:
        if was_enabled:
            gc.enable()


def _refuse_special_file(path: Path) -> None:
    """A FIFO, socket or device is never opened: reading one can block forever (a FIFO) or
    never end (`/dev/zero`)."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or unreadable: reported by the reader, as always
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise InputError(path, "is not a regular file (a FIFO, device or socket); not read")


def _collect(
    path: Path, max_member_bytes: int, streaming: bool, window: int | None, piece: int | None
) -> dict[str, Any]:
    from modelsite.collect.sklearn_params import load_signature_cache

    if streaming:
        from modelsite.collect.skops import stream

        loaded: list[SignatureCache] = []

        def trusted() -> Mapping[str, frozenset[str]]:
            loaded.append(load_signature_cache())
            return loaded[0].trusted

        # One pass over the inflating schema, keeping only what the report reads; the whole
        # document when that cannot give exactly the same result (see `skops.stream`).
        streamed = stream.stream_skops(
            path,
            max_member_bytes=max_member_bytes,
            trusted=trusted,
            window=window or stream.WINDOW,
            piece=piece or stream.PIECE,
        )
        if not isinstance(streamed, stream.Fallback):
            try:
                return _report(path, streamed[0], streamed[1], loaded[0])
            except NeedFull:
                pass
    skops_file = open_skops(path, max_member_bytes=max_member_bytes)
    return _report(path, skops_file, None, load_signature_cache())


def _report(
    path: Path, skops_file: SkopsFile, audit: Audit | None, cache: SignatureCache
) -> dict[str, Any]:
    report = _read_report(path, skops_file, audit, cache)
    found: list[bool] = []
    report = _without_surrogates(report, found)
    if found:
        report["problems"] = [
            *report["problems"],
            "the file holds text that is not valid Unicode (lone surrogates); shown as U+FFFD",
        ]
    return report


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any, found: list[bool]) -> Any:
    """`value` with lone surrogates (JSON allows `"\\ud800"`; no file or terminal can write
    them) replaced by U+FFFD in every string, keys included; `found` gets an entry if any."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            found.append(True)
            return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, dict):
        return {
            _without_surrogates(k, found): _without_surrogates(v, found) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without_surrogates(v, found) for v in value]
    if isinstance(value, tuple):
        return tuple(_without_surrogates(v, found) for v in value)
    return value


def _read_report(
    path: Path, skops_file: SkopsFile, audit: Audit | None, cache: SignatureCache
) -> dict[str, Any]:
    from modelsite.collect.estimator_tree import ParamReader

    schema = skops_file.schema
    try:
        if audit is None:
            audit = audit_schema(schema, trusted=cache.trusted, members=skops_file.members)
        reader = ParamReader(by_id=audit.by_id, cache=cache, protocol=schema["protocol"])
        root = reader.resolve(schema)
        params_states = reader.get_params(root, deep=True)
        params = {k: reader.value(v) for k, v in params_states.items()}
        tree = reader.tree(root)
        task = reader.task(root)
        root_attrs = reader.attrs(root)
        sklearn_version = (
            reader.value(root_attrs["_sklearn_version"])
            if "_sklearn_version" in root_attrs
            else _nested_sklearn_version(reader)
        )
    except SchemaError as exc:
        raise InputError(path, f"schema.json is malformed: {exc}") from None
    except RecursionError:
        raise InputError(path, "schema.json nests too deeply") from None
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise InputError(path, f"schema.json is malformed ({type(exc).__name__}: {exc})") from None
    finally:
        cache.save()  # classes looked up for this file are remembered for the next run

    meta = skops_file.metadata
    environment = _mapping(meta.get("environment"))
    evaluation = _mapping(meta.get("evaluation"))
    versions: dict[str, Any] = {
        "sklearn": sklearn_version,
        "skops": schema.get("_skops_version"),
        "protocol": schema["protocol"],
    }
    packages = _mapping(environment.get("packages"))
    for key, dist in (("numpy", "numpy"), ("scipy", "scipy")):
        if dist in packages:
            versions[key] = packages[dist]
    if "python" in environment:
        versions["python"] = environment["python"]
    installed = cache.versions.get("sklearn")
    problems = list(skops_file.problems) + reader.problems
    if isinstance(sklearn_version, str) and installed and sklearn_version != installed:
        problems.append(
            f"saved with scikit-learn {sklearn_version}; parameter names are those of "
            f"the installed scikit-learn {installed}"
        )
    seeds = {k: v for k, v in params.items() if k == "random_state" or k.endswith("__random_state")}
    return {
        "path": str(path),
        "name": path.stem,
        "estimator": reader.type_path(root),
        "tree": tree,
        "params": params,
        "seeds": seeds,
        "versions": versions,
        "untrusted_types": sorted(audit.untrusted),
        "metrics": _mapping(meta.get("metrics")),
        "metric_sources": {},  # metrics files are attached later, from modelsite.yml
        "environment": environment,
        "data": _mapping(meta.get("data")),
        "evaluation": evaluation,
        "provenance": _mapping(meta.get("provenance")),
        "extra": _mapping(meta.get("extra")),
        "sha256": skops_file.sha256,
        "size_bytes": skops_file.size_bytes,
        "task": task_of_evaluation(evaluation) or task,
        "other_seeds": reader.other_seeds,
        "problems": problems,
    }


def _nested_sklearn_version(reader: Any) -> str | None:
    """The version the estimators inside a root of another library record (scikit-learn writes
    `_sklearn_version` for its own classes only: an imblearn Pipeline or an XGBoost wrapper has
    none); `None` when none does, or when they disagree (reported as a problem)."""
    found = sorted(reader.sklearn_versions)
    if len(found) > 1:
        reader.problems.append(
            "the estimators record different scikit-learn versions "
            f"({', '.join(found)}); none is taken as the model's"
        )
    return found[0] if len(found) == 1 else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def inspect_model(path: str | Path, *, max_member_bytes: int = MAX_MEMBER_BYTES) -> dict[str, Any]:
    """The `inspect --json` object for a model file (see DESIGN.md)."""
    return read_model(path, max_member_bytes=max_member_bytes).to_json()


def plain_json(value: Any) -> Any:
    """Like `sitemodel.to_json` for plain data: NaN and infinities as strings, tuples as lists."""
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def inspect_command(path: Path, *, as_json: bool, max_member_bytes: int) -> int:
    """`modelsite inspect`: print the model summary (or JSON); `max_member_bytes` is in MiB.

    Works on plain data (`collect_model`), so the command never imports the site model.
    """
    fields = collect_model(path, max_member_bytes=max_member_bytes * 1024 * 1024)
    if as_json:
        sys.stdout.write(json.dumps(plain_json(fields), indent=2) + "\n")
    else:
        sys.stdout.write(format_summary(fields))
    for problem in fields["problems"]:
        print(f"warning: {path}: {problem}", file=sys.stderr)
    return 0


# ------------------------------------------------------------------------- text summary


def _short(value: Any, limit: int = 60) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tree_lines(node: Mapping[str, Any], indent: int) -> list[str]:
    label = f"{node['name']}: " if node["name"] else ""
    child_names = {c["name"] for c in node["children"]}
    lines = [f"{'  ' * indent}{label}{node['cls']}"]
    for key, value in node["params"].items():
        if key not in child_names:
            lines.append(f"{'  ' * (indent + 2)}{key} = {_short(value)}")
    for child in node["children"]:
        lines.extend(_tree_lines(child, indent + 1))
    return lines


def format_summary(info: Mapping[str, Any]) -> str:
    """The readable `modelsite inspect` summary of `collect_model`'s data."""
    v = info["versions"]
    lines = [
        f"{info['path']}",
        f"  {info['size_bytes']} bytes, sha256 {info['sha256']}",
        f"  estimator  {info['estimator']}" + (f"  ({info['task']})" if info["task"] else ""),
        f"  versions   scikit-learn {v.get('sklearn')}, skops {v.get('skops')}, "
        f"protocol {v.get('protocol')}" + (f", python {v['python']}" if "python" in v else ""),
        "",
        "tree",
        *_tree_lines(info["tree"], 1),
        "",
        "seeds",
    ]
    seeds = dict(info["seeds"]) | {
        f"{k} (not a parameter)": s for k, s in info["other_seeds"].items()
    }
    lines += [f"  {k} = {_short(s)}" for k, s in seeds.items()] or ["  (none)"]
    lines += ["", "untrusted types (skops.io.load needs them in trusted=[...])"]
    lines += [f"  {t}" for t in info["untrusted_types"]] or ["  (none)"]
    for title in ("metrics", "data", "provenance"):
        section = info[title]
        if section:
            lines += ["", title] + [f"  {k} = {_short(s, 100)}" for k, s in section.items()]
    env = info["environment"]
    if env:
        pkgs = _mapping(env.get("packages"))
        lines += [
            "",
            "environment",
            f"  python {env.get('python')} on {env.get('platform')}",
            f"  {len(pkgs)} packages recorded: "
            + ", ".join(f"{k}=={pkgs[k]}" for k in sorted(pkgs)[:12])
            + (", …" if len(pkgs) > 12 else ""),
        ]
    if info["evaluation"]:
        lines += ["", "evaluation (computed at export): " + ", ".join(sorted(info["evaluation"]))]
    return "\n".join(lines) + "\n"
