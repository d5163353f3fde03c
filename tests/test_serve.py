"""`modelsite serve`: rebuilds on code, model and config changes; partial rebuilds match full
ones; a failed build keeps the last good site and shows the error; Ctrl-C stops it cleanly."""

from __future__ import annotations

import html
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import pytest
import skops.io
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from modelsite.docs_tree import source_digests, write_tree
from modelsite.log import LOGGER_NAME
from modelsite.pipeline import collect_site
from modelsite.serve import Session, banner_template, needs_restart, watched_paths

pytestmark = pytest.mark.slow

DATA = "src/wine_classifier/data.py"
SUMMARY = "Load the UCI wine data set shipped with scikit-learn."


def article(page: Path) -> str:
    """The content of a built page, whitespace folded (what differs between two builds)."""
    body = page.read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", body, flags=re.S)
    assert match, page
    return " ".join(match.group(0).split())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_other_model(path: Path, c: float) -> None:
    """A different model in place of the project's (logistic regression with C=`c`)."""
    X, y = load_wine(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=500)).fit(X, y)
    skops.io.dump(model, path)


@pytest.fixture
def session(example_copy: Path) -> Iterator[Session]:
    s = Session(example_copy)
    first = s.rebuild()
    assert first is not None and first.kind == "full", s.error
    yield s
    s.close()


def tree_text(session: Session, page: str) -> str:
    return (session.tree / "docs" / page).read_text(encoding="utf-8")


# ---------------------------------------------------------------- the session, in process


def test_editing_a_docstring_rewrites_only_that_page(session: Session) -> None:
    docker = session.tree / "docs" / "docker.md"
    before = docker.stat().st_mtime_ns
    digest = tree_text(session, "reference/wine_classifier/data/index.md").split("\n")[1]
    edit(session.root / DATA, SUMMARY, "Load the Italian wines, edited while serving.")
    result = session.rebuild()
    assert result is not None and result.kind == "changed"
    # the page's Markdown is `::: module`; its front matter carries the module's digest, so the
    # builder's own watcher sees this page change, and only this one
    assert result.files == ("docs/reference/wine_classifier/data/index.md",)
    after = tree_text(session, "reference/wine_classifier/data/index.md").split("\n")[1]
    assert digest.startswith("source_digest: ") and after.startswith("source_digest: ")
    assert after != digest
    assert docker.stat().st_mtime_ns == before  # untouched files are not written again


def test_the_served_tree_equals_a_fresh_render(session: Session) -> None:
    edit(session.root / DATA, "def load_dataset()", "def load_dataset(limit: int = 0)")
    write_other_model(session.root / "model.skops", c=0.5)
    assert session.rebuild() is not None, session.error
    site = collect_site(session.root)
    fresh_tree = session.work / "check"  # next to the served tree: the same relative paths
    write_tree(site, fresh_tree, digests=source_digests(site))
    served = {
        p.relative_to(session.tree).as_posix(): p.read_bytes()
        for part in ("docs", "overrides", "mkdocs.yml")
        for p in (
            [session.tree / part] if part.endswith(".yml") else (session.tree / part).rglob("*")
        )
        if p.is_file()
    }
    fresh = {
        p.relative_to(fresh_tree).as_posix(): p.read_bytes()
        for p in fresh_tree.rglob("*")
        if p.is_file()
    }
    assert served.keys() == fresh.keys()
    assert [rel for rel in served if served[rel] != fresh[rel]] == []


def test_nothing_changed_means_nothing_rewritten(session: Session) -> None:
    result = session.rebuild()
    assert result is not None and result.kind == "unchanged" and result.files == ()


def test_a_new_module_adds_its_page_and_the_navigation(session: Session) -> None:
    (session.root / "src" / "wine_classifier" / "extra.py").write_text(
        '"""An extra module added while serving."""\n'
    )
    result = session.rebuild()
    assert result is not None and result.kind == "changed"
    assert "docs/reference/wine_classifier/extra/index.md" in result.files
    assert "mkdocs.yml" in result.files
    assert "reference/wine_classifier/extra/index.md" in (session.tree / "mkdocs.yml").read_text()


def test_a_new_model_file_updates_the_model_card(session: Session) -> None:
    write_other_model(session.root / "model.skops", c=0.123)
    result = session.rebuild()
    assert result is not None and "docs/model-card.md" in result.files
    card = tree_text(session, "model-card.md")
    assert "LogisticRegression" in card and "0.123" in card


def test_card_text_and_citation_edits_are_picked_up(session: Session) -> None:
    edit(
        session.root / "modelsite.yml",
        "Teaching and demonstrating",
        "Teaching (edited in modelsite.yml) and demonstrating",
    )
    edit(session.root / "CITATION.cff", "Wine cultivar classifier", "Wine cultivar classifier II")
    result = session.rebuild()
    assert result is not None
    assert "edited in modelsite.yml" in tree_text(session, "model-card.md")
    assert "Wine cultivar classifier II" in tree_text(session, "cite.md")


def test_a_nav_change_marks_every_page_for_the_dirty_rebuild(session: Session) -> None:
    # MkDocs' dirty rebuild renders only pages newer than their built page; the navigation is on
    # every page, so a new module (a new nav entry) must mark them all
    docker = session.tree / "docs" / "docker.md"
    before = docker.stat().st_mtime_ns
    time.sleep(0.01)
    (session.root / "src" / "wine_classifier" / "extra.py").write_text('"""Extra."""\n')
    result = session.rebuild()
    assert result is not None and "mkdocs.yml" in result.files
    assert "docs/docker.md" not in result.files  # its bytes did not change...
    assert docker.stat().st_mtime_ns > before  # ...but it is rebuilt with the new navigation


def test_zensical_restarts_only_for_code_nav_and_overrides(session: Session) -> None:
    tree = session.tree
    # the model card is plain Markdown: Zensical's own watcher rebuilds it
    assert not needs_restart(("docs/model-card.md", "docs/index.md"), tree)
    # a reference page renders its module through mkdocstrings, which Zensical keeps loaded
    assert needs_restart(("docs/reference/wine_classifier/data/index.md",), tree)
    assert needs_restart(("mkdocs.yml",), tree)
    assert needs_restart(("overrides/main.html",), tree)
    assert needs_restart(("docs/reference/wine_classifier/new/index.md",), tree)  # a new page


def test_problems_are_shown_on_every_rebuild_cached_or_not(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    old, new = "  intended_use: >\n", "  intended_use: TODO\n  x_old: >\n"
    edit(session.root / "modelsite.yml", old, new)
    said = []
    for _ in range(2):  # the second rebuild reuses every collector's result
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
            assert session.rebuild() is not None, session.error
        said.append([r.getMessage() for r in caplog.records if "intended_use" in r.getMessage()])
    assert said[0] and said[0] == said[1]


def test_a_broken_model_keeps_the_last_good_tree_and_says_why(session: Session) -> None:
    good = tree_text(session, "model-card.md")
    banner = session.tree / "overrides" / "main.html"
    shipped = banner.read_text()  # the shipped override (scripts deferred), no banner
    assert "modelsite-build-error" not in shipped
    model = session.root / "model.skops"
    saved = model.read_bytes()
    model.write_text("not a zip file")
    assert session.rebuild() is None
    assert "model.skops" in session.error
    assert tree_text(session, "model-card.md") == good
    assert "modelsite-build-error" in banner.read_text() and "model.skops" in banner.read_text()
    assert shipped.split("\n", 1)[1] in banner.read_text()  # the scripts still deferred
    model.write_bytes(saved)
    result = session.rebuild()
    assert result is not None and session.error == ""
    assert result.files == ("overrides/main.html",) and banner.read_text() == shipped


def test_the_banner_shows_the_error_as_text_never_as_jinja() -> None:
    error = "x.yml: {{ 7*7 }} {% if true %}RAN{% endif %} {#c#} <script>alert(1)</script> %}"
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "base.html": "<body>{% block announce %}{% endblock %}</body>",
                "main.html": banner_template(error),
            }
        ),
        autoescape=True,
    )
    page = env.get_template("main.html").render()
    # shown verbatim: `{{ 7*7 }}` was not evaluated, the tags were escaped
    assert "<script>" not in page and html.unescape(page).count(error) == 1


def test_a_project_with_its_own_mkdocs_yml_watches_its_docs(example_copy: Path) -> None:
    (example_copy / "docs").mkdir()
    (example_copy / "docs" / "index.md").write_text("# Hand written home\n")
    (example_copy / "mkdocs.yml").write_text("site_name: Own\nplugins:\n  - modelsite\n")
    watched = dict(watched_paths(example_copy, None))
    assert watched[example_copy / "docs"] is True


def test_watched_paths_cover_code_model_and_config(session: Session) -> None:
    root = session.root
    watched = dict(watched_paths(root, collect_site(root)))
    assert watched[root] is False  # modelsite.yml, CITATION.cff, model.skops; not .git or .venv
    assert watched[root / "src" / "wine_classifier"] is True


# ---------------------------------------------------------------- the command, in a subprocess


SERVE = [sys.executable, "-m", "modelsite", "serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def repaired(page: str) -> bool:
    """A page was served (not mid-restart) and shows no error banner."""
    return "0.321" in page and "modelsite-build-error" not in page


def served_at(lines: list[str]) -> str:
    """The address a builder's `serve` prints ("Serving on URL" / "Serving DIR on URL")."""
    for line in list(lines):
        match = re.search(r"Serving .*?on (http://\S+)", line)
        if match:
            return match.group(1).rstrip("/") + "/"
    return ""


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_serve_picks_up_code_and_model_edits_and_stops_on_ctrl_c(
    example_copy: Path, builder: str
) -> None:
    if builder == "zensical":
        pytest.importorskip("zensical", reason="Zensical needs Python 3.11+")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [*SERVE, str(example_copy), "--port", str(port), "--builder", builder],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or ()), daemon=True)
    reader.start()
    try:
        # the builder says where it serves (the root, whatever the site's GitHub Pages path)
        wait_for(lambda: served_at(lines) != "", "the serving address")
        base = served_at(lines)
        assert base == f"http://127.0.0.1:{port}/", base
        data_page = base + "reference/wine_classifier/data/"
        wait_for(lambda: SUMMARY in fetch(data_page), "the first build")
        time.sleep(1.0)  # let the watcher take its first snapshot

        edit(example_copy / DATA, SUMMARY, "Edited training code, picked up by serve.")
        wait_for(lambda: "picked up by serve" in fetch(data_page), "the code edit")

        write_other_model(example_copy / "model.skops", c=0.321)
        wait_for(lambda: "0.321" in fetch(base + "model-card/"), "the model edit")

        saved = (example_copy / "model.skops").read_bytes()
        (example_copy / "model.skops").write_text("not a zip file")
        wait_for(lambda: "modelsite-build-error" in fetch(base + "model-card/"), "the banner")
        page = fetch(base + "model-card/")
        assert "0.321" in page  # still the last good site
        (example_copy / "model.skops").write_bytes(saved)
        wait_for(lambda: repaired(fetch(base + "model-card/")), "the repaired build")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            reader.join(timeout=10)
            raise AssertionError(f"serve did not stop on Ctrl-C:\n{''.join(lines)}") from None
        reader.join(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    output = "".join(lines)
    assert proc.returncode == 0, output
    assert "Traceback" not in output, output
    assert "build failed, still serving the last good site" in output


def test_a_taken_port_is_one_line_exit_2(example_copy: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "modelsite", "serve", str(example_copy), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"modelsite: error: 127.0.0.1:{port}: cannot serve there (Address already in use); "
        "choose another --port"
    ]
