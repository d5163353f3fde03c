"""The model card as a CycloneDX 1.6 ML-BOM (`modelsite card --format cyclonedx`).

The model is one `machine-learning-model` component (name, version, SHA-256 of the file,
licence, authors, links to the repository and the site) with its `modelCard`: the learning
approach from the task, the architecture from the estimator tree, the training data with the
fingerprint the model file records, every numeric metric, and the card's text sections as
considerations. The recorded environment becomes `library` components with `pkg:pypi` purls.
Only facts the card has are written; a gap is left out, never filled in. The JSON is built here
(cyclonedx-python-lib's model-card support is incomplete); the tests validate it against the
official schema that library ships.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from modelsite.card.content import CardInfo, card_for
from modelsite.sitemodel import EstimatorNode, ModelInfo, Site

SPEC_VERSION = "1.6"
APPROACHES = {
    "classification": "supervised",
    "regression": "supervised",
    "clustering": "unsupervised",
    "outlier-detection": "unsupervised",
}
"""Learning type (`modelParameters.approach.type`) of each task modelsite recognises."""


def purl(name: str, version: str) -> str:
    """`pkg:pypi/<name>@<version>`, the name lower-cased with `_` and `.` as `-` (purl's PyPI
    rules)."""
    return f"pkg:pypi/{re.sub(r'[-_.]+', '-', name).lower()}@{version}"


def architecture(node: EstimatorNode) -> str:
    """The estimator tree as nested class names: `Pipeline(ColumnTransformer(...), ...)`."""
    if not node.children:
        return node.short_cls
    return f"{node.short_cls}({', '.join(architecture(c) for c in node.children)})"


def _text(card: CardInfo, key: str) -> str:
    section = card.section(key)
    return "" if section.gap else " ".join(section.text.split())


def _packages(model: ModelInfo) -> dict[str, str]:
    packages = model.environment.get("packages")
    if isinstance(packages, dict) and packages:
        return {str(k): str(v) for k, v in packages.items() if isinstance(v, str) and v}
    names = {"sklearn": "scikit-learn"}
    return {
        names.get(k, k): v
        for k, v in model.versions.items()
        if isinstance(v, str) and v and k not in ("python", "protocol")
    }


def _datasets(card: CardInfo, model: ModelInfo) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for split in ("train", "test"):
        part = model.data.get(split)
        if not isinstance(part, dict):
            continue
        props = []
        for table in ("X", "y"):
            info = part.get(table)
            if not isinstance(info, dict):
                continue
            for key in ("sha256", "shape"):
                if info.get(key) not in (None, "", []):
                    value = info[key]
                    text = "x".join(map(str, value)) if isinstance(value, list) else str(value)
                    props.append({"name": f"modelsite:data.{split}.{table}.{key}", "value": text})
        if not props:
            continue
        entry: dict[str, Any] = {
            "type": "dataset",
            "name": f"{card.dataset_name or 'data'} ({split})",
            "contents": {"properties": props},
        }
        text = _text(card, "training_data" if split == "train" else "evaluation_data")
        if text:
            entry["description"] = text
        found.append(entry)
    return found


def model_card(card: CardInfo, model: ModelInfo) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if model.task in APPROACHES:
        params["approach"] = {"type": APPROACHES[model.task]}
    if card.task:
        params["task"] = card.task
    if card.final_estimator:
        params["architectureFamily"] = card.final_estimator
    params["modelArchitecture"] = architecture(model.tree)
    datasets = _datasets(card, model)
    if datasets:
        params["datasets"] = datasets
    result: dict[str, Any] = {"modelParameters": params}
    metrics = [{"type": m.name, "value": str(m.value)} for m in card.numeric_metrics]
    if metrics:
        result["quantitativeAnalysis"] = {"performanceMetrics": metrics}
    considerations: dict[str, Any] = {}
    if _text(card, "intended_use"):
        considerations["useCases"] = [_text(card, "intended_use")]
    if _text(card, "limitations"):
        considerations["technicalLimitations"] = [_text(card, "limitations")]
    if _text(card, "ethical_considerations"):
        considerations["ethicalConsiderations"] = [{"name": _text(card, "ethical_considerations")}]
    if considerations:
        result["considerations"] = considerations
    return result


def bom(site: Site, model: ModelInfo) -> dict[str, Any]:
    """The BOM as a JSON mapping; the same model file gives the same BOM (serial number too)."""
    card = card_for(site, model)
    ref = f"model:{card.model_key}"
    component: dict[str, Any] = {
        "type": "machine-learning-model",
        "bom-ref": ref,
        "name": card.hub_name or card.model_key,
    }
    if card.version:
        component["version"] = card.version
    if card.summary.text and not card.summary.gap:
        component["description"] = " ".join(card.summary.text.split())
    authors = [
        {k: v for k, v in (("name", p.name), ("email", p.email)) if v}
        for p in site.project.authors
        if p.name
    ]
    if authors:
        component["authors"] = authors
    if model.sha256:
        component["hashes"] = [{"alg": "SHA-256", "content": model.sha256}]
    if card.license:
        known = card.hub_license and card.hub_license != "other"
        component["licenses"] = (
            [{"expression": card.license}] if known else [{"license": {"name": card.license}}]
        )
    refs = []
    if card.repository:
        refs.append({"type": "vcs", "url": card.repository})
    if site.config.publish.site_url:
        refs.append({"type": "website", "url": site.config.publish.site_url})
    if refs:
        component["externalReferences"] = refs
    component["modelCard"] = model_card(card, model)
    libraries = [
        {"type": "library", "bom-ref": purl(n, v), "name": n, "version": v, "purl": purl(n, v)}
        for n, v in sorted(_packages(model).items(), key=lambda kv: kv[0].lower())
    ]
    from modelsite import __version__

    seed = model.sha256 or f"{site.project.name}/{model.path}"
    return {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": uuid.uuid5(uuid.NAMESPACE_URL, f"modelsite:{seed}").urn,
        "version": 1,
        "metadata": {
            "tools": {
                "components": [{"type": "application", "name": "modelsite", "version": __version__}]
            },
            "component": component,
        },
        "components": libraries,
        "dependencies": [
            {"ref": ref, "dependsOn": [lib["bom-ref"] for lib in libraries]},
            *[{"ref": lib["bom-ref"]} for lib in libraries],
        ],
    }
