"""Insert generated docstrings into source files with libcst, touching nothing else.

Formatting, comments, encoding, line endings and a leading BOM are preserved (libcst round-trips
the untouched code byte for byte). The result is verified before anything is written: the code's
AST with docstrings removed must be identical, every existing docstring unchanged. Writes are
atomic (temporary file in the same folder, then `os.replace`) and refused when the file changed
since it was read. A second run finds nothing to add, so it changes nothing.
"""

from __future__ import annotations

import ast
import codecs
import io
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import libcst as cst

from modelsite.docstrings.generate import Planned, ProjectIndex, plan_module
from modelsite.output import write_atomic

_DEFS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class SourceFile:
    """A file's bytes as read, decoded, with what is needed to write it back the same way."""

    path: Path
    data: bytes
    text: str
    encoding: str
    bom: bool
    mtime_ns: int

    @classmethod
    def read(cls, path: Path) -> SourceFile:
        """Read and decode a Python file (PEP 263 cookie or UTF-8; a BOM is remembered)."""
        st = path.stat()
        data = path.read_bytes()
        bom = data.startswith(codecs.BOM_UTF8)
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        except SyntaxError as exc:
            raise UnicodeError(f"unknown source encoding ({exc})") from exc
        if encoding == "utf-8-sig":
            encoding = "utf-8"
        text = data[len(codecs.BOM_UTF8) :].decode(encoding) if bom else data.decode(encoding)
        return cls(
            path=path, data=data, text=text, encoding=encoding, bom=bom, mtime_ns=st.st_mtime_ns
        )

    def encode(self, text: str) -> bytes:
        body = text.encode(self.encoding)
        return codecs.BOM_UTF8 + body if self.bom else body


@dataclass
class FileResult:
    """What happened to one file."""

    path: Path
    planned: list[Planned] = field(default_factory=list)
    count: int = 0
    """How many docstrings were planned (kept when `planned` is dropped to free the tree)."""
    new_text: str | None = None
    """The rewritten text, when there was something to insert and it verified."""
    problem: str = ""
    """`path:line: message` when the file was skipped."""
    written: bool = False


def escape_docstring(text: str) -> str:
    """Escape docstring text for a `\"\"\"...\"\"\"` literal (backslashes, quotes, controls)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n" or ch == "\t":
            out.append(ch)
        elif ord(ch) < 32 or ch == "\x7f" or ch in "\u2028\u2029\x85\x0b\x0c":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    s = "".join(out).replace('"""', '\\"\\"\\"')
    if s.endswith('"'):
        s = s[:-1] + '\\"'
    return s


def docstring_literal(text: str, indent: str, newline: str) -> str:
    """The `\"\"\"...\"\"\"` source for `text`, continuation lines indented by `indent`."""
    lines = escape_docstring(text).split("\n")
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    body = newline.join((indent + line) if line.strip() else "" for line in lines[1:])
    return f'"""{lines[0]}{newline}{body}{newline}{indent}"""'


# ---------------------------------------------------------------- keys shared by ast and libcst


def definition_keys(tree: ast.Module) -> dict[int, tuple[str, int]]:
    """(qualname, occurrence) of every class/def reachable without entering function bodies."""
    keys: dict[int, tuple[str, int]] = {id(tree): ("", 0)}
    seen: dict[str, int] = {}

    def body(stmts: Sequence[ast.stmt], prefix: str) -> None:
        for s in stmts:
            if isinstance(s, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                qn = prefix + s.name
                n = seen.get(qn, 0)
                seen[qn] = n + 1
                keys[id(s)] = (qn, n)
                if isinstance(s, ast.ClassDef):
                    body(s.body, qn + ".")
            else:
                for sub in _ast_subbodies(s):
                    body(sub, prefix)

    body(tree.body, "")
    return keys


def _ast_subbodies(s: ast.stmt) -> list[Sequence[ast.stmt]]:
    if isinstance(s, ast.If):
        return [s.body, s.orelse]
    if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
        t: Any = s  # ast.Try or ast.TryStar (3.11+): the same fields
        return [t.body, *[h.body for h in t.handlers], t.orelse, t.finalbody]
    if isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
        return [s.body, s.orelse]
    if isinstance(s, (ast.With, ast.AsyncWith)):
        return [s.body]
    return []


class _Inserter:
    """Rebuild a libcst module with docstrings inserted at the planned definitions."""

    def __init__(self, module: cst.Module, wanted: dict[tuple[str, int], str]) -> None:
        self.module = module
        self.wanted = wanted
        self.seen: dict[str, int] = {}
        self.newline = module.default_newline
        self.unit = module.default_indent
        self.done = 0

    def run(self) -> cst.Module:
        body = list(self.body(self.module.body, "", ""))
        header = list(self.module.header)
        text = self.wanted.get(("", 0))
        if text is not None:
            doc = self._doc_line(text, "")
            moved: list[cst.EmptyLine] = []
            blank = [i for i, ln in enumerate(header) if ln.comment is None]
            if body and blank:
                cut = blank[-1] + 1
                header, moved = header[:cut], header[cut:]
            if body and isinstance(body[0], (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                first = body[0]
                lead = [*moved, *first.leading_lines]
                if not lead or lead[0].comment is not None:
                    lead.insert(0, cst.EmptyLine())
                body[0] = first.with_changes(leading_lines=lead)
            body.insert(0, doc)
            self.done += 1
        return self.module.with_changes(header=header, body=body)

    def _doc_line(self, text: str, indent: str) -> cst.SimpleStatementLine:
        literal = docstring_literal(text, indent, self.newline)
        return cst.SimpleStatementLine(body=[cst.Expr(cst.SimpleString(literal))])

    def body(
        self, stmts: Sequence[cst.BaseStatement], prefix: str, indent: str
    ) -> list[cst.BaseStatement]:
        out: list[cst.BaseStatement] = []
        for s in stmts:
            out.append(self.stmt(s, prefix, indent))
        return out

    def stmt(self, s: cst.BaseStatement, prefix: str, indent: str) -> cst.BaseStatement:
        if isinstance(s, (cst.ClassDef, cst.FunctionDef)):
            qn = prefix + s.name.value
            n = self.seen.get(qn, 0)
            self.seen[qn] = n + 1
            inner = indent + self._block_indent(s.body)
            if isinstance(s, cst.ClassDef):
                s = s.with_changes(body=self.suite(s.body, qn + ".", inner))
            text = self.wanted.get((qn, n))
            if text is not None:
                s = s.with_changes(body=self.insert(s.body, text, inner))
                self.done += 1
            return s
        if isinstance(s, cst.If):
            return self._if(s, prefix, indent)
        if isinstance(s, (cst.Try, cst.TryStar)):
            handlers = [
                h.with_changes(body=self.suite(h.body, prefix, indent + self._block_indent(h.body)))
                for h in s.handlers
            ]
            changes: dict[str, object] = {
                "body": self.suite(s.body, prefix, indent + self._block_indent(s.body)),
                "handlers": handlers,
            }
            if s.orelse is not None:
                changes["orelse"] = s.orelse.with_changes(
                    body=self.suite(
                        s.orelse.body, prefix, indent + self._block_indent(s.orelse.body)
                    )
                )
            if s.finalbody is not None:
                changes["finalbody"] = s.finalbody.with_changes(
                    body=self.suite(
                        s.finalbody.body, prefix, indent + self._block_indent(s.finalbody.body)
                    )
                )
            return s.with_changes(**changes)
        if isinstance(s, (cst.For, cst.While)):
            changes = {"body": self.suite(s.body, prefix, indent + self._block_indent(s.body))}
            if s.orelse is not None:
                changes["orelse"] = s.orelse.with_changes(
                    body=self.suite(
                        s.orelse.body, prefix, indent + self._block_indent(s.orelse.body)
                    )
                )
            return s.with_changes(**changes)
        if isinstance(s, cst.With):
            return s.with_changes(
                body=self.suite(s.body, prefix, indent + self._block_indent(s.body))
            )
        return s

    def _if(self, s: cst.If, prefix: str, indent: str) -> cst.If:
        changes: dict[str, object] = {
            "body": self.suite(s.body, prefix, indent + self._block_indent(s.body))
        }
        if isinstance(s.orelse, cst.If):
            changes["orelse"] = self._if(s.orelse, prefix, indent)
        elif isinstance(s.orelse, cst.Else):
            changes["orelse"] = s.orelse.with_changes(
                body=self.suite(s.orelse.body, prefix, indent + self._block_indent(s.orelse.body))
            )
        return s.with_changes(**changes)

    def _block_indent(self, suite: cst.BaseSuite) -> str:
        if isinstance(suite, cst.IndentedBlock):
            return suite.indent if suite.indent is not None else self.unit
        return self.unit

    def suite(self, suite: cst.BaseSuite, prefix: str, indent: str) -> cst.BaseSuite:
        if isinstance(suite, cst.IndentedBlock):
            return suite.with_changes(body=self.body(suite.body, prefix, indent))
        return suite  # one-line suites hold no definitions

    def insert(self, suite: cst.BaseSuite, text: str, indent: str) -> cst.BaseSuite:
        doc = self._doc_line(text, indent)
        if isinstance(suite, cst.IndentedBlock):
            return suite.with_changes(body=[doc, *suite.body])
        assert isinstance(suite, cst.SimpleStatementSuite)
        # `def f(): return 1` becomes an indented block: the docstring, then the statements
        line = cst.SimpleStatementLine(body=list(suite.body))
        return cst.IndentedBlock(header=suite.trailing_whitespace, body=[doc, line])


# ---------------------------------------------------------------- verification


def _docstring_of(node: ast.AST) -> str | None:
    body = getattr(node, "body", None)
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return body[0].value.value
    return None


class _Mismatch(Exception):
    pass


def _compare(a: ast.AST, b: ast.AST, counts: list[int]) -> None:
    """Raise `_Mismatch` unless `a` and `b` are equal once docstrings added to `b` are skipped.

    `counts[0]` is incremented for each docstring found in `b` where `a` had none. An existing
    docstring must be unchanged.
    """
    if type(a) is not type(b):
        raise _Mismatch(f"{type(a).__name__} became {type(b).__name__}")
    for name in a._fields:
        va, vb = getattr(a, name, None), getattr(b, name, None)
        if name == "body" and isinstance(a, _DEFS):
            da, db = _docstring_of(a), _docstring_of(b)
            if da is not None and db != da:
                raise _Mismatch(f"an existing docstring changed (line {getattr(a, 'lineno', 1)})")
            if da is None and db is not None and isinstance(vb, list):
                counts[0] += 1
                vb = vb[1:]
        if isinstance(va, list):
            if not isinstance(vb, list) or len(va) != len(vb):
                raise _Mismatch(
                    f"{type(a).__name__}.{name} differs (line {getattr(a, 'lineno', '?')})"
                )
            for x, y in zip(va, vb, strict=True):
                if isinstance(x, ast.AST):
                    _compare(x, y, counts)
                elif x != y or type(x) is not type(y):
                    raise _Mismatch(f"{type(a).__name__}.{name} differs")
        elif isinstance(va, ast.AST):
            if not isinstance(vb, ast.AST):
                raise _Mismatch(f"{type(a).__name__}.{name} differs")
            _compare(va, vb, counts)
        elif (va != vb or type(va) is not type(vb)) and not (
            isinstance(va, float) and isinstance(vb, float) and va != va and vb != vb
        ):
            raise _Mismatch(f"{type(a).__name__}.{name} differs (line {getattr(a, 'lineno', '?')})")


def verify(old: str | ast.Module, new_text: str, expected: int) -> str:
    """`""` when `new_text` is the old code plus `expected` docstrings; else what differs.

    The old code's AST and the new one must be identical once the added docstrings are left
    out, and every docstring the old code had must be unchanged.
    """
    try:
        old_tree = ast.parse(old) if isinstance(old, str) else old
        new = ast.parse(new_text)
    except SyntaxError as exc:
        return f"the rewritten code does not parse ({exc.msg} at line {exc.lineno})"
    counts = [0]
    try:
        _compare(old_tree, new, counts)
    except _Mismatch as exc:
        return f"the code itself changed: {exc}"
    except RecursionError:
        return "the code is nested too deeply to verify"
    if counts[0] != expected:
        return f"{counts[0]} docstrings were added where {expected} were planned"
    return ""


# ---------------------------------------------------------------- the whole file


def rewrite_text(
    text: str,
    module_name: str,
    *,
    style: str = "numpy",
    index: ProjectIndex | None = None,
    path: str = "<string>",
    tree: ast.Module | None = None,
) -> FileResult:
    """Plan and insert the missing docstrings of one module's source text (nothing written)."""
    result = FileResult(path=Path(path))
    try:
        tree = tree or ast.parse(text, filename=path)
    except SyntaxError as exc:
        result.problem = f"{path}:{exc.lineno or 0}: does not parse ({exc.msg}); skipped"
        return result
    except ValueError as exc:  # null bytes and the like
        result.problem = f"{path}:0: does not parse ({exc}); skipped"
        return result
    unit = _indent_unit(text)
    planned = plan_module(tree, module_name, style=style, index=index, indent_unit=unit)
    result.planned = planned
    result.count = len(planned)
    if not planned:
        return result
    keys = definition_keys(tree)
    wanted = {keys[id(p.target.node)]: p.text for p in planned}
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        result.problem = f"{path}:{exc.raw_line}: libcst cannot parse it ({exc.message}); skipped"
        return result
    inserter = _Inserter(module, wanted)
    new_module = inserter.run()
    new_text = new_module.code
    problem = verify(tree, new_text, len(planned))
    if problem or inserter.done != len(planned):
        result.problem = f"{path}:1: not rewritten: {problem or 'a definition was not found'}"
        return result
    result.new_text = new_text
    return result


def _indent_unit(text: str) -> str:
    for line in text.splitlines():
        stripped = line.lstrip(" \t")
        if stripped and stripped != line and not stripped.startswith("#"):
            return line[: len(line) - len(stripped)]
    return "    "


class FileChanged(Exception):
    """The file changed on disk since it was read."""


def write_source(src: SourceFile, new_text: str) -> None:
    """Replace the file with `new_text` (same encoding, BOM, mode), atomically
    (`output.write_atomic`).

    Raises `FileChanged` when the file's bytes or modification time differ from when it was read,
    checked before writing and again just before the new file takes its place.
    """
    data = src.encode(new_text)
    path = src.path
    st = path.stat()
    if st.st_mtime_ns != src.mtime_ns or path.read_bytes() != src.data:
        raise FileChanged(str(path))

    def unchanged() -> None:
        if path.read_bytes() != src.data:
            raise FileChanged(str(path))

    write_atomic(path, data, mode=st.st_mode & 0o7777, before_replace=unchanged)
