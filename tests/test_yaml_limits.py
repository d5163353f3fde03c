"""YAML that modelsite reads is bounded (issue 18, items 4 and 5).

The probe's attack: a nine-level alias bomb under `mkdocs: extra:` in `modelsite.yml` took 58 s
and 6.2 GB. Time and memory are bounded by refusing the document before it is expanded; the bound
is measured here in this process (peak allocation), never as a wall-clock assert.
"""

from __future__ import annotations

import logging
import tracemalloc
from pathlib import Path

import pytest

from modelsite.collect.project import read_citation
from modelsite.config import load_config
from modelsite.errors import InputError
from modelsite.repro.citation import load_cff
from modelsite.yamlfile import MAX_NODES, YamlTooLarge, safe_load


def alias_bomb(levels: int = 9, width: int = 9, under: str = "mkdocs:\n  extra:\n") -> str:
    """The classic "billion laughs": each level is `width` aliases of the one before."""
    lines = [under.rstrip("\n")] if under else []
    indent = "    " if under else ""
    lines.append(f'{indent}l0: &l0 ["lol"]')
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"{indent}l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_in_modelsite_yml_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "modelsite.yml").write_text(alias_bomb())
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as exc:
            load_config(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(exc.value) == (
        f"{tmp_path / 'modelsite.yml'}: refused: aliases expand it beyond {MAX_NODES:,} nodes"
    )
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.1f} MiB while refusing a 600-byte file"


def test_alias_bomb_cli_exit_2_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from modelsite.cli import main

    (tmp_path / "modelsite.yml").write_text(alias_bomb())
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "modelsite.yml: refused" in err[0]
    assert not (tmp_path / "out").exists()


def test_aliases_within_the_bound_load_as_yaml_does() -> None:
    text = "base: &b {primary: indigo}\nlight: *b\ndark: {<<: *b, scheme: slate}\n"
    assert safe_load(text) == {
        "base": {"primary": "indigo"},
        "light": {"primary": "indigo"},
        "dark": {"primary": "indigo", "scheme": "slate"},
    }
    # 3 levels of 9: 1 + 9 + 81 + 729 scalars and lists, well inside the bound
    assert len(safe_load(alias_bomb(3, 9, under=""))["l3"]) == 9


def test_bound_is_on_expanded_nodes_not_on_text() -> None:
    # five levels of ten expand to 111,111 lists: over the bound by a little
    with pytest.raises(YamlTooLarge):
        safe_load(alias_bomb(5, 10, under=""))
    assert safe_load(alias_bomb(4, 10, under=""))["l4"][9][9][9][9] == ["lol"]


def test_recursive_alias_and_deep_nesting_are_refused() -> None:
    with pytest.raises(YamlTooLarge, match="recursive alias"):
        safe_load("a: &a [1, *a]\n")
    with pytest.raises(YamlTooLarge, match="nested too deeply"):
        safe_load("[" * 5000 + "]" * 5000)


def test_empty_and_scalar_documents() -> None:
    assert safe_load("") is None
    assert safe_load("# only a comment\n") is None
    assert safe_load("42") == 42


def test_alias_bomb_in_citation_cff_is_a_warning_and_no_citation(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "CITATION.cff").write_text("title: x\n" + alias_bomb(under="authors:\n"))
    with caplog.at_level(logging.WARNING, logger="modelsite"):
        assert read_citation(tmp_path) is None
    assert load_cff(tmp_path / "CITATION.cff") is None
    assert any("CITATION.cff: refused: aliases expand it" in r.getMessage() for r in caplog.records)


def test_unknown_config_key_warns_and_fails_strict_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from modelsite.cli import main

    (tmp_path / "train.py").write_text('"""Train."""\n')
    (tmp_path / "modelsite.yml").write_text("site_nmae: Typo\n")
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "unknown key `site_nmae` ignored; did you mean `site_name`?" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("mkdocs", "expected"),
    [
        (
            "theme: {name: no-such-theme}",
            "`mkdocs.theme`: Unrecognised theme name: 'no-such-theme'",
        ),
        ("use_directory_urls: maybe", "`mkdocs.use_directory_urls`: Expected type: <class 'bool'>"),
        ("markdown_extensions: [no_such_extension_xyz]", "`mkdocs.markdown_extensions`: "),
    ],
)
def test_bad_mkdocs_value_names_modelsite_yml_and_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mkdocs: str, expected: str
) -> None:
    from modelsite.cli import main

    (tmp_path / "train.py").write_text('"""Train."""\n')
    (tmp_path / "modelsite.yml").write_text(f"mkdocs:\n  {mkdocs}\n")
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert len(errors) == 1
    assert f"{tmp_path / 'modelsite.yml'}: {expected}" in errors[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("modelsite.yml", 'card:\n  summary: "ok \\ud800 text"\n'),
        ("modelsite.yml", 'card:\n  "\\udfff": x\n'),
    ],
)
def test_a_lone_surrogate_escape_is_one_line_naming_the_file(
    tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """YAML's `"\\ud800"` gives a string no file, page or terminal can write (issue 18,
    item 8): one line naming the file, exit 2, instead of a UnicodeEncodeError later."""
    from modelsite.cli import main

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text('"""P."""\n')
    (tmp_path / name).write_text(text)
    assert main(["card", str(tmp_path), "-o", str(tmp_path / "card.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{tmp_path / name}: holds an escaped lone surrogate" in err[0]
    assert not (tmp_path / "card.md").exists()


def test_a_lone_surrogate_in_citation_cff_is_a_warning_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As for any unreadable CITATION.cff: the site is built without it, the warning names it."""
    from modelsite.cli import main

    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text('"""P."""\n')
    cff = tmp_path / "CITATION.cff"
    cff.write_text('cff-version: 1.2.0\ntitle: "T\\ud83d"\nmessage: m\nauthors: []\n')
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    assert f"warning: {cff}: holds an escaped lone surrogate" in err and "Traceback" not in err
    assert (tmp_path / "site" / "cite" / "index.html").is_file()


def test_paired_surrogate_escapes_are_ordinary_text(tmp_path: Path) -> None:
    (tmp_path / "modelsite.yml").write_text('card:\n  summary: "wine \\ud83c\\udf77"\n')
    assert load_config(tmp_path).card.summary == "wine \U0001f377"
