"""Hugging Face model-card metadata: the YAML front matter of the `md` export.

`hub_metadata(card)` is the mapping the hub reads (`library_name`, `license`, `tags`,
`datasets`, `pipeline_tag`, `model-index` with every numeric metric); `front_matter` dumps it
with `yaml.safe_dump`, so any text (YAML syntax included) is quoted as YAML needs. Strings are
folded onto one line first: a front-matter value can then never contain a `---` line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
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


# ---------------------------------------------------------------- the Hub folder (--format hub)

VERSION_PACKAGES = (("sklearn", "scikit-learn"), ("skops", "skops"), ("numpy", "numpy"))
"""Model-file version keys and the package each pins in `config.json`'s `environment`."""


def input_columns(data: dict[str, Any] | Any) -> list[str]:
    """The training table's column names as the model file records them (`data.train.X`)."""
    try:
        columns = data["train"]["X"]["columns"]
    except (KeyError, TypeError):
        return []
    if isinstance(columns, list) and all(isinstance(c, str) for c in columns):
        return list(columns)
    return []


def hub_config(card: CardInfo, versions: dict[str, Any] | Any, data: Any) -> dict[str, Any]:
    """`config.json` in the layout the Hub's scikit-learn integration reads (`sklearn.model.file`,
    `sklearn.model_format`, `sklearn.environment` as `name=version` pins, `sklearn.task`,
    `sklearn.columns`). Only what the model file records: no example values are made up."""
    environment = [
        f"{package}={versions[key]}"
        for key, package in VERSION_PACKAGES
        if isinstance(versions.get(key), str) and versions[key]
    ]
    sklearn: dict[str, Any] = {
        "model": {"file": Path(card.model_file).name},
        "model_format": "skops",
        "environment": environment,
    }
    if card.pipeline_tag:
        sklearn["task"] = card.pipeline_tag
    columns = input_columns(data)
    if columns:
        sklearn["columns"] = columns
    return {"sklearn": sklearn}


REPO_PLACEHOLDER = "OWNER/REPOSITORY"
"""The snippet's `repo_id` until the user names the Hub repository (`--repo-id`)."""


def hub_snippet(card: CardInfo, repo_id: str = "") -> str:
    """Python that downloads the file from the Hub, checks the types it needs against the ones
    this card lists, and loads it with exactly those trusted (JSON-quoted strings)."""
    filename = json.dumps(Path(card.model_file).name)
    lines = [
        "from huggingface_hub import hf_hub_download",
        "import skops.io as sio",
        "",
    ]
    if not repo_id:
        lines.append("# Replace with the Hub repository this folder was uploaded to.")
    lines += [
        f"path = hf_hub_download(repo_id={json.dumps(repo_id or REPO_PLACEHOLDER)}, "
        f"filename={filename})",
        "# Types the file needs beyond skops' defaults, as this card lists them: review them",
        "# before trusting a file you did not write yourself.",
        "trusted = [",
        *[f"    {json.dumps(t)}," for t in card.trusted],
        "]",
        "unlisted = sorted(set(sio.get_untrusted_types(file=path)) - set(trusted))",
        "if unlisted:",
        '    raise RuntimeError(f"the file needs types this card does not list: {unlisted}")',
        "model = sio.load(path, trusted=trusted)",
        "predictions = model.predict(X)  # X: a table with the training columns",
    ]
    return "\n".join(lines)
