"""The /reproduce/, /docker/ and /cite/ pages and the overview checklist, for the example and for
a project nobody here wrote; and every bad input of the issue: a clear message, the page built
with the gap stated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelsite.log import WarningCounter
from modelsite.pipeline import collect_site
from modelsite.render import render_pages
from repro_helpers import git, line_of, make_other_project


def _pages(root: Path) -> tuple[dict[str, str], list[str], object]:
    with WarningCounter() as counter:
        site = collect_site(root)
        pages = render_pages(site)
    return pages, counter.messages, site


@pytest.fixture(scope="module")
def other(tmp_path_factory) -> Path:
    return make_other_project(tmp_path_factory.mktemp("other") / "diabetes-risk")


def test_example_reproduce_page(trained_example):
    pages, _, site = _pages(trained_example)
    page = pages["reproduce.md"]
    recorded = site.model.environment["packages"]
    # shown in the environment section and written by the install step
    pin = f"\nscikit-learn=={recorded['scikit-learn']}  # model.skops (recorded at export)\n"
    assert page.count(pin) == 2  # the page's list and the here-document of step 3
    assert "every one pinned to an exact version" in page
    assert "| <code>forest&#95;&#95;random&#95;state</code> | <code>42</code> |" in page
    assert "None found in" in page  # the example seeds everything
    assert "Seed passed to `modelsite.export()`: <code>42</code>." in page
    train = trained_example / "src/wine_classifier/train.py"
    assert f"src/wine&#95;classifier/train.py:{line_of(train, 'SEED = 42')}" in page
    assert "python -m wine_classifier.train" in page
    assert "git clone https://github.com/modelsite-examples/wine-classifier" in page
    assert "modelsite verify published.skops --model model.skops" in page
    assert "modelsite check ." in page
    assert "export PYTHONHASHSEED=0 OMP_NUM_THREADS=1" in page
    assert site.model.data["test"]["X"]["sha256"] in page  # data fingerprint


def test_example_docker_and_cite_pages(trained_example):
    pages, _, _ = _pages(trained_example)
    docker = pages["docker.md"]
    # no Dockerfile and no workflow that pushes an image: nothing to pull, and how to make one
    assert "docker pull ghcr.io" not in docker and "docker run --rm ghcr.io" not in docker
    assert "Gap: no published image" in docker
    assert "run `modelsite init`" in docker
    assert "as <code>ghcr.io/modelsite-examples/wine-classifier</code>" in docker
    assert "FROM python:3.11-slim@sha256:" in docker
    cite = pages["cite.md"]
    assert "@software{example2026wine," in cite
    assert "Example, A. (2026). Wine cultivar classifier (Version 1.0.0)" in cite


def test_example_checklist_links_to_proof(trained_example):
    pages, _, _ = _pages(trained_example)
    index = pages["index.md"]
    for label, target in [
        ("Dependencies pinned", "reproduce.md#environment"),
        ("Seeds fixed", "reproduce.md#seeds"),
        ("Citation", "cite.md"),
        ("Container available", "docker.md"),
    ]:
        assert f"[{label}]({target})" in index
    assert "| ✅ | [Seeds fixed]" in index
    assert "| ❌ | [Container available]" in index  # the example has no Dockerfile


def test_other_project_pages(other):
    pages, _, site = _pages(other)
    page = pages["reproduce.md"]
    fit = other / "risk" / "fit.py"
    commit = git(other, "rev-parse", "HEAD")
    base = f"https://github.com/Grace-Lab/Diabetes-Risk/blob/{commit}/risk/fit.py"
    for needle, call in [
        ("np.random.normal", "np.random.normal"),
        ("train_test_split(X, y)", "train&#95;test&#95;split"),
        ("KFold(", "KFold"),
        ("GradientBoostingRegressor(", "GradientBoostingRegressor"),
        ("default_rng()", "np.random.default&#95;rng()"),
        ("random.shuffle", "random.shuffle"),
    ]:
        line = line_of(fit, needle)
        assert f"[risk/fit.py:{line}]({base}#L{line}) | <code>{call}</code>" in page, needle
    assert "| <code>random&#95;state</code> | <code>None</code> **(not fixed)** |" in page
    numpy = site.model.environment["packages"]["numpy"]
    assert page.count(f"\nnumpy=={numpy}  # risk.skops (recorded at export)\n") == 2
    assert "git clone https://github.com/Grace-Lab/Diabetes-Risk.git Diabetes-Risk" in page
    assert f"git checkout {commit}" in page
    assert "python -m risk.fit" in page  # recorded at export
    docker = pages["docker.md"]
    assert "docker pull" not in docker.split("## Publishing")[0]  # nothing publishes one
    assert "as <code>ghcr.io/grace-lab/diabetes-risk</code>" in docker  # lower-cased
    assert (
        "| ⚠️ | [Seeds fixed](reproduce.md#seeds) | 7 unseeded sources" in pages["index.md"]
    )  # 6 calls + the model


def test_no_requirements_anywhere(tmp_path):
    root = tmp_path / "bare"
    (root / "bare").mkdir(parents=True)
    (root / "bare" / "__init__.py").write_text('"""Bare."""\n')
    pages, messages, _ = _pages(root)
    assert any("no requirements found" in m for m in messages)
    assert "no requirements found" in pages["reproduce.md"]
    assert "Gap: repository" in pages["reproduce.md"]
    assert "| ❌ | [Dependencies pinned]" in pages["index.md"]


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://gitlab.com/lab/risk.git", "git remote on gitlab.com, not GitHub"),
        ("file:///srv/git/risk", "is not on a known forge"),
        (None, "no GitHub remote"),
    ],
)
def test_remote_not_github_or_none(tmp_path, remote, expected):
    root = make_other_project(tmp_path / "p", remote=remote, train=False)
    pages, messages, _ = _pages(root)
    assert any(expected in m and "modelsite.yml" in m for m in messages), messages
    assert "Gap: no published image" in pages["docker.md"]
    assert "docker pull ghcr.io" not in pages["docker.md"]


def test_invalid_citation_names_the_field(tmp_path, trained_example):
    root = tmp_path / "wine"
    shutil.copytree(trained_example, root)
    cff = (root / "CITATION.cff").read_text()
    cff = cff.replace(
        'orcid: "https://orcid.org/0000-0002-1825-0097"', 'orcid: "0000-0002-1825-0097"'
    )
    (root / "CITATION.cff").write_text(
        cff.replace("date-released: 2026-11-01", "date-released: November 2026")
    )
    pages, messages, _ = _pages(root)
    assert any(
        m.endswith(
            "CITATION.cff: `authors[0].orcid` must be an ORCID URL like "
            "https://orcid.org/0000-0002-1825-0097"
        )
        for m in messages
    ), messages
    assert any("CITATION.cff: `date-released` must be a date YYYY-MM-DD" in m for m in messages)
    assert "CITATION.cff has invalid fields" in pages["cite.md"]
    assert "&#96;authors&#91;0&#93;.orcid&#96;" in pages["cite.md"]
    assert "| ⚠️ | [Citation](cite.md) |" in pages["index.md"]


def test_existing_dockerfile_is_shown_as_is(tmp_path, trained_example):
    root = tmp_path / "wine"
    shutil.copytree(trained_example, root)
    (root / "Dockerfile").write_text("FROM python:3.12\n# our own <image>\n")
    pages, _, _ = _pages(root)
    docker = pages["docker.md"]
    assert "```dockerfile\nFROM python:3.12\n# our own <image>\n```" in docker
    assert "as it is (modelsite does not change it)" in docker
    assert "It states no default command (the base image's applies); it does not install" in docker
    assert (
        "    docker build -t wine-classifier .\n    docker run --rm -it wine-classifier" in docker
    )
    assert "Gap: Dockerfile" not in docker


def _rewrite_metadata(model, change) -> None:
    """Rewrite the `modelsite.json` member of a `.skops` zip with `change(meta)` applied."""
    import json
    import zipfile

    with zipfile.ZipFile(model) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    meta = json.loads(members["modelsite.json"])
    change(meta)
    members["modelsite.json"] = json.dumps(meta).encode()
    with zipfile.ZipFile(model, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_hostile_model_metadata_cannot_add_shell_lines(tmp_path, trained_example):
    root = tmp_path / "wine"
    shutil.copytree(trained_example, root)
    (root / "modelsite.yml").write_text(
        (root / "modelsite.yml").read_text().replace("train_command:", "# train_command:")
    )

    def hostile(meta):
        meta["environment"]["packages"]["evil\nEOF\ntouch PWNED\ncat <<'EOF'"] = "1.0"
        meta["environment"]["packages"]["numpy"] = "1.0; touch PWNED"
        meta["environment"]["python"] = "3.11 && touch PWNED"
        meta["provenance"]["command"] = "python -m wine_classifier.train\ntouch PWNED"
        meta["provenance"]["commit"] = "HEAD; touch PWNED"

    _rewrite_metadata(root / "model.skops", hostile)
    _, messages, site = _pages(root)
    script = site.repro.script
    assert "PWNED" not in script
    assert "PWNED" not in site.repro.dockerfile
    assert "numpy==" not in script  # its recorded version is malformed: left out, not pinned
    assert any("malformed, left out" in m for m in messages)
    assert any("training command is not one line" in m for m in messages)
    assert "git checkout" not in script
    # the recorded command is refused; the one the package states (its `__main__`) is used
    assert site.repro.train_command == "python -m wine_classifier.train"
    assert site.repro.train_command_source.startswith("src/wine_classifier/train.py ")


def test_doi_badge_is_local_and_links_to_the_resolver(tmp_path, trained_example):
    root = tmp_path / "wine"
    shutil.copytree(trained_example, root)
    with (root / "CITATION.cff").open("a") as fh:
        fh.write('doi: "10.5281/zenodo.1234567"\n')
    pages, messages, site = _pages(root)
    cite = pages["cite.md"]
    assert "[![DOI](badges/doi.svg)](https://doi.org/10.5281/zenodo.1234567)" in cite
    assert "doi     = {10.5281/zenodo.1234567}" in site.project.citation.bibtex
    assert "zenodo.org/badge" not in cite  # no outside request for the badge
    assert not any("CITATION.cff" in m for m in messages)


@pytest.mark.slow
def test_bad_input_project_still_builds_a_site(tmp_path):
    from modelsite.build import build_site

    root = make_other_project(tmp_path / "p", remote="https://gitlab.com/lab/risk.git")
    (root / "Dockerfile").write_text('FROM python:3.11\nCMD ["python", "-m", "risk.fit"]\n')
    (root / "CITATION.cff").write_text(
        "cff-version: 1.2.0\nmessage: hi\ntitle: Risk\n"
        "authors:\n  - family-names: Doe\n    orcid: 123\n"
    )
    result = build_site(root, tmp_path / "site", strict=False)
    assert any("`authors[0].orcid` must be an ORCID URL" in w for w in result.warnings)
    assert any("not GitHub" in w for w in result.warnings)
    html = (tmp_path / "site" / "docker" / "index.html").read_text()
    assert (
        "Gap: no published image" in html and "risk.fit" in html
    )  # the project's Dockerfile, shown
    cite = (tmp_path / "site" / "cite" / "index.html").read_text()
    assert "CITATION.cff has invalid fields" in cite
    reproduce = (tmp_path / "site" / "reproduce" / "index.html").read_text()
    assert "risk/fit.py:" in reproduce
