"""URLs that reach the theme's header and edit buttons cannot carry markup (issue 18, item 2).

Material inserts `repo_url` and each page's `edit_url` into `href="..."` without escaping: a
git remote or `publish.repository` of `https://github.com/o/r"><img src=x onerror=...>` ran
script on every page, and a source file named `m" onmouseover="alert(1)" x=".py` added an
attribute to "Edit this page". Remotes are now accepted only with the names forges allow, and
file and branch names are percent-encoded.
"""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from modelsite.collect.project import parse_remote
from modelsite.forge import file_url
from modelsite.sitemodel import GitInfo

HOSTILE = [
    'https://github.com/o/r"><img src=x onerror=alert(1)>',
    'https://github.com/o"onmouseover=alert(1)/r',
    "git@github.com:o/r<script>.git",
    "https://git hub.com/o/r",
    "https://github.com/o/r r",
    "https://github.com/-o/r",
    "https://github.com/o/r'",
]


@pytest.mark.parametrize("remote", HOSTILE)
def test_a_remote_with_markup_is_no_forge(remote: str) -> None:
    assert parse_remote(remote) == ("", "", "")


@pytest.mark.parametrize(
    ("remote", "parts"),
    [
        ("https://github.com/lab/wine-model.git", ("github.com", "lab", "wine-model")),
        ("git@github.com:lab/wine_model.v2.git", ("github.com", "lab", "wine_model.v2")),
        ("https://gitlab.com/group/sub.group/repo", ("gitlab.com", "group/sub.group", "repo")),
        ("ssh://git@codeberg.org:22/me/r", ("codeberg.org", "me", "r")),
    ],
)
def test_ordinary_remotes_still_parse(remote: str, parts: tuple[str, str, str]) -> None:
    assert parse_remote(remote) == parts


def test_file_and_branch_names_are_percent_encoded() -> None:
    git = GitInfo(host="github.com", owner="o", repo="r", branch='fix"<b>', commit="a" * 40)
    url = file_url(git, 'src/m" onmouseover="alert(1)" x=".py')
    assert url == (
        "https://github.com/o/r/edit/fix%22%3Cb%3E/"
        "src/m%22%20onmouseover%3D%22alert%281%29%22%20x%3D%22.py"
    )


def test_a_hostile_remote_never_reaches_a_built_page(tmp_path: Path) -> None:
    """End to end: a project cloned with a hostile `origin` builds, and no page carries the
    payload as markup (no `onerror` attribute anywhere; the header has no repository link)."""
    from modelsite.cli import main

    project = tmp_path / "proj"
    package = project / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""A package."""\n')
    (project / "modelsite.yml").write_text("card:\n  summary: S.\n")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "remote", "add", "origin", HOSTILE[0]], check=True)
    assert main(["build", str(project), "-o", str(tmp_path / "site")]) == 0
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        tags = _Tags()
        tags.feed(html)
        assert not [t for t in tags.seen if any(a.startswith("on") for a, _ in t[1])], page
        assert not [t for t in tags.seen if t[0] == "img" and ("src", "x") in t[1]], page
        assert 'class="md-source"' not in html, page  # no repository link in the header
    # the payload is shown as text where the remote is named (the clone step)
    assert "onerror=alert(1)&gt;" in (tmp_path / "site" / "reproduce" / "index.html").read_text()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))
