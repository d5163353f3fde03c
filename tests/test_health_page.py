"""The example site's `/code-health/` page against ruff run independently on the example's code."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from health_helpers import ruff_rule_counts, ruff_unformatted
from modelsite.cli import main
from modelsite.health.typehints import analyze

# modelsite's default rules for a project without ruff configuration (the example has none).
DEFAULTS = ("--isolated", "--select", "E4,E7,E9,F,W,I,B,UP,NPY")


def text_of(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def health_site(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("health-site") / "site"
    assert main(["build", str(trained_example), "-o", str(out)]) == 0
    return out


def own_ruff_config(project: Path) -> bool:
    pyproject = (project / "pyproject.toml").read_text(encoding="utf-8")
    return "[tool.ruff" in pyproject or any(
        (project / name).is_file() for name in ("ruff.toml", ".ruff.toml")
    )


def test_page_counts_equal_ruff_on_the_example(health_site: Path, trained_example: Path) -> None:
    text = text_of(health_site / "code-health" / "index.html")
    # the project's own configuration when it has one (plain `ruff`), else modelsite's defaults
    options = () if own_ruff_config(trained_example) else DEFAULTS
    counts = ruff_rule_counts(trained_example, *options, path="src/wine_classifier")
    assert counts, "the example is meant to carry at least one lint finding"
    total = sum(counts.values())
    assert f"{total} finding{'s' if total != 1 else ''} in {len(counts)} rule" in text
    for code, count in counts.items():
        assert re.search(rf"{code} [a-z-]+ \({count}\)", text), code
    unformatted = ruff_unformatted(trained_example, *options[:1], path="src/wine_classifier")
    if unformatted:
        assert f"{unformatted} file{'s' if unformatted != 1 else ''} would be reformatted" in text
    else:
        assert "Every file is formatted" in text


def test_page_shows_coverage_fix_commands_and_badges(health_site: Path) -> None:
    page = health_site / "code-health" / "index.html"
    text = text_of(page)
    assert re.search(r"Docstrings \d+\.\d% \(\d+ of \d+\)", text)
    assert re.search(r"Type hints \d+\.\d% \(\d+ of \d+ parameters and returns\)", text)
    assert re.search(
        r"ruff check (--isolated --select E4,E7,E9,F,W,I,B,UP,NPY (--target-version py3\d+ )?)?"
        r"--fix (--extend-exclude \S+ )?src/wine_classifier",
        text,
    )
    assert "modelsite docstrings src/wine_classifier --write" in text
    for name in ("docstrings", "lint", "format", "typehints", "license"):
        svg = health_site / "badges" / f"{name}.svg"
        assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
        assert f'src="../badges/{name}.svg"' in page.read_text(encoding="utf-8")


def test_finding_locations_link_into_the_api_reference(health_site: Path) -> None:
    body = html.unescape((health_site / "code-health" / "index.html").read_text(encoding="utf-8"))
    links = re.findall(
        r'<a href="(\.\./reference/[^"]+)">src/wine_classifier/[\w/]+\.py:\d+</a>', body
    )
    assert links
    for href in links:
        target = (health_site / "code-health" / href.split("#")[0]).resolve() / "index.html"
        assert target.is_file(), href
        if "#" in href:
            assert f'id="{href.split("#")[1]}"' in target.read_text(encoding="utf-8"), href


def test_type_hint_coverage_of_the_example(trained_example: Path) -> None:
    info, _, problems = analyze(trained_example, ("wine_classifier",), ("src",))
    assert problems == ()
    missing = {m.path: m.names for m in info.missing}
    # `split(X, y, test_size=0.25, random_state=0)` has no hints at all
    assert missing["wine_classifier.data.split"] == (
        "X",
        "y",
        "test_size",
        "random_state",
        "return",
    )
    # `WineModel.fit(self, X, y) -> Pipeline`: self is not counted, the return is annotated
    assert missing["wine_classifier.model.WineModel.fit"] == ("X", "y")
    assert "wine_classifier.data.load_dataset" not in missing  # fully annotated
    assert info.total == info.params_total + info.returns_total
    assert info.returns_total == info.functions
    assert 0 < info.coverage < 100


def test_format_fix_command_appears_when_a_file_is_unformatted(
    example_copy: Path, tmp_path: Path
) -> None:
    module = example_copy / "src" / "wine_classifier" / "data.py"
    module.write_text(module.read_text(encoding="utf-8") + "\nODD = {  'a':1 }\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", str(example_copy), "-o", str(out)]) == 0
    text = text_of(out / "code-health" / "index.html")
    assert "1 file would be reformatted by ruff format" in text
    assert re.search(
        r"ruff format (--isolated (--target-version py3\d+ )?)?(--extend-exclude \S+ )?"
        r"src/wine_classifier",
        text,
    )
    assert "src/wine_classifier/data.py" in text
    assert "Every file is formatted" not in text
