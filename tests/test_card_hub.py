"""`modelsite card --format hub -o DIR`: a folder the Hub reads, parsed offline with
huggingface_hub, whose README snippet loads the model with only `hf_hub_download` replaced."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import skops.io as sio
from huggingface_hub import ModelCard
from huggingface_hub.repocard import metadata_load

from modelsite.cli import main
from modelsite.output import MANIFEST


@pytest.fixture(scope="module")
def hub_folder(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hub") / "wine-hub"
    assert main(["card", str(trained_example), "--format", "hub", "-o", str(folder)]) == 0
    return folder


def test_folder_holds_readme_config_and_the_model_file(
    hub_folder: Path, trained_example: Path
) -> None:
    names = sorted(p.name for p in hub_folder.iterdir())
    assert names == sorted([MANIFEST, "README.md", "config.json", "model.skops"])
    assert (hub_folder / "model.skops").read_bytes() == (
        trained_example / "model.skops"
    ).read_bytes()


def test_readme_metadata_parses_with_huggingface_hub(hub_folder: Path) -> None:
    meta = metadata_load(hub_folder / "README.md")
    assert meta is not None
    assert meta["library_name"] == "sklearn"
    assert meta["license"] == "mit"  # pyproject.toml: license = "MIT"
    assert {"skops", "tabular-classification"} <= set(meta["tags"])
    assert meta["datasets"] == ["sklearn.datasets.load_wine"]  # the example's export records it
    card = ModelCard.load(hub_folder / "README.md")
    results = card.data.eval_results
    assert results is not None
    # the example's export records accuracy and macro F1 (both perfect on this split)
    assert sorted((r.metric_type, r.metric_value) for r in results) == [
        ("accuracy", 1.0),
        ("f1_macro", 1.0),
    ]
    assert {r.task_type for r in results} == {"tabular-classification"}


def test_config_is_the_layout_the_hub_sklearn_integration_reads(
    hub_folder: Path, trained_example: Path
) -> None:
    import numpy
    import sklearn
    import skops

    config = json.loads((hub_folder / "config.json").read_text(encoding="utf-8"))
    sk = config["sklearn"]
    assert sk["model"] == {"file": "model.skops"}
    assert sk["model_format"] == "skops"
    assert sk["task"] == "tabular-classification"
    # the example is trained in this environment, so the recorded versions are these
    assert sk["environment"] == [
        f"scikit-learn={sklearn.__version__}",
        f"skops={skops.__version__}",
        f"numpy={numpy.__version__}",
    ]
    from sklearn.datasets import load_wine

    assert sk["columns"] == list(load_wine(as_frame=True).data.columns)
    assert "example_input" not in sk  # no values are recorded, so none are made up


def test_readme_snippet_loads_the_model_with_only_the_download_replaced(
    hub_folder: Path,
) -> None:
    text = (hub_folder / "README.md").read_text(encoding="utf-8")
    section = text.split("## How to get started with the model", 1)[1]
    code = re.search(r"```python\n(.*?)\n```", section, re.S)
    assert code is not None
    snippet = code.group(1)
    call = 'hf_hub_download(repo_id="OWNER/REPOSITORY", filename="model.skops")'
    assert snippet.count(call) == 1
    assert "sio.get_untrusted_types(file=path)" in snippet
    assert "sio.load(path, trusted=trusted)" in snippet
    local = snippet.replace(call, repr(str(hub_folder / "model.skops")))
    from sklearn.datasets import load_wine

    X = load_wine(as_frame=True).data.head(5)
    scope: dict[str, object] = {"X": X}
    exec(compile(local, "README snippet", "exec"), scope)
    expected = sio.load(
        hub_folder / "model.skops", trusted=sio.get_untrusted_types(file=hub_folder / "model.skops")
    ).predict(X)
    assert list(scope["predictions"]) == list(expected)  # type: ignore[call-overload]


def test_repo_id_names_the_repository_in_the_snippet(trained_example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "hub"
    args = ["card", str(trained_example), "--format", "hub", "-o", str(folder)]
    assert main([*args, "--repo-id", "ada/wine"]) == 0
    text = (folder / "README.md").read_text(encoding="utf-8")
    assert 'hf_hub_download(repo_id="ada/wine", filename="model.skops")' in text
    assert "OWNER/REPOSITORY" not in text


def test_folder_with_user_files_is_refused_and_kept(
    trained_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my notes\n")
    assert main(["card", str(trained_example), "--format", "hub", "-o", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "notes.txt" in err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_hub_folder_is_replaced_on_a_second_run(hub_folder: Path, trained_example: Path) -> None:
    assert main(["card", str(trained_example), "--format", "hub", "-o", str(hub_folder)]) == 0
    assert (hub_folder / "config.json").is_file()


def test_hub_without_output_folder_is_bad_input(
    trained_example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["card", str(trained_example), "--format", "hub"]) == 2
    assert "-o DIR" in capsys.readouterr().err
