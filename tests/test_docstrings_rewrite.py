"""libcst write-back: only docstrings are added; bytes, encoding, line endings, BOM preserved."""

from __future__ import annotations

import ast
import codecs
import os
from pathlib import Path

import pytest

from modelsite.docstrings.inventory import discover
from modelsite.docstrings.rewrite import (
    FileChanged,
    SourceFile,
    docstring_literal,
    rewrite_text,
    verify,
    write_source,
)
from modelsite.docstrings.tree import generate_tree, write_generation


def added_lines(old: str, new: str) -> list[str]:
    """The lines of `new` that are not in `old`, checking that `old` survives in order."""
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    i = 0
    extra = []
    for line in new_lines:
        if i < len(old_lines) and line == old_lines[i]:
            i += 1
        else:
            extra.append(line)
    assert i == len(old_lines), "an original line was changed or dropped"
    return extra


def function_named(code: str, name: str) -> ast.FunctionDef:
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise AssertionError(f"no function {name}")


def write_once(path: Path) -> None:
    gen = generate_tree(discover(path), "numpy")
    assert not gen.problems, gen.problems
    write_generation(gen)


def test_only_docstring_lines_are_added_comments_and_layout_kept() -> None:
    src = (
        "#!/usr/bin/env python\n"
        "# Copyright header\n"
        "\n"
        "# about the import\n"
        "import os  # trailing comment\n"
        "\n\n"
        "def fit_model(X, y,   *,  n_jobs = None):   # odd spacing kept\n"
        "    # first comment stays first in the body\n"
        "    return os.getpid()\n"
    )
    result = rewrite_text(src, "m")
    assert result.new_text is not None and not result.problem
    new = result.new_text
    extra = added_lines(src, new)
    assert all(line.strip() == "" or line.startswith(('"""', "    ")) for line in extra)
    assert new.startswith('#!/usr/bin/env python\n# Copyright header\n\n"""')
    assert '"""\n\n# about the import\nimport os  # trailing comment\n' in new
    # the body's docstring goes before its leading comment
    body = new.split("# odd spacing kept\n", 1)[1]
    assert body.startswith('    """Fit the model on `X` and `y`.')
    assert "    # first comment stays first in the body\n    return os.getpid()\n" in body
    assert verify(src, new, 2) == ""


def test_one_line_body_becomes_a_block_with_the_docstring_first() -> None:
    src = "class Box:\n    def is_empty(self): return not self.items  # why\n"
    new = rewrite_text(src, "m").new_text
    assert new is not None
    assert '    def is_empty(self):  # why\n        """Check whether the box is empty.' in new
    assert new.endswith("        return not self.items\n")
    method = function_named(new, "is_empty")
    assert ast.get_docstring(method) is not None
    assert isinstance(method.body[1], ast.Return)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_endings_preserved(tmp_path: Path, newline: str) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_bytes(b"")
    code = newline.join(
        ["import math", "", "", "def area(radius):", "    return math.pi * radius ** 2", ""]
    )
    (pkg / "geo.py").write_bytes(code.encode())
    write_once(pkg)
    data = (pkg / "geo.py").read_bytes()
    assert data.count(b"\r\n") == (data.count(b"\n") if newline == "\r\n" else 0)
    assert b'"""Compute the area.' in data


def test_bom_and_latin1_cookie_preserved(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_bytes(codecs.BOM_UTF8 + "NAME = 'café'\n".encode())
    latin = (
        "# -*- coding: latin-1 -*-\nLABEL = 'Größe'\n\ndef label_size(label):\n"
        "    return len(label)\n"
    )
    (pkg / "legacy.py").write_bytes(latin.encode("latin-1"))
    write_once(pkg)
    init = (pkg / "__init__.py").read_bytes()
    assert init.startswith(codecs.BOM_UTF8 + b'"""')
    assert "NAME = 'café'\n".encode() in init
    legacy = (pkg / "legacy.py").read_bytes()
    assert "LABEL = 'Größe'".encode("latin-1") in legacy  # still latin-1, not UTF-8
    assert legacy.startswith(b"# -*- coding: latin-1 -*-\n")
    assert ast.get_docstring(ast.parse(legacy)) is not None


def test_text_the_file_encoding_cannot_hold_is_refused_not_half_written(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""Package."""\n')
    # an ASCII-only file whose generated text would need a non-ASCII character
    code = (
        "# -*- coding: ascii -*-\ndef load_rows(path):\n    return open(path).read()\n"
        "\n\ndef ship(order):\n    if order == 'caf\\xe9':\n        raise ValueError('caf\\xe9')\n"
    )
    (pkg / "legacy.py").write_text(code, encoding="ascii")
    gen = generate_tree(discover(pkg), "numpy")
    write_generation(gen)
    assert (pkg / "legacy.py").read_text(encoding="ascii") == code  # left alone, whole
    assert any(
        p.endswith("cannot be written in the file's encoding (ascii); left alone")
        for p in gen.problems
    ), gen.problems


def test_tab_indented_file_gets_tab_indented_docstrings() -> None:
    src = "class Loader:\n\tdef load_rows(self, path):\n\t\treturn open(path).read()\n"
    new = rewrite_text(src, "m").new_text
    assert new is not None
    assert '\n\t\t"""Load rows from `path`.\n\n\t\tParameters\n\t\t----------\n' in new


def test_existing_docstrings_never_rewritten_and_second_run_is_a_no_op() -> None:
    src = (
        '"""Author\'s module text."""\n\n'
        "def documented(x):\n    '''Author wrote this.'''\n    return x\n\n"
        "def undocumented(x):\n    return x\n"
    )
    first = rewrite_text(src, "m")
    assert [p.target.qualname for p in first.planned] == ["undocumented"]
    assert first.new_text is not None
    assert "    '''Author wrote this.'''\n" in first.new_text
    second = rewrite_text(first.new_text, "m")
    assert second.planned == [] and second.new_text is None


def test_docstring_literal_escapes_quotes_and_backslashes() -> None:
    text = 'If `path == "C:\\\\temp"` or `s.endswith(\'"""\')`: say "hi"'
    lit = docstring_literal(text, "    ", "\n")
    assert ast.literal_eval(lit) == text


def test_raise_message_with_backslash_and_quotes_round_trips() -> None:
    src = (
        "def parse_line(line):\n"
        '    if "\\t" in line:\n'
        '        raise ValueError("tabs \\\\ are \\"not\\" allowed: \\"\\"\\"")\n'
        "    return line\n"
    )
    result = rewrite_text(src, "m")
    assert result.new_text is not None, result.problem
    doc = ast.get_docstring(function_named(result.new_text, "parse_line"))
    assert doc is not None and "Raises\n------\nValueError\n" in doc


def test_verify_rejects_code_changes() -> None:
    assert verify("x = 1\n", '"""Doc."""\nx = 1\n', 1) == ""
    assert "changed" in verify("x = 1\n", '"""Doc."""\nx = 2\n', 1)
    assert "changed" in verify('"""Old."""\nx = 1\n', '"""New."""\nx = 1\n', 0)
    assert "were planned" in verify("x = 1\n", '"""Doc."""\nx = 1\n', 2)


def test_write_refuses_when_the_file_changed_since_read(tmp_path: Path) -> None:
    f = tmp_path / "m.py"
    f.write_text("def size(x):\n    return len(x)\n")
    src = SourceFile.read(f)
    result = rewrite_text(src.text, "m")
    assert result.new_text is not None
    f.write_text("def size(x):\n    return len(x) + 1\n")  # someone edits meanwhile
    with pytest.raises(FileChanged):
        write_source(src, result.new_text)
    assert f.read_text() == "def size(x):\n    return len(x) + 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["m.py"]  # no temporary file left


def test_write_keeps_file_mode(tmp_path: Path) -> None:
    f = tmp_path / "tool.py"
    f.write_text("def run_tool(argv):\n    return list(argv)\n")
    os.chmod(f, 0o750)
    src = SourceFile.read(f)
    result = rewrite_text(src.text, "tool")
    assert result.new_text is not None
    write_source(src, result.new_text)
    assert f.stat().st_mode & 0o777 == 0o750
    assert ast.get_docstring(function_named(f.read_text(), "run_tool")) is not None
