"""Facts checked by hand on real public training repositories, asserted on synthetic copies of
the same shape (`tests/corpus/projects/make_audit_projects.py`; the audit log is in
`benchmarks/analysis.md`, "Real repositories audited by hand")."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import sklearn

from facts_support import pages_of
from modelsite.cli import main
from modelsite.repro.environment import stated_python

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "projects"))
from make_audit_projects import build_imblearn_pipeline_project


@pytest.fixture(scope="module")
def diabetes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_imblearn_pipeline_project(tmp_path_factory.mktemp("audit"))


def test_imblearn_pipeline_is_read_through_its_steps(
    diabetes: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """alecorlo1314/ClasificadorDiabetesML: `inspect` said "scikit-learn None", showed the
    Pipeline with no children and "seeds (none)", though the steps record scikit-learn 1.8.0
    and two `random_state=42`."""
    assert main(["inspect", str(diabetes / "Modelo" / "pipeline.skops"), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["versions"]["sklearn"] == sklearn.__version__  # the version that saved the steps
    assert info["estimator"] == "imblearn.pipeline.Pipeline"
    assert info["task"] == "classification"
    assert [c["name"] for c in info["tree"]["children"]] == ["preprocessing", "smote", "modelo"]
    assert info["tree"]["children"][1]["cls"] == "imblearn.over_sampling._smote.base.SMOTE"
    assert info["seeds"] == {"modelo__random_state": 42}
    assert info["other_seeds"] == {"smote__random_state": 42}
    assert info["params"]["modelo__max_iter"] == 500


def test_imblearn_pipeline_pages_pin_the_recorded_version(diabetes: Path) -> None:
    pages, site, _ = pages_of(diabetes)
    page = pages["reproduce.md"]
    assert f"scikit-learn=={sklearn.__version__}" in page
    assert "holds no seed" not in page
    assert "<code>modelo&#95;&#95;random&#95;state</code>" in page
    assert "python entrenamiento.py" in page and "Makefile, target train" in page
    assert any("read as a Pipeline from its saved `steps`" in m for m in site.model.problems)


def test_two_versions_in_one_model_are_no_version(diabetes: Path, tmp_path: Path) -> None:
    """Steps that record different scikit-learn versions: none is taken, and it is said."""
    import shutil
    import zipfile

    model = tmp_path / "mixed.skops"
    shutil.copy(diabetes / "Modelo" / "pipeline.skops", model)
    with zipfile.ZipFile(model) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    schema = json.loads(members["schema.json"])
    markers = [n["_sklearn_version"] for n in _dicts(schema) if "_sklearn_version" in n]
    assert len(markers) >= 2  # ColumnTransformer, StandardScaler, LogisticRegression
    markers[0]["content"], markers[0]["__id__"] = json.dumps("1.2.2"), 1  # a node of its own
    members["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(model, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    from modelsite.collect.model import read_model

    report = read_model(model).to_json()
    assert report["versions"]["sklearn"] is None
    assert any("record different scikit-learn versions" in p for p in report["problems"])


def _dicts(node: object) -> list[dict]:
    if isinstance(node, dict):
        return [node, *(d for v in node.values() for d in _dicts(v))]
    if isinstance(node, list):
        return [d for v in node for d in _dicts(v)]
    return []


@pytest.mark.parametrize(
    ("recorded", "python"),
    [  # wheels on the package index (cp, manylinux x86_64), checked by hand on 2026-12-03
        ("1.3.0", "3.11"),
        ("1.3.1", "3.12"),
        ("1.5.2", "3.13"),
        ("1.7.2", "3.14"),
        ("1.8.0", "3.14"),
        ("1.9.1", "3.14"),
    ],
)
def test_python_from_the_recorded_scikit_learn(tmp_path: Path, recorded: str, python: str) -> None:
    version, where = stated_python(tmp_path, "", recorded)
    assert version == python
    assert f"which scikit-learn {recorded} supports" in where


def test_checklists_name_the_web_address_not_the_remote(tmp_path: Path) -> None:
    """Gokulsp858/Spam-Detection-on-URL-Using-Machine-Learning-: without a CITATION.cff the
    reviewers' checklists showed the raw `origin` remote (`...-.git`); a remote can also be an
    SSH form or carry a token."""
    import subprocess

    from facts_support import plain_project

    root = plain_project(tmp_path / "p")
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
        ["remote", "add", "origin", "https://user:s3cret@github.com/Lab/Url-Model-.git"],
    ):
        subprocess.run(["git", "-C", str(root), *args], check=True)
    pages, _, _ = pages_of(root)
    page = pages["reproduce.md"]
    assert "code at https://github.com/Lab/Url-Model-;" in page or (
        "code at https://github.com/Lab/Url-Model- " in page
    )
    assert "repository https://github.com/Lab/Url-Model-;" in page
    assert "s3cret" not in page and "user:" not in page
    assert "git clone https://github.com/Lab/Url-Model-.git Url-Model-\n" in page


@pytest.mark.parametrize(
    ("remote", "shown"),
    [
        ("https://ghp_abc@gitea.lab.org/x/y.git", "https://gitea.lab.org/x/y.git"),
        ("HTTPS://u:p@host/x", "HTTPS://host/x"),
        ("git@host:x/y.git", "git@host:x/y.git"),
        ("/srv/git/y.git", "/srv/git/y.git"),
    ],
)
def test_public_remote_drops_http_credentials(remote: str, shown: str) -> None:
    from modelsite.repro.gather import public_remote

    assert public_remote(remote) == shown
