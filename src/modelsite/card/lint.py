"""Offline model-card lint (`modelsite card --check`): what a hub would reject, readers would miss.

Checks, each reported as one line:
- the YAML front matter is present and parses (md);
- required metadata is present: `library_name`, `license`, `pipeline_tag` (unless the task has
  no hub tag, as for clustering), `tags`, `model-index`;
- `license` and `pipeline_tag` are values the hub accepts (vendored lists, `hub_values.json`);
  `license: other` comes with a `license_name`;
- `model-index` has the structure `huggingface_hub` reads and every metric value is a finite number;
- nothing is lost in a YAML round-trip (load, dump, load gives the same data; and, for a card
  modelsite just rendered, the data equals what it meant to write);
- no gap is left (`modelsite:gap` markers, or the `[More Information Needed]` of other tools);
- (html) nothing that would make a request or run code: no script, no external stylesheet or image.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import yaml

from modelsite import wording, yamlfile
from modelsite.card.content import GAP_MARKER, hub_values
from modelsite.card.huggingface import dump_yaml

# The pattern huggingface_hub uses to find the front matter (repocard.REGEX_YAML_BLOCK).
FRONT_MATTER = re.compile(r"^(\s*---[\r\n]+)([\S\s]*?)([\r\n]+---(\r\n|\n|$))")
REQUIRED = ("library_name", "license", "pipeline_tag", "tags", "model-index")
LEFTOVERS = (GAP_MARKER, "[More Information Needed]")
_EXTERNAL = re.compile(
    r"<script\b|<link\b|<iframe\b|<object\b|<embed\b|"
    r"\bsrc\s*=\s*[\"']?\s*(https?:)?//|url\(\s*[\"']?\s*(https?:)?//",
    re.IGNORECASE,
)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _model_index_problems(index: Any) -> list[str]:
    if not isinstance(index, list) or not index:
        return ["`model-index` must be a non-empty list"]
    problems = []
    for i, entry in enumerate(index):
        where = f"model-index[{i}]"
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            problems.append(f"`{where}` needs a `name`")
            continue
        results = entry.get("results")
        if not isinstance(results, list) or not results:
            problems.append(f"`{where}.results` must be a non-empty list")
            continue
        for j, result in enumerate(results):
            rw = f"{where}.results[{j}]"
            if not isinstance(result, Mapping):
                problems.append(f"`{rw}` must be a mapping")
                continue
            task, dataset = result.get("task"), result.get("dataset")
            if not isinstance(task, Mapping) or not task.get("type"):
                problems.append(f"`{rw}.task.type` is missing")
            if (
                not isinstance(dataset, Mapping)
                or not dataset.get("type")
                or not dataset.get("name")
            ):
                problems.append(f"`{rw}.dataset` needs a `type` and a `name`")
            metrics = result.get("metrics")
            if not isinstance(metrics, list) or not metrics:
                problems.append(f"`{rw}.metrics` must be a non-empty list")
                continue
            for k, metric in enumerate(metrics):
                mw = f"{rw}.metrics[{k}]"
                if not isinstance(metric, Mapping) or not metric.get("type"):
                    problems.append(f"`{mw}` needs a `type`")
                elif not _is_number(metric.get("value")):
                    problems.append(
                        f"metric `{metric.get('name') or metric.get('type')}` is not "
                        f"a number ({metric.get('value')!r})"
                    )
    return problems


def _task_types(index: Any) -> set[str]:
    types = set()
    for entry in index if isinstance(index, list) else []:
        for result in (entry.get("results") or []) if isinstance(entry, Mapping) else []:
            task = result.get("task") if isinstance(result, Mapping) else None
            if isinstance(task, Mapping) and isinstance(task.get("type"), str):
                types.add(task["type"])
    return types


def split_front_matter(text: str) -> tuple[str | None, str]:
    """`(yaml text or None, body)`, found the way huggingface_hub finds it."""
    m = FRONT_MATTER.search(text)
    if not m:
        return None, text
    return m.group(2), text[m.end() :]


def lint_metadata(meta: Any, expected: Mapping[str, Any] | None = None) -> list[str]:
    """Problems with front-matter data (already parsed)."""
    if not isinstance(meta, Mapping):
        return ["the front matter is not a YAML mapping"]
    required = list(REQUIRED)
    if _task_types(meta.get("model-index")) == {"other"}:
        required.remove("pipeline_tag")  # clustering, outlier detection: the hub has no tag
    problems = [f"required metadata `{key}` is missing" for key in required if key not in meta]
    allowed = hub_values()
    lib = meta.get("library_name")
    if lib is not None and lib != "sklearn":
        problems.append(f"`library_name` is {lib!r}; a scikit-learn model's is 'sklearn'")
    lic = meta.get("license")
    if lic is not None:
        if lic not in allowed["licenses"]:
            problems.append(
                f"`license` {lic!r} is not a hub license identifier (see "
                "https://huggingface.co/docs/hub/repositories-licenses); use `other` "
                "with `license_name`"
            )
        elif lic == "other" and not meta.get("license_name"):
            problems.append("`license: other` needs a `license_name`")
    tag = meta.get("pipeline_tag")
    if tag is not None and tag not in allowed["pipeline_tags"]:
        problems.append(
            f"`pipeline_tag` {tag!r} is not a hub pipeline tag; a scikit-learn model "
            "uses tabular-classification or tabular-regression"
        )
    for key in ("tags", "datasets"):
        value = meta.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            problems.append(f"`{key}` must be a list of strings")
    if "model-index" in meta:
        problems += _model_index_problems(meta["model-index"])
    try:
        again = yaml.safe_load(dump_yaml(dict(meta)))
    except yaml.YAMLError as exc:  # pragma: no cover - safe_dump output always loads
        again = None
        problems.append(f"the front matter does not survive a YAML round-trip ({exc})")
    if again is not None and again != meta:
        problems.append("the front matter changes in a YAML round-trip (dump then load)")
    if expected is not None and dict(meta) != dict(expected):
        lost = sorted(k for k in expected if meta.get(k) != expected[k])
        problems.append(
            "the written front matter differs from the card's data after YAML "
            f"parsing (keys: {', '.join(lost) or 'extra keys'})"
        )
    return problems


def lint_card(text: str, fmt: str, expected: Mapping[str, Any] | None = None) -> list[str]:
    """Every problem found in a card's text of format `fmt` (`md`, `html` or `tex`)."""
    problems: list[str] = []
    if fmt == "md":
        raw, _ = split_front_matter(text)
        if raw is None:
            problems.append("no YAML front matter (a `---` block at the top) for the hub to read")
        else:
            try:
                meta = yamlfile.safe_load(raw)
            except yaml.YAMLError as exc:
                problems.append(f"the front matter is not valid YAML ({str(exc).splitlines()[0]})")
            else:
                problems += lint_metadata(meta, expected)
    if fmt == "html" and _EXTERNAL.search(text):
        problems.append(
            "the HTML card contains a script, an embed or an external resource; it "
            "must open offline with nothing fetched"
        )
    for marker in LEFTOVERS:
        count = text.count(marker)
        if count:
            keys = sorted(set(re.findall(re.escape(GAP_MARKER) + r" (card\.[a-z_]+)", text)))
            detail = f": {', '.join(keys)}" if keys and marker == GAP_MARKER else ""
            problems.append(f"{wording.count(count, 'unfilled section')} left ({marker}){detail}")
    return problems
