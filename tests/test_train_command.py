"""The training command a project states (Makefile, dvc.yaml, [project.scripts], train.py, a
module's `__main__`) is found and shown with its source; `train_command` overrides it."""

from __future__ import annotations

from pathlib import Path

from facts_support import PLAIN_TRAIN, pages_of, plain_project, write
from modelsite import scaffold
from modelsite.collect.training import find_train_command, make_targets
from modelsite.config import load_config


def test_makefile_train_target_is_the_command(tmp_path: Path) -> None:
    root = plain_project(
        tmp_path / "p",
        {"Makefile": "all: lint\n\nlint:\n\truff check .\n\ntrain:\n\tpython train.py\n"},
    )
    pages, site, _ = pages_of(root)
    assert site.repro.train_command == "python train.py"
    assert site.repro.train_command_source == "Makefile, target train"
    page = pages["reproduce.md"]
    assert "comes from <code>Makefile, target train</code>" in page
    assert (
        "# 6. Retrain with the training command from Makefile, target train\npython train.py"
        in (page)
    )
    assert "Gap: training command" not in page
    # init keeps the source: the command is offered, commented, with where it was found
    scaffold.init_project(root)
    text = (root / "modelsite.yml").read_text()
    assert '# train_command: "python train.py"  # found in Makefile, target train;' in text
    assert load_config(root).train_command == ""


def test_makefile_recipe_of_several_lines_runs_make(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"Makefile": "model: data.csv\n\t@python prepare.py\n\tpython train.py --out $(OUT)\n"},
    )
    found = find_train_command(tmp_path)
    assert found is not None
    assert found.command == "make model"
    assert found.source == "Makefile, target model"
    assert found.detail == "python prepare.py && python train.py --out $(OUT)"


def test_makefile_all_that_only_lints_is_not_training(tmp_path: Path) -> None:
    write(tmp_path, {"Makefile": ".PHONY: all\nall:\n\truff check .\n\tpytest\n"})
    assert find_train_command(tmp_path) is None
    write(tmp_path, {"Makefile": "all: model.skops\n\nmodel.skops:\n\tpython fit.py\n"})
    found = find_train_command(tmp_path)
    assert found is not None and (found.command, found.source) == (
        "make all",
        "Makefile, target all",
    )


def test_makefile_all_through_stamp_targets(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Makefile": ".PHONY: all\nall: .make/prep .make/train\n\n.make/prep:\n\ttouch $@\n"
            "\n.make/train: .make/prep\n\tpython -m src.train\n\ttouch .make/train\n"
        },
    )
    found = find_train_command(tmp_path)
    assert found is not None and (found.command, found.source) == (
        "make all",
        "Makefile, target all",
    )


def test_make_targets_reads_rules_not_variables(tmp_path: Path) -> None:
    rules = make_targets("PY := python3\nX = a:b\ntrain: deps ; $(PY) t.py\n\techo done\n")
    assert rules == {"train": (["deps"], ["$(PY) t.py", "echo done"])}


def test_dvc_stage_that_writes_the_model(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "dvc.yaml": """\
            stages:
              prepare:
                cmd: python prepare.py
                outs: [data/clean.csv]
              fit:
                cmd: python -m lab.fit --out models/m.skops
                deps: [data/clean.csv]
                outs:
                  - models/m.skops:
                      cache: false
            """
        },
    )
    found = find_train_command(tmp_path, model_path="models/m.skops")
    assert found is not None
    assert (found.command, found.source) == (
        "python -m lab.fit --out models/m.skops",
        "dvc.yaml, stage fit",
    )


def test_project_scripts_entry(tmp_path: Path) -> None:
    found = find_train_command(
        tmp_path, pyproject={"project": {"scripts": {"serve": "a:b", "lab-train": "lab.cli:train"}}}
    )
    assert found is not None
    assert found.command == "lab-train"
    assert found.source == "pyproject.toml, [project.scripts] lab-train"
    assert found.detail == "lab-train = lab.cli:train"


def test_top_level_train_py_that_dumps(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": PLAIN_TRAIN})
    found = find_train_command(tmp_path)
    assert found is not None and found.command == "python train.py"
    write(tmp_path, {"train.py": "print('no model here')\n"})
    assert find_train_command(tmp_path) is None


def test_module_main_that_fits_and_dumps(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/lab/__init__.py": "",
            "src/lab/util.py": "def f():\n    return 1\n",
            "src/lab/run_fit.py": PLAIN_TRAIN.replace(
                "import skops.io as sio", "from skops.io import dump as sio_dump"
            ).replace("sio.dump(", "sio_dump("),
            "src/lab/plain.py": "if __name__ == '__main__':\n    print('hi')\n",
        },
    )
    found = find_train_command(tmp_path, packages=("lab",), search_paths=("src",))
    assert found is not None
    assert found.command == "python -m lab.run_fit"
    assert found.source == "src/lab/run_fit.py (its `__main__` fits a model and saves it)"


def test_configured_command_overrides_what_the_project_states(tmp_path: Path) -> None:
    root = plain_project(
        tmp_path / "p",
        {"Makefile": "train:\n\tpython train.py\n", "modelsite.yml": "train_command: make train\n"},
    )
    pages, site, _ = pages_of(root)
    assert (site.repro.train_command, site.repro.train_command_source) == (
        "make train",
        "modelsite.yml",
    )
    assert "comes from <code>modelsite.yml</code>" in pages["reproduce.md"]


def test_no_command_anywhere_is_a_gap(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p")
    text = (root / "train.py").read_text().replace('if __name__ == "__main__":\n    main()', "")
    (root / "train.py").unlink()
    (root / "job.py").write_text(text)  # no `__main__` block, not named like a training script
    pages, site, messages = pages_of(root)
    assert site.repro.train_command == ""
    assert "Gap: training command" in pages["reproduce.md"]
    assert any("no training command" in m for m in messages)
