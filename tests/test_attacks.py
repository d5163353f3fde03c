"""The hostile-input probe (issue 18), one test per attack of `tests/corpus/attacks/`.

Each attack runs the real command line in a fresh process and checks the promised outcome: the
exit code, exactly one error line (naming the problem, no traceback), the user's files intact
byte for byte, and nothing half-written.

The probe's failing attacks (its item in brackets), each with the test that reproduces it:
`test_attack[NAME]` here, and every command over the same case in
`test_no_command_shows_a_traceback_on_any_case`.

- (1) `build proj -o proj` deletes the project -> `build_into_the_project`
- (1) `-o .` from the parent deletes other folders -> `build_into_the_parent`
- (1) `-o` onto a folder of the user's files empties it -> `build_into_a_folder_of_user_files`
- (1) a package named `site` deleted by the default output -> `package_named_site`
- (1) `mkdocs: {site_dir: ...}` empties another folder -> `mkdocs_site_dir_in_modelsite_yml`
- (2) `<!--><img onerror>` and SVG `<animate>`/`<set>` on `href` ->
  `docstring_html_that_runs_script`
- (2) `<svg><image>`, `<use>`, `<feImage>`, `image-set()`, `\\75 rl()`, `/\\host` ->
  `docstring_html_that_fetches_other_hosts`
- (2) `<embed>` drops the rest of the page -> `embed_drops_the_rest_of_the_page`
- (3) markup in the repository URL reaches the header -> `repository_url_with_markup`
- (3) a file name injects an attribute into "Edit this page" -> `file_name_injects_into_edit_link`
- (4) BibTeX fields break out of `url`; backslashes in authors -> `bibtex_field_breakout`
- (5) a metric name of ANSI escapes erases the untrusted types ->
  `metric_name_erases_untrusted_types`
- (5) a metric name sets the terminal title -> `metric_name_sets_terminal_title`
- (6) directory symlinks that loop -> `directory_symlinks_that_loop`
- (6) a YAML alias bomb under `mkdocs: extra:` -> `yaml_alias_bomb`
- (6) 5,000 modules, every page carrying the whole navigation -> `tests/test_large_nav.py`
- (6) a FIFO (or `/dev/zero`, `tests/test_special_files.py`) hangs `inspect` ->
  `fifo_given_to_inspect`
- (7) a user template that raises wipes the previous site -> `user_template_that_raises`
- (7) `card -o model.skops`, `card -o DIR`, `build -o FILE` -> `card_onto_the_model`,
  `card_onto_a_folder`, `build_onto_a_file`
- (8) lone surrogates in the metadata (`inspect`, `card`, `verify`) -> `lone_surrogate_in_metadata`
  (and `tests/test_hostile_terminal.py`)
- (8) a broken or outside symlinked `.py` in `docstrings` -> `broken_symlinked_py_in_docstrings`
- (8) a bad `mkdocs.*` value: MkDocs' message, no file named -> `bad_mkdocs_value`
- (8) unknown keys accepted silently (a missing `templates:` folder:
  `tests/test_template_overrides.py`) -> `unknown_config_key_strict`
- (8) a `.github` symlink makes `init` write outside -> `init_through_a_github_symlink`
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

MAKER = Path(__file__).parent / "corpus" / "attacks" / "make_attacks.py"


def _load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_attacks", MAKER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_attacks"] = module
    spec.loader.exec_module(module)
    return module


maker = _load_maker()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("attacks")
    return root, maker.build_corpus(root)


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run(argv: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "modelsite", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a hang fails the test instead of the run
    )


ATTACKS = [
    "build_into_the_project",
    "build_into_the_parent",
    "build_into_a_folder_of_user_files",
    "package_named_site",
    "mkdocs_site_dir_in_modelsite_yml",
    "build_onto_a_file",
    "card_onto_the_model",
    "card_onto_a_folder",
    "yaml_alias_bomb",
    "bad_mkdocs_value",
    "unknown_config_key_strict",
    "init_through_a_github_symlink",
    "rebuild_over_an_earlier_site",
    "directory_symlinks_that_loop",
    "fifo_given_to_inspect",
    "broken_symlinked_py_in_docstrings",
    "user_template_that_raises",
    "docstring_html_that_runs_script",
    "repository_url_with_markup",
    "bibtex_field_breakout",
    "metric_name_erases_untrusted_types",
    "metric_name_sets_terminal_title",
    "lone_surrogate_in_metadata",
    "file_name_injects_into_edit_link",
    "docstring_html_that_fetches_other_hosts",
    "embed_drops_the_rest_of_the_page",
]


def test_every_attack_of_the_corpus_has_a_test(corpus: tuple[Path, dict[str, Any]]) -> None:
    assert sorted(corpus[1]) == sorted(ATTACKS)


@pytest.mark.parametrize("name", ATTACKS)
def test_attack(name: str, corpus: tuple[Path, dict[str, Any]]) -> None:
    root, attacks = corpus
    attack = attacks[name]
    case = root / name
    if name == "rebuild_over_an_earlier_site":
        assert run(attack.argv, case).returncode == 0
    if attack.before:
        assert run(attack.before, case).returncode == 0
    before = {folder: snapshot(case / folder) for folder in attack.intact}
    proc = run(attack.argv, case)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == attack.exit_code, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("modelsite: error")]
    if attack.error:
        assert len(errors) == 1, proc.stderr
        assert attack.error in errors[0], errors[0]
    else:
        assert errors == [], proc.stderr
    if attack.warning:
        assert attack.warning in proc.stderr
    for folder, files in before.items():
        after = snapshot(case / folder)
        if name == "rebuild_over_an_earlier_site" and folder == "":
            after = {k: v for k, v in after.items() if not k.startswith("out/")}
            files = {k: v for k, v in files.items() if not k.startswith("out/")}
        assert after == files, f"{folder or name}: user files changed"
    for shown in attack.shows:
        assert shown in proc.stdout, proc.stdout
    for code in attack.hides:
        assert code not in proc.stdout + proc.stderr, f"{code!r} reached the terminal"
    for where, name in attack.no_attribute:
        tag = re.compile(rf"<[a-zA-Z][^<>]*\s{name}\s*=", re.IGNORECASE)
        for page in sorted((case / where).rglob("*.html")):
            assert not tag.search(page.read_text(encoding="utf-8")), f"{page}: {name}= in a tag"
    for where, text in attack.present:
        assert text in (case / where).read_text(encoding="utf-8"), f"{where}: {text!r} is gone"
    for path in attack.created:
        assert (case / path).exists(), path
    for path in attack.absent:
        assert not (case / path).exists(), path
    for where, text in attack.never:
        pages = sorted((case / where).rglob("*.html")) if where.endswith("/") else [case / where]
        assert pages, where
        for page in pages:
            assert text not in page.read_text(encoding="utf-8"), f"{page}: {text!r} got through"
    leftovers = [p.name for p in case.rglob(".*.modelsite-*")]
    assert leftovers == [], "staging folders left behind"


# Every command over every case: whatever the case, the user sees lines, never a traceback, and
# the exit code is 0 (done), 1 (a check failed) or 2 (bad input). `serve` is left out (it runs
# until stopped). Each run gets its own copy of the case.
COMMANDS: dict[str, tuple[str, ...]] = {
    "build": ("build", "proj", "-o", "site-out"),
    "card": ("card", "proj"),
    "inspect": ("inspect", "proj"),
    "verify": ("verify", "proj"),
    "docstrings": ("docstrings", "proj"),
    "init": ("init", "proj"),
    "check": ("check", "proj"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("name", ATTACKS)
def test_no_command_shows_a_traceback_on_any_case(
    name: str, command: str, corpus: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    import shutil
    import stat

    def copy(src: str, dst: str) -> None:
        if stat.S_ISFIFO(os.lstat(src).st_mode):
            os.mkfifo(dst)
        else:
            shutil.copy2(src, dst)

    case = tmp_path / name
    shutil.copytree(corpus[0] / name, case, symlinks=True, copy_function=copy)
    argv = COMMANDS[command]
    if not (case / "proj").exists():  # a case without a project: the file it is about
        argv = (command, *corpus[1][name].argv[1:2])
    proc = run(argv, case)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.returncode in (0, 1, 2), proc.stderr
    if proc.returncode == 2:
        errors = [line for line in proc.stderr.splitlines() if line.startswith("modelsite: error")]
        assert len(errors) == 1, proc.stderr
