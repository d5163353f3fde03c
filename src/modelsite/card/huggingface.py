"""Hugging Face model-card metadata: the YAML front matter of the `md` export.

`hub_metadata(card)` is the mapping the hub reads (`library_name`, `license`, `tags`,
`datasets`, `pipeline_tag`, `model-index` with every numeric metric); `front_matter` dumps it
with `yaml.safe_dump`, so any text (YAML syntax included) is quoted as YAML needs. Strings are
folded onto one line first: a front-matter value can then never contain a `---` line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from modelsite.card.content import CardInfo

TASK_NAMES = {
    "tabular-classification": "Tabular Classification",
    "tabular-regression": "Tabular Regression",
}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def metric_type(name: str) -> str:
    """The model-index `type` of a metric: lower-case words joined by `_` (`f1_macro`)."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "metric"


def hub_metadata(card: CardInfo) -> dict[str, Any]:
    """The front-matter mapping, in the order the hub documents its keys."""
    meta: dict[str, Any] = {"library_name": "sklearn"}
    if card.hub_license:
        meta["license"] = card.hub_license
        if card.license_name:
            meta["license_name"] = card.license_name
    meta["tags"] = [_one_line(t) for t in card.tags]
    if card.datasets:
        meta["datasets"] = [_one_line(d) for d in card.datasets]
    if card.pipeline_tag:
        meta["pipeline_tag"] = card.pipeline_tag
    metrics = [
        {"type": metric_type(m.name), "value": m.value, "name": _one_line(m.name)}
        for m in card.numeric_metrics
    ]
    if metrics:
        task_type = card.pipeline_tag or "other"
        dataset = _one_line(card.dataset_name) or "unknown"
        meta["model-index"] = [
            {
                "name": _one_line(card.hub_name) or "model",
                "results": [
                    {
                        "task": {"type": task_type, "name": TASK_NAMES.get(task_type, "Other")},
                        "dataset": {"type": dataset, "name": dataset, "split": "test"},
                        "metrics": metrics,
                    }
                ],
            }
        ]
    return meta


def dump_yaml(meta: dict[str, Any]) -> str:
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)


def front_matter(meta: dict[str, Any]) -> str:
    """`---` fenced YAML, ending with a newline."""
    return f"---\n{dump_yaml(meta)}---\n"
