"""`modelsite card --format cyclonedx`: a CycloneDX 1.6 ML-BOM, validated offline against the
official schema shipped by cyclonedx-python-lib, carrying the card's facts."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from card_support import wine_tree
from modelsite.card.cyclonedx import architecture, purl
from modelsite.cli import main


@pytest.fixture(scope="module")
def bom_text(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cdx") / "model.cdx.json"
    assert main(["card", str(trained_example), "--format", "cyclonedx", "-o", str(path)]) == 0
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bom(bom_text: str) -> dict[str, Any]:
    data = json.loads(bom_text)
    assert isinstance(data, dict)
    return data


def test_bom_validates_against_the_official_1_6_schema(bom_text: str) -> None:
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(bom_text) is None


def test_schema_validation_catches_a_broken_bom(bom: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(bom))
    broken["metadata"]["component"]["modelCard"]["modelParameters"]["approach"] = {"type": "x"}
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(broken)) is not None


def test_model_component_carries_name_version_hash_licence_authors_links(
    bom: dict[str, Any], trained_example: Path
) -> None:
    assert bom["specVersion"] == "1.6"
    model = bom["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    assert model["name"] == "wine-classifier"  # pyproject.toml
    assert model["version"] == "1.0.0"
    digest = hashlib.sha256((trained_example / "model.skops").read_bytes()).hexdigest()
    assert model["hashes"] == [{"alg": "SHA-256", "content": digest}]
    assert model["licenses"] == [{"expression": "MIT"}]
    assert model["authors"] == [{"name": "Ada Example", "email": "ada@example.org"}]
    assert {"type": "vcs", "url": "https://github.com/modelsite-examples/wine-classifier"} in (
        model["externalReferences"]
    )


def test_model_card_has_approach_task_architecture_data_metrics_considerations(
    bom: dict[str, Any], trained_example: Path
) -> None:
    card = bom["metadata"]["component"]["modelCard"]
    params = card["modelParameters"]
    assert params["approach"] == {"type": "supervised"}
    assert params["architectureFamily"] == "RandomForestClassifier"
    assert params["modelArchitecture"].startswith("Pipeline(ColumnTransformer(")
    assert params["modelArchitecture"].endswith(", RandomForestClassifier)")
    names = [d["name"] for d in params["datasets"]]
    assert names == ["sklearn.datasets.load_wine (train)", "sklearn.datasets.load_wine (test)"]
    train = {p["name"]: p["value"] for p in params["datasets"][0]["contents"]["properties"]}
    assert train["modelsite:data.train.X.shape"] == "133x13"  # 75% of 178 wines, 13 columns
    assert len(train["modelsite:data.train.X.sha256"]) == 64
    assert card["quantitativeAnalysis"]["performanceMetrics"] == [
        {"type": "accuracy", "value": "1.0"},
        {"type": "f1_macro", "value": "1.0"},
    ]
    yml = (trained_example / "modelsite.yml").read_text(encoding="utf-8")
    use = card["considerations"]["useCases"][0]
    assert use.startswith("Teaching and demonstrating reproducible model publication.")
    assert use.split()[0] in yml
    assert card["considerations"]["technicalLimitations"][0].startswith("The data set is small")


def test_environment_is_library_components_with_pypi_purls(bom: dict[str, Any]) -> None:
    import sklearn

    libs = {c["name"]: c for c in bom["components"]}
    assert all(c["type"] == "library" for c in bom["components"])
    sk = libs["scikit-learn"]
    assert sk["version"] == sklearn.__version__
    assert sk["purl"] == f"pkg:pypi/scikit-learn@{sklearn.__version__}"
    model_deps = bom["dependencies"][0]
    assert model_deps["ref"] == bom["metadata"]["component"]["bom-ref"]
    assert sk["bom-ref"] in model_deps["dependsOn"]


def test_same_model_gives_the_same_bom(
    trained_example: Path, bom_text: str, tmp_path: Path
) -> None:
    again = tmp_path / "again.cdx.json"
    assert main(["card", str(trained_example), "--format", "cyclonedx", "-o", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == bom_text


def test_purl_and_architecture_helpers() -> None:
    assert purl("Pygments", "2.0") == "pkg:pypi/pygments@2.0"
    assert purl("zope.interface", "6") == "pkg:pypi/zope-interface@6"
    assert purl("typing_extensions", "4") == "pkg:pypi/typing-extensions@4"
    assert architecture(wine_tree()) == (
        "Pipeline(ColumnTransformer(StandardScaler, FunctionTransformer), RandomForestClassifier)"
    )


def test_site_publishes_the_bom_and_the_model_card_links_it(
    trained_example: Path, bom_text: str, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert main(["build", str(trained_example), "-o", str(out)]) == 0
    published = (out / "cyclonedx" / "model.cdx.json").read_text(encoding="utf-8")
    assert published == bom_text  # the same BOM as `modelsite card --format cyclonedx`
    page = (out / "model-card" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../cyclonedx/model.cdx.json">CycloneDX 1.6 ML-BOM</a>' in page
    text = re.sub(r"<[^>]+>", "", page)  # the code block is highlighted span by span
    assert "modelsite card --format hub -o hub --repo-id OWNER/NAME" in text
