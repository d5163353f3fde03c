"""`modelsite card`: the three exports of the example, Hugging Face compatibility, the command.

The md export is read back with `huggingface_hub` offline (`HF_HUB_OFFLINE=1`): library name,
license and every metric must equal what the card exported, and the model index must round-trip
through `model_index_to_eval_results`.
"""

from __future__ import annotations

import os
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest

from card_support import fixture_site, wine_model
from modelsite.card.exports import render_card
from modelsite.card.write import card_command
from modelsite.cli import main
from modelsite.collect.model import read_model
from modelsite.errors import InputError
from modelsite.output import write_atomic

os.environ["HF_HUB_OFFLINE"] = "1"


@pytest.fixture(scope="module")
def exported(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("cards")
    files = {"md": out / "README.md", "html": out / "model-card.html", "tex": out / "card.tex"}
    for fmt, path in files.items():
        assert main(["card", str(trained_example), "--format", fmt, "-o", str(path)]) == 0
    return files


def test_huggingface_hub_reads_the_md_export(
    exported: dict[str, Path], trained_example: Path
) -> None:
    from huggingface_hub import ModelCard
    from huggingface_hub.repocard_data import model_index_to_eval_results

    card = ModelCard.load(exported["md"])
    model = read_model(trained_example / "model.skops")
    assert card.data.library_name == "sklearn"
    assert card.data.license == "mit"  # the example's CITATION.cff / pyproject say MIT
    assert card.data.pipeline_tag == "tabular-classification"
    read = {r.metric_name: r.metric_value for r in card.data.eval_results}
    assert read == dict(model.metrics) and read  # every metric, equal to what was exported
    name, results = model_index_to_eval_results(card.data.to_dict()["model-index"])
    assert name == "wine-classifier"
    assert {(r.metric_type, r.metric_value) for r in results} == {
        (k.lower(), v) for k, v in model.metrics.items()
    }
    assert all(r.task_type == "tabular-classification" and r.dataset_name for r in results)
    assert "## Evaluation results" in card.text and "```mermaid" in card.text


def test_example_exports_show_every_section_and_no_gap(exported: dict[str, Path]) -> None:
    for fmt, path in exported.items():
        text = path.read_text(encoding="utf-8")
        assert "modelsite:gap" not in text, fmt
        for needle in (
            "Intended use",
            "Training data",
            "Evaluation data",
            "Limitations",
            "Ethical considerations",
            "Citation",
            "Environment",
            "forest",
        ):
            assert needle.lower() in text.lower(), (fmt, needle)
        plain = text.replace("\\allowbreak{}", "").replace("\\_", "_")  # without TeX's wraps
        assert "sklearn.tree._tree.Tree" in plain, fmt  # the trusted= list


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in {"src", "href", "xlink:href"}]


def test_html_export_is_one_self_contained_file(exported: dict[str, Path]) -> None:
    text = exported["html"].read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert parser.tags.count("svg") >= 3  # confusion matrix, ROC, PR, importances
    # the only URLs are plain links a reader may click, never something fetched on open
    assert all(u.startswith(("https://", "http://", "mailto:", "#")) for u in parser.urls)
    assert "default-src 'none'" in text
    assert "url(" not in text and "@import" not in text


def test_tex_export_is_a_fragment_with_booktabs(exported: dict[str, Path]) -> None:
    text = exported["tex"].read_text(encoding="utf-8")
    assert "\\documentclass" not in text and "\\begin{document}" not in text
    assert text.count("\\toprule") == text.count("\\bottomrule") >= 4
    # wraps after a run of underscores, never inside a word
    assert "forest\\_\\_\\allowbreak{}n\\_\\allowbreak{}estimators" in text
    assert "classification" in text and "classificati\\allowbreak" not in text


def test_card_goes_to_standard_output_without_o(
    trained_example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["card", str(trained_example), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\nlibrary_name: sklearn\n")


def test_check_passes_on_the_complete_example(
    trained_example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["card", str(trained_example), "--check"]) == 0
    assert "card OK" in capsys.readouterr().out


def test_check_fails_on_gaps_and_names_them(
    example_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = example_copy / "modelsite.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.split("  limitations:")[0] + "  contact: ada@example.org\n", encoding="utf-8"
    )
    assert main(["card", str(example_copy), "--check"]) == 1
    out = capsys.readouterr().out
    assert "card.limitations" in out and "card.ethical_considerations" in out


def test_check_lints_an_edited_file(
    trained_example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    assert main(["card", str(trained_example), "-o", str(readme)]) == 0
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("license: mit", "license: MIT License")
    )
    assert main(["card", str(trained_example), "--check", "-o", str(readme)]) == 1
    assert "`license` 'MIT License' is not a hub license identifier" in capsys.readouterr().out
    assert readme.read_text(encoding="utf-8").count("MIT License") == 1  # --check wrote nothing


def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["card", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "missing" in err


def test_unwritable_destination_is_bad_input_and_leaves_nothing(
    trained_example: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "card.md"
    with pytest.raises(InputError, match="does not exist"):
        card_command(trained_example, fmt="md", output=target, check=False)
    assert not target.parent.exists()


def test_project_without_model_is_bad_input(
    example_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example_copy / "model.skops").unlink()
    assert main(["card", str(example_copy), "-o", str(example_copy / "c.md")]) == 2
    assert "no *.skops model file found" in capsys.readouterr().err
    assert not (example_copy / "c.md").exists()


def test_write_atomic_replaces_whole_file_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "card.md"
    path.write_text("old content that is longer than the new one\n", encoding="utf-8")
    path.chmod(0o640)
    write_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["card.md"]  # no temporary file left


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "card.md"
    path.write_text("old\n", encoding="utf-8")

    with pytest.raises(TypeError):
        write_atomic(path, 42)  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["card.md"]


def test_several_models_get_distinct_model_index_names() -> None:
    import yaml

    from modelsite.card.lint import split_front_matter

    site = fixture_site(models=(wine_model(), wine_model(path="b.skops", name="b")))
    names = []
    for model in site.models:
        raw, _ = split_front_matter(render_card(site, "md", model))
        names.append(yaml.safe_load(raw or "")["model-index"][0]["name"])
    assert names == ["wine-classifier-model", "wine-classifier-b"]


def test_regression_card_uses_the_regression_tag() -> None:
    from card_support import regression_model

    site = fixture_site(models=(regression_model(),))
    text = render_card(site, "md")
    assert "pipeline_tag: tabular-regression" in text
    assert "Tabular Regression" in text


def test_model_option_picks_one_of_several(
    example_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    (example_copy / "models").mkdir()
    shutil.copy(example_copy / "model.skops", example_copy / "models" / "second.skops")
    capsys.readouterr()
    assert main(["card", str(example_copy), "--model", "second", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert 'sio.load("models/second.skops"' in out and "name: wine-classifier-second" in out
    assert main(["card", str(example_copy), "--model", "nope"]) == 2
    assert "no model named 'nope'; models: model, second" in capsys.readouterr().err
