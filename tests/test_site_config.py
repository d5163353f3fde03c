"""The zero-config Material setup, edit links and the HTML sanitizer.

Fast unit tests; `test_browser.py` checks the same things in a real browser.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelsite.docs_tree import mkdocs_config, theme_text
from modelsite.forge import edit_urls, file_url
from modelsite.pipeline import collect_site
from modelsite.plugin import MERMAID
from modelsite.render import shipped_templates
from modelsite.sanitize import sanitize_html
from modelsite.sitemodel import GitInfo, Site


@pytest.fixture(scope="module")
def site(trained_example: Path) -> Site:
    return collect_site(trained_example)


def config_of(site: Site) -> dict:
    return mkdocs_config(site, Path("/tmp/docs"), Path("/tmp/site"))


def test_material_defaults(site: Site) -> None:
    config = config_of(site)
    theme = config["theme"]
    assert theme["name"] == "material" and theme["font"] is False
    for feature in [
        "navigation.tabs",
        "search.suggest",
        "content.code.copy",
        "content.tabs.link",
        "content.action.edit",
    ]:
        assert feature in theme["features"]
    schemes = [p.get("scheme") for p in theme["palette"]]  # None: follow the system
    assert schemes == [None, "default", "slate"] and all("toggle" in p for p in theme["palette"])
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    for ext in ["admonition", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]:
        assert ext in extensions
    fences = next(e for e in config["markdown_extensions"] if "pymdownx.superfences" in e)
    assert fences["pymdownx.superfences"]["custom_fences"][0]["name"] == "mermaid"
    # not Material's `pre.mermaid`: modelsite.js draws it, loading Mermaid only where needed
    assert fences["pymdownx.superfences"]["custom_fences"][0]["class"] == "ms-mermaid"
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert "social" not in plugins and "privacy" not in plugins  # nothing fetched at build time
    assert config["repo_url"] == "https://github.com/modelsite-examples/wine-classifier"


def test_theme_override_ships_and_mermaid_is_vendored() -> None:
    source = shipped_templates() / "overrides" / "partials" / "source.html"
    assert source.is_file()
    markup = source.read_text().split("-#}", 1)[1]  # after the template's comment
    assert "data-md-component" not in markup  # so Material does not call api.github.com
    mermaid = shipped_templates() / "assets" / Path(MERMAID).name
    assert mermaid.stat().st_size > 1_000_000  # the real library, not a stub


def test_modelsite_yml_overrides_win(site: Site) -> None:
    config = dataclasses.replace(
        site.config,
        mkdocs={
            "theme": {"features": ["navigation.instant"], "palette": {"scheme": "slate"}},
            "extra": {"analytics": None},
            "copyright": "© Lab",
        },
    )
    merged = config_of(dataclasses.replace(site, config=config))
    assert merged["theme"]["features"] == ["navigation.instant"]  # lists are replaced
    assert merged["theme"]["palette"] == {"scheme": "slate"}
    assert merged["theme"]["font"] is False  # untouched keys of a merged mapping stay
    assert merged["copyright"] == "© Lab"


def test_text_for_the_theme_is_escaped(site: Site) -> None:
    hostile = dataclasses.replace(site.config, site_name='A <script>x</script> & "B"')
    config = config_of(dataclasses.replace(site, config=hostile))
    assert config["site_name"] == "A &lt;script&gt;x&lt;/script&gt; &amp; &quot;B&quot;"
    assert theme_text("Ada's model") == "Ada's model"


# ---------------------------------------------------------------- edit links


def git_repo(project: Path) -> Path:
    """Make `project` a git work tree on branch `main` with one commit."""

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x")
    return project


def test_edit_links_go_to_the_file_to_change(example_copy: Path) -> None:
    site = collect_site(git_repo(example_copy))
    urls = edit_urls(site)
    web = "https://github.com/modelsite-examples/wine-classifier"
    assert urls["reference/wine_classifier/data/index.md"] == (
        f"{web}/edit/main/src/wine_classifier/data.py"
    )
    assert urls["model-card.md"] == urls["index.md"] == f"{web}/edit/main/modelsite.yml"
    assert urls["cite.md"] == f"{web}/edit/main/CITATION.cff"
    assert "docker.md" not in urls  # a page with no source of its own has no edit button


def test_edit_links_inside_a_bigger_repository(tmp_path: Path, example_copy: Path) -> None:
    """Without `publish.repository`, paths are relative to the top of the git work tree."""
    repo = tmp_path / "monorepo"
    shutil.copytree(example_copy, repo / "models" / "wine")
    config = repo / "models" / "wine" / "modelsite.yml"
    config.write_text(config.read_text().split("publish:")[0])
    git_repo(repo)
    subprocess.run(
        ["git", "-C", str(repo), "remote", "add", "origin", "git@github.com:lab/mono.git"],
        check=True,
    )
    urls = edit_urls(collect_site(repo / "models" / "wine"))
    assert urls["reference/wine_classifier/data/index.md"] == (
        "https://github.com/lab/mono/edit/main/models/wine/src/wine_classifier/data.py"
    )


@pytest.mark.parametrize(
    ("git", "expected"),
    [
        (
            GitInfo(host="github.com", owner="o", repo="r", branch="main", commit="abc"),
            "https://github.com/o/r/edit/main/src/m.py",
        ),
        (
            GitInfo(host="gitlab.com", owner="g/sub", repo="r", branch="dev"),
            "https://gitlab.com/g/sub/r/-/edit/dev/src/m.py",
        ),
        (
            GitInfo(host="github.com", owner="o", repo="r", branch="HEAD", commit="abc"),
            "https://github.com/o/r/blob/abc/src/m.py",
        ),  # detached (CI): view at the commit
        (GitInfo(host="git.example.org", owner="o", repo="r", branch="main"), ""),
        (GitInfo(), ""),
    ],
)
def test_file_url_per_forge(git: GitInfo, expected: str) -> None:
    assert file_url(git, "src/m.py") == expected


# ---------------------------------------------------------------- sanitizer


@pytest.mark.parametrize(
    "bad",
    [
        "<script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<iframe src="https://evil.example.com"></iframe>',
        '<img src="https://tracker.example.com/p.png">',
        '<img src="//tracker.example.com/p.png">',
        "<style>body{background:url(https://evil.example.com/x)}</style>",
        '<p style="background:url(https://evil.example.com/x)">t</p>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<form action="https://evil.example.com">'
        '<button formaction="javascript:x">b</button></form>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example.com">',
    ],
)
def test_sanitizer_removes_what_runs_or_fetches(bad: str) -> None:
    out = sanitize_html(f"<p>before</p>{bad}<p>after</p>")
    assert "<p>before</p>" in out and "<p>after</p>" in out
    for needle in [
        "<script",
        "onerror",
        "javascript:",
        "<iframe",
        "evil.example.com",
        "tracker.example.com",
        "<meta",
        "<style",
        "formaction",
    ]:
        assert needle not in out.lower(), (bad, out)


def test_sanitizer_keeps_ordinary_content() -> None:
    html = (
        '<h2 id="a.b">Title <a class="headerlink" href="#a.b">¶</a></h2>'
        '<p>x &lt; y &amp;&amp; <code>a&lt;b</code> <a href="https://scikit-learn.org/">'
        'sklearn</a> <a href="../other/#x">rel</a> <img alt="b" src="../badges/d.svg"></p>'
        '<span class="ms-generated" title="Generated by modelsite">generated</span>'
        '<div class="highlight"><pre><span></span><code>if a &gt; b:</code></pre></div>'
    )
    out = sanitize_html(html)
    for kept in [
        'id="a.b"',
        'href="#a.b"',
        "x &lt; y &amp;&amp;",
        "<code>a&lt;b</code>",
        'href="https://scikit-learn.org/"',
        'href="../other/#x"',
        'src="../badges/d.svg"',
        'class="ms-generated"',
        "if a &gt; b:",
    ]:
        assert kept in out, kept


def test_users_own_mkdocs_yml_gets_the_self_contained_header(
    trained_example: Path, tmp_path: Path
) -> None:
    """With `plugins: [modelsite]` in a user's mkdocs.yml, the repository link still does not
    make browsers call the forge's API, and Mermaid comes from the site: with Material's
    recipe for ```mermaid fences (`class: mermaid`) the shipped library is on every page, where
    Material looks for it before it would fetch it from unpkg.com."""
    project = tmp_path / "wine"
    shutil.copytree(trained_example, project)
    (project / "mkdocs.yml").write_text(
        "site_name: Own\nrepo_url: https://github.com/lab/wine\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n  - modelsite\n"
        "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - name: mermaid\n          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
    )
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Own\n")
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=project, check=True
    )
    page = (out / "index.html").read_text()
    assert 'class="md-source"' in page and 'data-md-component="source"' not in page
    assert "assets/mermaid.min.js" in page and (out / "assets" / "mermaid.min.js").is_file()


# ---------------------------------------------------------------- where the site is published


@pytest.mark.parametrize(
    ("git", "expected"),
    [
        (GitInfo(host="github.com", owner="Lab-X", repo="Wine"), "https://lab-x.github.io/Wine/"),
        (GitInfo(host="github.com", owner="Lab", repo="lab.github.io"), "https://lab.github.io/"),
        (GitInfo(host="gitlab.com", owner="lab", repo="wine"), ""),
        (GitInfo(), ""),
    ],
)
def test_github_pages_address(site: Site, git: GitInfo, expected: str) -> None:
    from modelsite.reader_settings import github_pages_url

    project = dataclasses.replace(site.project, git=git)
    assert github_pages_url(dataclasses.replace(site, project=project)) == expected


def test_site_url_from_config_then_remote(site: Site) -> None:
    assert config_of(site)["site_url"] == "https://modelsite-examples.github.io/wine-classifier/"
    publish = dataclasses.replace(site.config.publish, site_url="https://models.example.org/w")
    configured = dataclasses.replace(site, config=dataclasses.replace(site.config, publish=publish))
    assert config_of(configured)["site_url"] == "https://models.example.org/w/"


def test_reader_features_favicon_and_api_options(site: Site) -> None:
    """Issue 17's Material and mkdocstrings features, on by default."""
    config = config_of(site)
    theme = config["theme"]
    for feature in ["navigation.path", "navigation.tabs.sticky", "content.action.view"]:
        assert feature in theme["features"]
    assert "content.code.select" in theme["features"]
    assert "navigation.instant" not in theme["features"]  # breaks pages opened from disk
    assert theme["favicon"] == "assets/favicon.svg"
    assert (shipped_templates() / "assets" / "favicon.svg").read_text().startswith("<svg")
    media = [p["media"] for p in theme["palette"]]
    assert media == [
        "(prefers-color-scheme)",
        "(prefers-color-scheme: light)",
        "(prefers-color-scheme: dark)",
    ]
    mkdocstrings = next(p["mkdocstrings"] for p in config["plugins"] if "mkdocstrings" in p)
    options = mkdocstrings["handlers"]["python"]["options"]
    for name in ["summary", "show_bases", "merge_init_into_class", "signature_crossrefs"]:
        assert options[name] is True, name
