"""Citation formats from `CITATION.cff`, its validation, and a `CITATION.cff` writer.

`references(citation, cff)` gives BibTeX and an APA-like reference; `validate_cff(data)` checks
the fields cffconvert checks most often and names the invalid field; `cff_text(project)` writes
a CITATION.cff (CFF 1.2.0) from `pyproject.toml` and the git remote.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelsite.errors import InputError
from modelsite.escape import yaml_str
from modelsite.sitemodel import Citation, ProjectInfo
from modelsite.yamlfile import read_yaml

CFF_VERSION = "1.2.0"
_DOI = re.compile(r"^10\.\d{4,9}(\.\d+)?/[A-Za-z0-9:/_;\-\.\(\)\[\]\\]+$")
_ORCID = re.compile(r"^https://orcid\.org/[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]{1}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_URL = re.compile(r"^(https|http|ftp|sftp)://.+")
_PERSON_KEYS = {
    "family-names",
    "given-names",
    "name-particle",
    "name-suffix",
    "affiliation",
    "address",
    "city",
    "country",
    "email",
    "fax",
    "orcid",
    "post-code",
    "region",
    "tel",
    "website",
    "alias",
}
_ENTITY_KEYS = {
    "name",
    "address",
    "city",
    "country",
    "email",
    "fax",
    "orcid",
    "post-code",
    "region",
    "tel",
    "website",
    "alias",
    "date-start",
    "date-end",
    "location",
}
_TOP_KEYS = {
    "abstract",
    "authors",
    "cff-version",
    "commit",
    "contact",
    "date-released",
    "doi",
    "identifiers",
    "keywords",
    "license",
    "license-url",
    "message",
    "preferred-citation",
    "references",
    "repository",
    "repository-artifact",
    "repository-code",
    "title",
    "type",
    "url",
    "version",
}


def load_cff(path: Path) -> dict[str, Any] | None:
    """The parsed `CITATION.cff`, or `None` when it is missing or not a YAML mapping."""
    if not path.is_file():
        return None
    try:
        data = read_yaml(path)
    except InputError:
        return None
    return data if isinstance(data, dict) else None


def validate_cff(data: Mapping[str, Any]) -> list[str]:
    """Problems with a CITATION.cff, each naming the field (`authors[0].orcid: ...`)."""
    problems: list[str] = []
    for key in ("cff-version", "message", "title", "authors"):
        if key not in data or data[key] in (None, "", []):
            problems.append(f"`{key}` is required")
    for key in sorted(set(map(str, data)) - _TOP_KEYS):
        problems.append(f"`{key}` is not a CFF 1.2.0 key")
    if "cff-version" in data and str(data["cff-version"]) != CFF_VERSION:
        problems.append(f'`cff-version` is {data["cff-version"]!r}; expected "{CFF_VERSION}"')
    for key in ("message", "title"):
        if data.get(key) not in (None, "") and not isinstance(data[key], str):
            problems.append(f"`{key}` must be text")
    authors = data.get("authors")
    if authors is not None and not isinstance(authors, list):
        problems.append("`authors` must be a list of persons or entities")
    for i, person in enumerate(authors if isinstance(authors, list) else []):
        where = f"authors[{i}]"
        if not isinstance(person, Mapping):
            problems.append(f"`{where}` must be a mapping (family-names, given-names, ...)")
            continue
        keys = set(map(str, person))
        allowed = _ENTITY_KEYS if "name" in keys else _PERSON_KEYS
        for key in sorted(keys - allowed):
            problems.append(
                f"`{where}.{key}` is not a valid key for a "
                f"{'n entity' if 'name' in keys else ' person'}"
            )
        if not keys & {"family-names", "given-names", "name"}:
            problems.append(f"`{where}` needs `family-names`/`given-names` (or `name`)")
        orcid = person.get("orcid")
        if orcid is not None and not _ORCID.match(str(orcid)):
            problems.append(
                f"`{where}.orcid` must be an ORCID URL like https://orcid.org/0000-0002-1825-0097"
            )
    date = data.get("date-released")
    if date is not None and not isinstance(date, _dt.date) and not _DATE.match(str(date)):
        problems.append("`date-released` must be a date YYYY-MM-DD")
    if data.get("doi") is not None and not _DOI.match(str(data["doi"])):
        problems.append("`doi` must look like 10.5281/zenodo.1234 (no https://doi.org/ prefix)")
    for key in ("url", "repository-code", "repository", "repository-artifact", "license-url"):
        if data.get(key) is not None and not _URL.match(str(data[key])):
            problems.append(f"`{key}` must be a URL (https://...)")
    if data.get("type") is not None and data["type"] not in ("software", "dataset"):
        problems.append("`type` must be `software` or `dataset`")
    if data.get("version") is not None and not isinstance(data["version"], (str, int, float)):
        problems.append("`version` must be text or a number")
    for i, ident in enumerate(data.get("identifiers") or []):
        if not isinstance(ident, Mapping) or ident.get("type") not in (
            "doi",
            "url",
            "swh",
            "other",
        ):
            problems.append(f"`identifiers[{i}].type` must be doi, url, swh or other")
    return problems


# ---------------------------------------------------------------- formats


def _names(cff: Mapping[str, Any] | None, citation: Citation) -> list[tuple[str, str]]:
    """`(family, given)` per author; entities as `(name, "")`."""
    out: list[tuple[str, str]] = []
    authors = cff.get("authors") if cff else None
    if isinstance(authors, list):
        for a in authors:
            if isinstance(a, Mapping):
                family = " ".join(str(a[k]) for k in ("name-particle", "family-names") if a.get(k))
                if family or a.get("given-names"):
                    out.append((family, str(a.get("given-names", ""))))
                elif a.get("name"):
                    out.append((str(a["name"]), ""))
        if out:
            return out
    for p in citation.authors:
        parts = p.name.split()
        out.append((parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (p.name, ""))
    return out


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}
_BIB_SPECIAL_RE = re.compile("[" + re.escape("".join(_BIB_SPECIAL)) + "]")


def _bib_escape(text: str) -> str:
    """Text for a braced BibTeX field. BibTeX closes a field at the brace that balances its
    opening one whatever precedes it (`\\}` included), so braces become
    `\\textbraceleft{}`/`\\textbraceright{}`: a value can never end its field or start
    another (`}, note = {\\input{/etc/passwd}}`)."""
    text = " ".join(str(text).split())
    return _BIB_SPECIAL_RE.sub(lambda m: _BIB_SPECIAL[m.group()], text)


def _bib_url(url: str) -> str:
    """A URL for BibTeX's `url` field: anything that is not a URL character percent-encoded
    (braces, backslashes, spaces, quotes), then `%` and `#` escaped for TeX."""
    from urllib.parse import quote

    encoded = quote(url.strip(), safe=":/?&=+,;@!$'()*-._~%#[]")
    return encoded.replace("%", r"\%").replace("#", r"\#")


_BIB_TYPES = {
    "software": "software",
    "article": "article",
    "conference-paper": "inproceedings",
    "book": "book",
    "thesis": "phdthesis",
    "report": "techreport",
}


def bibtex(citation: Citation, cff: Mapping[str, Any] | None = None) -> str:
    """A BibTeX `@software` entry."""
    names = _names(cff, citation)
    year = citation.date_released[:4] or citation.year
    entry = _BIB_TYPES.get(citation.type, "misc" if citation.type != "software" else "software")
    first = re.sub(r"[^A-Za-z0-9]", "", names[0][0]).lower() if names else "anon"
    word = re.sub(r"[^A-Za-z0-9]", "", (citation.title.split() or ["model"])[0]).lower()
    key = f"{first or 'anon'}{year}{word}"
    fields = [
        (
            "author",
            " and ".join(
                "{" + _bib_escape(f) + "}" if not g else f"{_bib_escape(f)}, {_bib_escape(g)}"
                for f, g in names
            ),
        )
    ]
    fields.append(("title", "{" + _bib_escape(citation.title) + "}"))
    if citation.journal:
        where = "booktitle" if entry == "inproceedings" else "journal"
        fields.append((where, _bib_escape(citation.journal)))
    if year:
        fields.append(("year", _bib_escape(year)))
    if citation.date_released[5:7]:
        fields.append(("month", _bib_escape(citation.date_released[5:7].lstrip("0"))))
    if citation.version:
        fields.append(("version", _bib_escape(citation.version)))
    if citation.doi:
        fields.append(("doi", _bib_escape(citation.doi)))
    url = citation.url or citation.repository
    if url:
        fields.append(("url", _bib_url(url)))
    if citation.license:
        fields.append(("license", _bib_escape(citation.license)))
    body = ",\n".join(f"  {name:<8}= {{{value}}}" for name, value in fields if value)
    return f"@{entry}{{{key},\n{body}\n}}"


def apa(citation: Citation, cff: Mapping[str, Any] | None = None) -> str:
    """An APA-like reference as plain text (the page adds the italics)."""
    names = _names(cff, citation)
    people = []
    for family, given in names:
        initials = " ".join(f"{part[0]}." for part in re.split(r"[\s-]+", given) if part)
        people.append(f"{family}, {initials}" if initials else family)
    if len(people) > 1:
        authors = ", ".join(people[:-1]) + ", & " + people[-1]
    else:
        authors = people[0] if people else "Anonymous"
    year = citation.date_released[:4] or citation.year or "n.d."
    text = f"{authors} ({year}). {citation.title}"
    if citation.type == "software":
        if citation.version:
            text += f" (Version {citation.version})"
        text += " [Computer software]."
    else:
        text += "."
        if citation.journal:
            text += f" {citation.journal}."
    if citation.doi:
        text += f" https://doi.org/{citation.doi}"
    elif citation.url or citation.repository:
        text += f" {citation.url or citation.repository}"
    return text


def with_references(citation: Citation | None, cff: Mapping[str, Any] | None) -> Citation | None:
    """The citation with its `bibtex` and `apa` fields filled."""
    if citation is None:
        return None
    return dataclasses.replace(citation, bibtex=bibtex(citation, cff), apa=apa(citation, cff))


def doi_badge(doi: str) -> tuple[str, str]:
    """`(badge page path, link URL)`: the site's own `badges/doi.svg` (written with the other
    badges, so the page makes no outside request) linking to the DOI resolver."""
    return ("badges/doi.svg", f"https://doi.org/{doi}")


# ---------------------------------------------------------------- writer


def cff_text(project: ProjectInfo, *, today: _dt.date | None = None) -> str:
    """A CITATION.cff (CFF 1.2.0) from `pyproject.toml` metadata and the git remote."""
    used = [project.sources.get(k, "") for k in ("title", "version", "license", "authors")]
    origins = [o for o in dict.fromkeys(used) if o and o != "modelsite.yml"]
    if project.repository_url:
        origins.append("the git remote")
    lines = [
        "# Generated by `modelsite init` from "
        + (", ".join(origins) if origins else "the folder name")
        + ": check it.",
        f"cff-version: {CFF_VERSION}",
        f"message: {yaml_str('If you use this model, please cite it as below.')}",
        f"title: {yaml_str(project.title or project.name)}",
        "type: software",
    ]
    if project.version:
        lines.append(f"version: {yaml_str(project.version)}")
    lines.append(f"date-released: {(today or _dt.date.today()).isoformat()}")
    if project.license and re.fullmatch(r"[A-Za-z0-9.+-]+", project.license):
        lines.append(f"license: {yaml_str(project.license)}")
    if project.repository_url:
        lines.append(f"repository-code: {yaml_str(project.repository_url)}")
    if project.description:
        lines.append(f"abstract: {yaml_str(project.description)}")
    lines.append("authors:")
    if not project.authors:
        lines.append('  - name: "TODO: author name"')
    for person in project.authors:
        parts = person.name.split()
        if len(parts) > 1:
            lines.append(f"  - family-names: {yaml_str(parts[-1])}")
            lines.append(f"    given-names: {yaml_str(' '.join(parts[:-1]))}")
        else:
            lines.append(f"  - name: {yaml_str(person.name or 'TODO: author name')}")
        if person.email and "@" in person.email:
            lines.append(f"    email: {yaml_str(person.email)}")
        if person.orcid and _ORCID.match(person.orcid):
            lines.append(f"    orcid: {yaml_str(person.orcid)}")
    return "\n".join(lines) + "\n"
