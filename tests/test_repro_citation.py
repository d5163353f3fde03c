"""Citation: BibTeX and APA from CITATION.cff, validation naming the field, the CFF writer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert (
        r"title   = {{Wine \textbraceleft{}cultivar\textbraceright{} classifier \& more}}" in text
    )
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


# ------------------------------------------------------------ BibTeX fields cannot break out


def bib_fields(entry: str) -> dict[str, str]:
    """The fields of one entry, split as BibTeX's own lexer splits them: a braced value ends
    at the brace that balances its opening one, whatever precedes it (backslashes included)."""
    body = entry[entry.index(",") + 1 : entry.rindex("}")]
    fields: dict[str, str] = {}
    at = 0
    while True:
        eq = body.find("=", at)
        if eq < 0:
            break
        name = body[at:eq].strip().strip(",").strip()
        start = body.index("{", eq)
        depth, i = 0, start
        while True:
            depth += {"{": 1, "}": -1}.get(body[i], 0)
            if depth == 0:
                break
            i += 1
        assert name not in fields, f"field {name!r} twice: {entry}"
        fields[name] = body[start + 1 : i]
        at = i + 1
    return fields


ATTACK_URL = "https://example.org/}, note = {\\input{/etc/passwd}}, x = {"


def test_a_url_cannot_add_fields() -> None:
    citation = Citation(
        source="CITATION.cff",
        title="T",
        url=ATTACK_URL,
        date_released="2026-01-02",
        authors=(Person(name="A. Person"),),
    )
    fields = bib_fields(bibtex(citation))
    assert set(fields) == {"author", "title", "year", "month", "url"}
    assert fields["url"] == (
        r"https://example.org/\%7D,\%20note\%20=\%20\%7B\%5Cinput\%7B/etc/passwd\%7D\%7D,"
        r"\%20x\%20=\%20\%7B"
    )


def test_backslashes_in_authors_and_titles_are_text() -> None:
    citation = Citation(
        source="CITATION.cff",
        title="\\input{/etc/passwd} \\def\\x{}",
        authors=(Person(name="A. \\write18{rm -rf} Person"),),
    )
    fields = bib_fields(bibtex(citation))
    assert "\\input" not in fields["title"] and "\\write18" not in fields["author"]
    assert r"\textbackslash{}input\textbraceleft{}/etc/passwd\textbraceright{}" in fields["title"]


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(min_size=1, max_size=40),
    author=st.text(min_size=1, max_size=30),
    url=st.text(max_size=40),
    version=st.text(max_size=10),
)
def test_no_text_changes_the_fields(title: str, author: str, url: str, version: str) -> None:
    if not title.split() or not author.split():
        return  # whitespace-only: not a usable title or author
    citation = Citation(
        source="CITATION.cff",
        title=title,
        authors=(Person(name=author),),
        url=url,
        version=version,
        date_released="2026-05-06",
    )
    fields = bib_fields(bibtex(citation))
    expected = {"author", "title", "year", "month"} | ({"url"} if url.strip() else set())
    expected |= {"version"} if " ".join(version.split()) else set()
    assert set(fields) == expected
