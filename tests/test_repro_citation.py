"""Citation: BibTeX and APA from CITATION.cff, validation naming the field, the CFF writer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from modelsite.repro.citation import apa, bibtex, cff_text, validate_cff
from modelsite.sitemodel import Citation, GitInfo, Person, ProjectInfo
from repro_helpers import cff_validate, cffconvert  # noqa: F401  (fixture)

CFF = {
    "cff-version": "1.2.0",
    "message": "Cite me",
    "title": "Wine {cultivar} classifier & more",
    "version": "1.0.0",
    "doi": "10.5281/zenodo.1234567",
    "date-released": "2026-11-01",
    "authors": [
        {"family-names": "van Rossum", "given-names": "Ada Maria"},
        {"family-names": "Lovelace", "given-names": "Grace"},
        {"name": "The Wine Lab"},
    ],
}
CITATION = Citation(
    source="CITATION.cff",
    title=CFF["title"],
    version="1.0.0",
    doi="10.5281/zenodo.1234567",
    date_released="2026-11-01",
    authors=(Person(name="Ada Maria van Rossum"),),
)


def test_bibtex_escapes_and_orders_names():
    text = bibtex(CITATION, CFF)
    assert text.startswith("@software{vanrossum2026wine,\n")
    assert "author  = {van Rossum, Ada Maria and Lovelace, Grace and {The Wine Lab}}" in text
    assert r"title   = {{Wine \{cultivar\} classifier \& more}}" in text
    assert "doi     = {10.5281/zenodo.1234567}" in text
    assert text.count("{") == text.count("}")  # balanced (escaped braces pair up too)


def test_apa_like_reference():
    assert apa(CITATION, CFF) == (
        "van Rossum, A. M., Lovelace, G., & The Wine Lab (2026). Wine {cultivar} classifier & "
        "more (Version 1.0.0) [Computer software]. https://doi.org/10.5281/zenodo.1234567"
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"authors": [{"family-names": "X", "orcid": "0000-0002-1825-0097"}]},
            "`authors[0].orcid`",
        ),
        ({"date-released": "1 Nov 2026"}, "`date-released`"),
        ({"doi": "https://doi.org/10.5281/zenodo.1"}, "`doi`"),
        ({"cff-version": "1.1.0"}, "`cff-version`"),
        ({"title": None}, "`title` is required"),
        ({"repository-code": "github.com/a/b"}, "`repository-code`"),
        ({"authors": [{"family-names": "X", "mail": "x@y.org"}]}, "`authors[0].mail`"),
        ({"colour": "red"}, "`colour` is not a CFF 1.2.0 key"),
    ],
)
def test_validation_names_the_invalid_field(change, field):
    data = {**CFF, **change}
    problems = validate_cff(data)
    assert any(field in p for p in problems), problems


def test_valid_cff_has_no_problems():
    assert validate_cff(CFF) == []


def _project(tmp_path: Path, **kw) -> ProjectInfo:
    return ProjectInfo(
        root=tmp_path,
        name="wine",
        title='Wine: a "quoted" model',
        version="2.1",
        license="MIT",
        description="Line one: with colon",
        authors=(Person(name="Ada Lovelace", email="ada@example.org"), Person(name="Plato")),
        git=GitInfo(host="github.com", owner="Lab", repo="Wine"),
        **kw,
    )


def test_written_cff_parses_and_validates_here(tmp_path):
    text = cff_text(_project(tmp_path), today=datetime.date(2026, 11, 26))
    data = yaml.safe_load(text)
    assert data["title"] == 'Wine: a "quoted" model'
    assert data["authors"][0] == {
        "family-names": "Lovelace",
        "given-names": "Ada",
        "email": "ada@example.org",
    }
    assert data["authors"][1] == {"name": "Plato"}
    assert data["repository-code"] == "https://github.com/Lab/Wine"
    assert validate_cff(data) == []


@pytest.mark.slow
def test_written_cff_passes_cffconvert(tmp_path, cffconvert):  # noqa: F811
    path = tmp_path / "CITATION.cff"
    path.write_text(cff_text(_project(tmp_path)))
    result = cff_validate(cffconvert, path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_cffconvert_agrees_an_invalid_field_is_invalid(tmp_path, cffconvert):  # noqa: F811
    path = tmp_path / "CITATION.cff"
    data = {**CFF, "date-released": "1 Nov 2026"}
    path.write_text(yaml.safe_dump(data))
    assert cff_validate(cffconvert, path).returncode != 0
    assert any("`date-released`" in p for p in validate_cff(data))
