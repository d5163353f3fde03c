"""`modelsite inspect` on the hostile corpus (tests/corpus/models) and on real models.

Every bad file exits 2 with one stderr line naming the file and the problem; every other file
gives a correct report whose untrusted types equal skops'. Where skops also refuses a file the
tests check it does (parity), so the reader is never laxer than skops.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import skops.io as sio

from modelsite.cli import main
from modelsite.collect.model import read_model

CORPUS_SCRIPT = Path(__file__).parent / "corpus" / "models" / "make_models.py"
_spec = importlib.util.spec_from_file_location("make_models", CORPUS_SCRIPT)
assert _spec and _spec.loader
make_models = importlib.util.module_from_spec(_spec)
sys.modules["make_models"] = make_models
_spec.loader.exec_module(make_models)


@pytest.fixture(scope="module", autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    old = os.environ.get("MODELSITE_CACHE_DIR")
    path = tmp_path_factory.mktemp("cache")
    os.environ["MODELSITE_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        del os.environ["MODELSITE_CACHE_DIR"]
    else:
        os.environ["MODELSITE_CACHE_DIR"] = old


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return make_models.build_corpus(tmp_path_factory.mktemp("corpus"))  # type: ignore[no-any-return]


CASES = [
    "not_a_zip",
    "empty_file",
    "truncated",
    "corrupt_schema_bytes",
    "no_schema",
    "schema_not_json",
    "schema_not_utf8",
    "schema_is_a_list",
    "bomb_schema",
    "bomb_lying_directory",
    "bomb_unreferenced_npy",
    "deep_json",
    "deep_nodes",
    "protocol_99",
    "protocol_string",
    "protocol_missing",
    "unknown_loader",
    "missing_array_member",
    "cached_unknown_id",
    "node_without_class",
    "custom_class_import",
    "generator_name_smuggling",
    "duplicate_id",
    "injection_syntax",
    "metadata_not_json",
    "older_skops_protocol_0",
    "older_skops_protocol_1",
    "older_sklearn_missing_param",
]


def test_corpus_lists_every_case(corpus: dict[str, Any]) -> None:
    assert sorted(corpus) == sorted(CASES)


@pytest.mark.parametrize("name", CASES)
def test_corpus_case(name: str, corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    case = corpus[name]
    code = main(["inspect", "--json", str(case.path)])
    out, err = capsys.readouterr()
    if case.expect == "error":
        assert code == 2
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert str(case.path) in lines[0] and case.error in lines[0]
    else:
        assert code == 0, err
        report = json.loads(out)
        if case.skops_refuses is False:
            assert report["untrusted_types"] == sio.get_untrusted_types(file=case.path)
    if case.skops_refuses:
        with pytest.raises(Exception):  # noqa: B017 - skops raises many types; any refusal counts
            sio.get_untrusted_types(file=case.path)


LAUNCHER = """
import json, os, sys
cmd = json.loads(sys.argv[1])
r, w = os.pipe()
null = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, w, 2), (os.POSIX_SPAWN_DUP2, null, 1)]
pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=actions)
os.close(w)
err = b""
while chunk := os.read(r, 65536):
    err += chunk
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "kb": usage.ru_maxrss,
                  "err": err.decode()}))
"""


def _peak_rss_mb(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, float]:
    """Run `python -m modelsite ARGS`; return (exit code, stderr, peak RSS in MB).

    A minimal launcher (`python -I -S`) starts the command and reads its `ru_maxrss` with
    `os.wait4`: on Linux a child's peak starts at the size of the process that spawned it, so
    spawning straight from pytest (scikit-learn imported) would report pytest's size.
    """
    cmd = [sys.executable, "-m", "modelsite", *args]
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", LAUNCHER, json.dumps(cmd)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    result = json.loads(proc.stdout)
    return result["code"], result["err"], result["kb"] / 1024


def test_bomb_is_refused_with_bounded_memory(corpus: dict[str, Any]) -> None:
    code, err, peak = _peak_rss_mb(["inspect", str(corpus["bomb_schema"].path)])
    assert code == 2 and "over the 64 MiB cap" in err
    assert peak < 200, f"peak RSS {peak:.0f} MB"


def test_unreferenced_npy_bomb_is_never_read(corpus: dict[str, Any]) -> None:
    code, err, peak = _peak_rss_mb(["inspect", "--json", str(corpus["bomb_unreferenced_npy"].path)])
    assert code == 0, err
    assert peak < 200, f"peak RSS {peak:.0f} MB"


def test_member_cap_comes_from_the_command_line(
    corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus["duplicate_id"].path
    assert main(["inspect", "--max-member-mib", "0", str(path)]) == 2
    assert "over the 0 MiB cap" in capsys.readouterr().err


def test_custom_class_module_is_never_imported(corpus: dict[str, Any]) -> None:
    case = corpus["custom_class_import"]
    evil_dir = case.path.parent / "evil_path"
    marker = evil_dir / "IMPORTED"
    # the module is importable (the probe proves the marker mechanism works) ...
    probe = subprocess.run(
        [sys.executable, "-c", f"import {make_models.EVIL_MODULE}"],
        cwd=evil_dir,
        capture_output=True,
    )
    assert probe.returncode == 0 and marker.exists()
    marker.unlink()
    # ... yet inspecting a model naming it, with it on the path, imports nothing
    proc = subprocess.run(
        [sys.executable, "-m", "modelsite", "inspect", "--json", str(case.path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(evil_dir)},
    )
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    report = json.loads(proc.stdout)
    assert "modelsite_corpus_evil.Evil" in report["untrusted_types"]
    assert "os.system" in report["untrusted_types"]
    assert report["params"]["memory"] == "os.system"
    assert "not imported" in proc.stderr


def test_custom_class_not_imported_in_process(
    corpus: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = corpus["custom_class_import"]
    monkeypatch.syspath_prepend(str(case.path.parent / "evil_path"))
    info = read_model(case.path)
    assert make_models.EVIL_MODULE not in sys.modules
    assert not (case.path.parent / "evil_path" / "IMPORTED").exists()
    evil = {c.name: c for c in info.tree.children}["scale"]
    assert evil.cls == "modelsite_corpus_evil.Evil"
    assert set(evil.params) == {"copy", "with_mean", "with_std"}  # its state, read as data


def test_injection_strings_are_carried_verbatim(corpus: dict[str, Any]) -> None:
    hostile = make_models.HOSTILE
    info = read_model(corpus["injection_syntax"].path)
    assert set(info.metrics) == {
        hostile["html"],
        hostile["jinja"],
        hostile["markdown"],
        hostile["yaml"],
    }
    assert info.params["clf__solver"] == hostile["markdown"]
    assert info.params["clf__class_weight"] == {hostile["jinja"]: hostile["yaml"]}
    assert info.params["clf"].endswith(hostile["html"].replace(".", ""))
    assert info.data["dataset"] == hostile["jinja"]
    assert info.provenance["command"] == hostile["yaml"]


def test_older_savers_report_their_versions(corpus: dict[str, Any]) -> None:
    zero = read_model(corpus["older_skops_protocol_0"].path)
    assert zero.versions["protocol"] == 0
    assert zero.versions["skops"] == "0.6.0"
    assert zero.versions["sklearn"] == "1.2.2"
    assert zero.params["abs__func"] == "numpy.absolute"
    one = read_model(corpus["older_skops_protocol_1"].path)
    assert (one.versions["protocol"], one.versions["skops"]) == (1, "0.9.0")
    assert one.params == zero.params
    missing = read_model(corpus["older_sklearn_missing_param"].path)
    assert "clf__l1_ratio" not in missing.params and "clf__C" in missing.params
    assert any("'l1_ratio'" in p for p in missing.problems)


def test_broken_metadata_is_a_warning(
    corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus["metadata_not_json"].path
    assert main(["inspect", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "sklearn.pipeline.Pipeline" in out
    assert err.startswith(f"warning: {path}: modelsite.json is not valid JSON")


@pytest.mark.parametrize("target", ["missing.skops", "."])
def test_missing_file_and_directory(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / target
    assert main(["inspect", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and str(path) in err


def test_readable_summary(corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus["generator_name_smuggling"].path
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "estimator  sklearn.pipeline.Pipeline  (classification)" in out
    assert "    clf: sklearn.linear_model._logistic.LogisticRegression" in out
    assert "  clf__random_state = 0" in out
    assert "untrusted types" in out and "  numpy.random.seed" in out


def test_json_has_design_keys(corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--json", str(corpus["injection_syntax"].path)]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in (
        "estimator",
        "params",
        "seeds",
        "versions",
        "untrusted_types",
        "metrics",
        "environment",
        "data",
        "sha256",
        "size_bytes",
    ):
        assert key in report
    assert set(report["versions"]) >= {"sklearn", "skops", "protocol"}


def test_cold_inspect_imports_no_heavy_package(tmp_path: Path, cache_dir: Path) -> None:
    """After the first run (which may look classes up), `inspect` imports no heavy package,
    even for a model whose parameters hold a CV splitter outside `all_estimators`."""
    import warnings

    from sklearn.datasets import load_wine
    from sklearn.model_selection import GridSearchCV, KFold
    from sklearn.tree import DecisionTreeClassifier

    X, y = load_wine(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        est = GridSearchCV(
            DecisionTreeClassifier(random_state=0),
            {"max_depth": [1, 2]},
            cv=KFold(3, shuffle=True, random_state=0),
        ).fit(X, y)
    path = tmp_path / "grid.skops"
    sio.dump(est, path)
    code = (
        "import sys\nfrom modelsite.cli import main\nrc = main(sys.argv[1:])\n"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "MODELSITE_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, "inspect", "--json", str(path)],
            capture_output=True,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0]
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
    loaded = set(runs[1].stderr.split())
    assert "modelsite" in loaded
    assert not loaded & {
        "sklearn",
        "skops",
        "numpy",
        "scipy",
        "mkdocs",
        "jinja2",
        "griffe",
        "pandas",
        "libcst",
        "yaml",
        "typing",
        "dataclasses",
        "zipfile",
        "logging",  # inspect logs nothing
        "_hashlib",  # OpenSSL (3.5 MiB of a cold process) only hashes big files
    }


@pytest.mark.parametrize(
    "name", ["injection_syntax", "older_skops_protocol_0", "custom_class_import"]
)
def test_json_equals_read_model(
    name: str, corpus: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """`inspect --json` (plain-data path, no site model import) == `read_model(...).to_json()`."""
    path = corpus[name].path
    assert main(["inspect", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == read_model(path).to_json()
