"""Local SVG badges: valid SVG, escaped text, widths from the character table, colours."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from modelsite.badges import badge_svg, coverage_color, site_badges, text_width
from modelsite.pipeline import collect_site

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in parse(svg).iter(f"{SVG}text")]


def test_badge_is_valid_svg_with_label_and_message() -> None:
    root = parse(badge_svg("docstrings", "87%", "green"))
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-label") == "docstrings: 87%"
    assert texts(badge_svg("docstrings", "87%", "green")) == ["docstrings"] * 2 + ["87%"] * 2
    rects = list(root.iter(f"{SVG}rect"))
    assert rects[2].get("fill") == "#97ca00"  # the message side carries the colour
    # the two halves add up to the whole width
    assert int(rects[1].get("width", 0)) + int(rects[2].get("width", 0)) == int(
        root.get("width", 0)
    )


def test_hostile_text_is_escaped_and_stays_text() -> None:
    label = "<script>alert(1)</script>"
    message = 'a" onload="x & \x00\x1b <b>'
    svg = badge_svg(label, message, 'red" onload="x')
    root = parse(svg)  # still well-formed XML: control characters dropped, specials escaped
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}b"))
    assert texts(svg)[0] == label
    assert texts(svg)[2] == 'a" onload="x & <b>'
    assert all(not k.startswith("on") for el in root.iter() for k in el.attrib)
    assert 'fill="#9f9f9f"' in svg  # an invalid colour falls back to light grey


def test_width_follows_the_character_table() -> None:
    assert text_width("W") > text_width("i")
    assert text_width("iiii") == pytest.approx(4 * text_width("i"))
    narrow = int(parse(badge_svg("x", "iiii")).get("width", 0))
    wide = int(parse(badge_svg("x", "WWWW")).get("width", 0))
    assert wide - narrow == round(4 * text_width("W")) - round(4 * text_width("i"))
    assert text_width("模型") == 22.0  # wide characters count double


@pytest.mark.parametrize(
    ("percent", "color"),
    [
        (100, "brightgreen"),
        (90, "brightgreen"),
        (89.9, "green"),
        (80, "green"),
        (79, "yellow"),
        (60, "yellow"),
        (59, "orange"),
        (40, "orange"),
        (39.9, "red"),
        (0, "red"),
    ],
)
def test_coverage_colour_thresholds(percent: float, color: str) -> None:
    assert coverage_color(percent) == color


def test_site_badges_follow_the_site(trained_example: Path) -> None:
    site = collect_site(trained_example)
    badges = {b.name: b for b in site_badges(site)}
    assert {"docstrings", "lint", "format", "typehints", "license"} <= set(badges)
    assert "doi" not in badges  # the example's CITATION.cff has no DOI
    assert badges["license"].message == "MIT"
    assert badges["docstrings"].message == f"{site.code.coverage:.0f}%"
    assert site.health is not None
    lint = site.health.lint.count
    assert badges["lint"].message == (
        "passing" if not lint else f"{lint} problem{'s' if lint != 1 else ''}"
    )
    assert badges["lint"].path == "badges/lint.svg"
    assert site.project.citation is not None
    cited = dataclasses.replace(
        site,
        project=dataclasses.replace(
            site.project, citation=dataclasses.replace(site.project.citation, doi="10.5281/z.1")
        ),
    )
    doi = {b.name: b for b in site_badges(cited)}["doi"]
    assert doi.message == "10.5281/z.1" and doi.page == "cite.md"
    assert "10.5281/z.1" in texts(doi.svg)
