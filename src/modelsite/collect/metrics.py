"""Metrics files listed under `metrics:` in `modelsite.yml`.

A metrics file is JSON (`.json`) or YAML holding a mapping of metric name to number, one level of
grouping allowed (`{"test": {"accuracy": 0.97}}` gives `test.accuracy`). Its metrics belong to
the primary model, or, when the top-level keys are model names (file stems), each group to its
model. With several models a file that does not say which model it measures is left out with a
warning: modelsite does not guess. Every metric from a file keeps the file's name as its source;
a metric the model file already records keeps the recorded value (a different value in the file
is a warning).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelsite.errors import InputError
from modelsite.log import warn
from modelsite.sitemodel import JSON, ModelInfo
from modelsite.yamlfile import read_yaml


def read_metrics_file(path: Path) -> Mapping[str, Any]:
    """The mapping in the metrics file at `path`; an `InputError` naming it otherwise."""
    if not path.is_file():
        raise InputError(path, "metrics file not found (listed under `metrics:` in modelsite.yml)")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise InputError(path, "not UTF-8 text") from None
        except ValueError as exc:
            raise InputError(path, f"not valid JSON ({exc})") from None
    else:
        data = read_yaml(path)
    if not isinstance(data, Mapping):
        raise InputError(path, f"must hold a mapping of metric name to number, not {_kind(data)}")
    return data


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _clean(data: Mapping[str, Any], source: str) -> dict[str, JSON]:
    """Numbers and one level of groups of numbers; anything else is a located warning."""
    out: dict[str, JSON] = {}
    for key, value in data.items():
        name = str(key)
        if _number(value):
            out[name] = value
        elif isinstance(value, Mapping) and value and all(_number(v) for v in value.values()):
            out[name] = {str(k): v for k, v in value.items()}
        else:
            warn(source, f"metric `{name}` is not a number (or a group of numbers); left out")
    return out


def attach_metrics_files(
    root: Path, files: tuple[str, ...], models: tuple[ModelInfo, ...]
) -> tuple[ModelInfo, ...]:
    """`models` with the metrics of `files` (relative to `root`) added, each naming its file."""
    if not files or not models:
        if files:
            warn(root / files[0], "no model to attach these metrics to; left out")
        return models
    by_name = {m.name: i for i, m in enumerate(models)}
    added: list[dict[str, JSON]] = [{} for _ in models]
    sources: list[dict[str, str]] = [dict(m.metric_sources) for m in models]
    for rel in files:
        path = root / rel
        data = read_metrics_file(path)
        keyed = bool(data) and all(
            str(k) in by_name and isinstance(v, Mapping) for k, v in data.items()
        )
        if keyed:
            groups = {by_name[str(k)]: v for k, v in data.items()}
        elif len(models) == 1:
            groups = {0: data}
        else:
            names = ", ".join(sorted(by_name))
            warn(
                path,
                f"{len(models)} models and the file does not say which it measures; key its "
                f"metrics by model name ({names}); left out",
            )
            continue
        for index, group in groups.items():
            for name, value in _clean(group, str(path)).items():
                recorded = models[index].metrics.get(name)
                if recorded is not None:
                    if recorded != value:
                        warn(
                            path,
                            f"metric `{name}` is {value} here but {recorded} in "
                            f"{models[index].path}; the value recorded in the model is shown",
                        )
                    continue
                added[index][name] = value
                sources[index][name] = rel
    return tuple(
        dataclasses.replace(m, metrics={**m.metrics, **extra}, metric_sources=src) if extra else m
        for m, extra, src in zip(models, added, sources, strict=True)
    )
