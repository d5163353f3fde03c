"""Pinned requirements: from the model's recorded versions, else the project's files."""

from __future__ import annotations

from pathlib import Path

from modelsite.repro.environment import pinned_environment
from modelsite.sitemodel import EstimatorNode, ModelInfo, ProjectInfo, Requirement


def _project(root: Path, reqs=(), file="requirements.txt", python_requires="") -> ProjectInfo:
    return ProjectInfo(
        root=root,
        name="my-proj",
        title="My project",
        requirements_file=file if reqs else "",
        requirements=tuple(Requirement(name=n, spec=s) for n, s in reqs),
        python_requires=python_requires,
    )


def _model(packages=None, python="3.11.7") -> ModelInfo:
    env = {"python": python, "platform": "Linux", "packages": packages or {}}
    return ModelInfo(
        path="model.skops",
        name="model",
        estimator="sklearn.Foo",
        tree=EstimatorNode(name="", path="", cls="sklearn.Foo"),
        params={},
        seeds={},
        versions={},
        untrusted_types=(),
        environment=env,
    )


def test_recorded_versions_win_and_disagreements_are_warned(tmp_path):
    project = _project(
        tmp_path,
        [
            ("scikit-learn", "scikit-learn>=2.0"),
            ("numpy", "numpy>=1.24"),
            ("extra-lib", "extra-lib>=1"),
        ],
        python_requires=">=3.12",
    )
    model = _model(
        {
            "scikit-learn": "1.5.2",
            "numpy": "2.0.1",
            "modelsite": "0.1.0",
            "My_Proj": "1.0",
            "Scipy": "1.14.0",
        }
    )
    env = pinned_environment(project, model)
    assert [p.spec for p in env.pins] == [
        "numpy==2.0.1",
        "scikit-learn==1.5.2",
        "scipy==1.14.0",
        "extra-lib>=1",
    ]
    assert [p.name for p in env.unpinned] == ["extra-lib"]
    assert env.python == "3.11.7" and env.python_minor == "3.11"
    text = "\n".join(env.warnings)
    assert "asks for `scikit-learn>=2.0`, but the model was trained with scikit-learn 1.5.2" in text
    assert "`extra-lib>=1` (requirements.txt) has no version recorded" in text
    assert "requires Python `>=3.12`, but the model was trained with Python 3.11.7" in text
    assert "numpy" not in text  # 2.0.1 satisfies numpy>=1.24


def test_requirements_file_without_model(tmp_path):
    env = pinned_environment(
        _project(tmp_path, [("pandas", "pandas==2.2.3"), ("numpy", "numpy")]), None
    )
    assert [(p.spec, p.pinned) for p in env.pins] == [("pandas==2.2.3", True), ("numpy", False)]
    assert env.source == "requirements.txt"
    assert "does not pin 1 requirement (numpy)" in env.warnings[0]


def test_no_requirements_anywhere_is_a_stated_gap(tmp_path):
    env = pinned_environment(_project(tmp_path), _model({}))
    assert env.pins == ()
    assert env.warnings and env.warnings[0].startswith("no requirements found")


def test_lock_file_when_the_model_records_nothing(tmp_path):
    (tmp_path / "uv.lock").write_text(
        "version = 1\n"
        '[[package]]\nname = "my-proj"\nversion = "0.1.0"\nsource = { editable = "." }\n'
        '[[package]]\nname = "Scikit_Learn"\nversion = "1.5.2"\n'
        '[[package]]\nname = "numpy"\nversion = "2.0.1"\n'
        '[[package]]\nname = "bad\\nname"\nversion = "1"\n'
    )
    project = _project(tmp_path, [("scikit-learn", "scikit-learn>=1.6")])
    env = pinned_environment(project, None)
    assert [p.spec for p in env.pins] == ["numpy==2.0.1", "scikit-learn==1.5.2"]
    assert env.source == "uv.lock (lock file)"
    assert env.warnings == (
        "requirements.txt asks for `scikit-learn>=1.6`, but uv.lock locks scikit-learn 1.5.2",
    )


def _plain_dump(path: Path, edit=None) -> Path:
    """A model saved with plain `skops.io.dump` (no modelsite metadata); `edit` rewrites the
    schema (to make a file that claims older versions)."""
    import json
    import zipfile

    import skops.io
    from sklearn.tree import DecisionTreeClassifier

    model = DecisionTreeClassifier(random_state=0).fit([[0], [1]], [0, 1])
    skops.io.dump(model, path)
    if edit is not None:
        with zipfile.ZipFile(path) as zf:
            members = {n: zf.read(n) for n in zf.namelist()}
        schema = json.loads(members["schema.json"])
        edit(schema)
        members["schema.json"] = json.dumps(schema).encode()
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in members.items():
                zf.writestr(name, data)
    return path


def test_plain_skops_dump_pins_the_installed_versions_it_records(tmp_path):
    from importlib.metadata import version

    from modelsite.collect.model import read_model

    model = read_model(_plain_dump(tmp_path / "model.skops"))
    env = pinned_environment(_project(tmp_path, [("pandas", "pandas")]), model)
    pins = {p.name: (p.spec, p.source) for p in env.pins}
    path = str(tmp_path / "model.skops")
    assert pins["scikit-learn"] == (f"scikit-learn=={version('scikit-learn')}", path)
    assert pins["skops"] == (f"skops=={version('skops')}", path)
    assert env.source == f"{path} (versions the file records)"
    assert "no model file records versions" not in "\n".join(env.warnings)


def test_schema_recording_older_versions_pins_those(tmp_path):
    import json

    from modelsite.collect.model import read_model

    def older(schema):
        schema["_skops_version"] = "0.9.0"
        schema["content"]["content"]["_sklearn_version"]["content"] = json.dumps("1.4.0")

    path = _plain_dump(tmp_path / "model.skops", older)
    env = pinned_environment(_project(tmp_path), read_model(path))
    assert "scikit-learn==1.4.0" in [p.spec for p in env.pins]
    assert "skops==0.9.0" in [p.spec for p in env.pins]
