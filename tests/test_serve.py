"""`modelsite serve`: rebuilds on code, model and config changes; partial rebuilds match full
ones; a failed build keeps the last good site and shows the error; Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import skops.io
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from modelsite.build import build_site
from modelsite.serve import Session, watched_paths

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


# ---------------------------------------------------------------- the session, in process


def test_editing_a_docstring_rebuilds_only_that_page(session: Session) -> None:
    site = session.site_dir
    docker = site / "docker" / "index.html"
    before = docker.stat().st_mtime_ns
    edit(session.root / DATA, SUMMARY, "Load the Italian wines, edited while serving.")
    result = session.rebuild()
    assert result is not None and result.kind == "pages"
    assert result.pages == ("reference/wine_classifier/data/index.md",)
    assert "edited while serving" in article(
        site / "reference" / "wine_classifier" / "data" / "index.html"
    )
    assert docker.stat().st_mtime_ns == before  # untouched pages are not written again
    index = json.loads((site / "search" / "search_index.json").read_text())
    hits = [d["location"] for d in index["docs"] if "edited while serving" in d["text"]]
    assert hits and all(h.startswith("reference/wine_classifier/data/") for h in hits)
    assert not [d for d in index["docs"] if SUMMARY in d["text"]]  # the old text is gone


def test_a_partial_rebuild_equals_a_full_build(session: Session, tmp_path: Path) -> None:
    edit(session.root / DATA, "def load_dataset()", "def load_dataset(limit: int = 0)")
    result = session.rebuild()
    assert result is not None and result.kind == "pages"
    full = build_site(session.root, tmp_path / "full").site_dir
    for page in [
        "reference/wine_classifier/data/index.html",
        "index.html",
        "code-health/index.html",
        "reference/index.html",
    ]:
        assert article(session.site_dir / page) == article(full / page), page


def test_nothing_changed_means_nothing_rebuilt(session: Session) -> None:
    result = session.rebuild()
    assert result is not None and result.kind == "unchanged" and result.pages == ()


def test_a_new_module_gets_a_full_build(session: Session) -> None:
    (session.root / "src" / "wine_classifier" / "extra.py").write_text(
        '"""An extra module added while serving."""\n'
    )
    result = session.rebuild()
    assert result is not None and result.kind == "full"
    assert (session.site_dir / "reference" / "wine_classifier" / "extra" / "index.html").is_file()


def test_a_new_model_file_updates_the_model_card(session: Session) -> None:
    write_other_model(session.root / "model.skops", c=0.123)
    result = session.rebuild()
    assert result is not None and "model-card.md" in result.pages
    card = article(session.site_dir / "model-card" / "index.html")
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
    assert "edited in modelsite.yml" in article(session.site_dir / "model-card" / "index.html")
    assert "Wine cultivar classifier II" in article(session.site_dir / "cite" / "index.html")


def test_a_broken_model_keeps_the_last_good_site_and_says_why(session: Session) -> None:
    good = article(session.site_dir / "model-card" / "index.html")
    model = session.root / "model.skops"
    saved = model.read_bytes()
    model.write_text("not a zip file")
    assert session.rebuild() is None
    assert "model.skops" in session.error
    assert article(session.site_dir / "model-card" / "index.html") == good
    model.write_bytes(saved)
    result = session.rebuild()
    assert result is not None and session.error == ""


def test_a_project_with_its_own_mkdocs_yml_is_served_with_it(example_copy: Path) -> None:
    (example_copy / "docs").mkdir()
    (example_copy / "docs" / "index.md").write_text("# Hand written home\n")
    (example_copy / "mkdocs.yml").write_text(
        "site_name: Own\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - modelsite\n  - mkdocstrings\n"
    )
    session = Session(example_copy)
    try:
        assert session.rebuild() is not None, session.error
        assert "Hand written home" in article(session.site_dir / "index.html")
        assert "RandomForestClassifier" in article(session.site_dir / "model-card" / "index.html")
        edit(example_copy / "docs" / "index.md", "Hand written", "Edited")
        assert session.rebuild() is not None, session.error
        assert "Edited home" in article(session.site_dir / "index.html")
    finally:
        session.close()
    watched = dict(watched_paths(example_copy, None))
    assert watched[example_copy / "docs"] is True


def test_watched_paths_cover_code_model_and_config(session: Session) -> None:
    from modelsite.pipeline import collect_site

    root = session.root
    watched = dict(watched_paths(root, collect_site(root)))
    assert watched[root] is False  # modelsite.yml, CITATION.cff, model.skops; not .git or .venv
    assert watched[root / "src" / "wine_classifier"] is True


# ---------------------------------------------------------------- the command, in a subprocess


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


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_picks_up_code_and_model_edits_and_stops_on_ctrl_c(example_copy: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "modelsite", "serve", str(example_copy), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
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
        wait_for(
            lambda: "modelsite-build-error" not in fetch(base + "model-card/"), "the repaired build"
        )
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
            raise AssertionError(f"serve did not stop on Ctrl-C:\n{output}") from None
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
