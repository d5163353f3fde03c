"""Run ruff on the training package: lint findings (JSON output) and formatting status.

The project's own ruff configuration is used when it has one (`[tool.ruff]` in `pyproject.toml`,
`ruff.toml` or `.ruff.toml` at the project root); otherwise ruff runs `--isolated` with
`DEFAULT_SELECT`, so settings from folders above the project never leak in. Nothing is written
into the project (`--no-cache`). Problems (ruff missing, a broken configuration, files ruff cannot
parse) become located messages; they never stop the site from building.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelsite.paths import relative_posix

DEFAULT_SELECT = ("E4", "E7", "E9", "F", "W", "I", "B", "UP", "NPY")
"""Rules used when the project configures none: pycodestyle errors that the formatter leaves
alone, pyflakes, whitespace, import order, bugbear, modern syntax and NumPy-specific rules
(NPY002 flags the legacy global random state, which hurts reproducibility)."""

SYNTAX_CODES = {"invalid-syntax", "E999", ""}
TIMEOUT_S = 300
MAX_DIFF = 50_000
"""Longest `ruff format --diff` output kept (the page shows less)."""
UNPARSABLE = "ruff cannot parse this file"
SKIPPED = "lint and format checks skipped"
CONFIG_FILES = ("ruff.toml", ".ruff.toml")


@dataclass(frozen=True, kw_only=True)
class LintFinding:
    """One ruff diagnostic."""

    code: str
    """Rule code (`F401`), or `invalid-syntax` for a file ruff cannot parse."""
    message: str
    file: str
    """Path relative to the project root."""
    line: int
    column: int
    fixable: bool = False


@dataclass(frozen=True, kw_only=True)
class RuleGroup:
    """All findings of one rule."""

    code: str
    name: str
    url: str
    findings: tuple[LintFinding, ...]

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def fixable(self) -> int:
        return sum(f.fixable for f in self.findings)


@dataclass(frozen=True, kw_only=True)
class RuffSetup:
    """How ruff is run on a project."""

    command: tuple[str, ...]
    """The ruff executable (or `python -m ruff`); empty when ruff is not installed."""
    version: str
    config: str
    """The project's configuration file (relative), or `""` when modelsite's defaults apply."""
    paths: tuple[str, ...]
    """Files and folders checked, relative to the project root (as shown to users)."""
    target_version: str = ""
    exclude: tuple[str, ...] = ()
    """Patterns of what under `paths` is not training code (tests, `code.exclude`...), passed as
    `--extend-exclude` (ruff's patterns match as `collect.layout.glob_match` does)."""

    def rule_options(self, command: str) -> list[str]:
        """Options that choose the rules and the Python version: none when the project
        configures ruff itself."""
        if self.config:
            return []
        opts = ["--isolated"]
        if command == "check":
            opts += ["--select", ",".join(DEFAULT_SELECT)]
        if self.target_version:
            opts += ["--target-version", self.target_version]
        return opts

    def file_options(self) -> list[str]:
        """Options that leave out what is not training code under `paths`."""
        return ["--extend-exclude", ",".join(self.exclude)] if self.exclude else []

    def arguments(self, command: str, *args: str) -> list[str]:
        """Everything after the executable for `ruff COMMAND ARGS` on the training code: the
        rules, the exclusions and the paths modelsite itself runs ruff with."""
        paths = list(self.paths)
        if any(p.startswith("-") for p in paths):
            paths.insert(0, "--")
        return [command, *self.rule_options(command), *args, *self.file_options(), *paths]

    def shown(self, command: str, *args: str) -> str:
        """A command line a user can paste in the project folder: what modelsite ran, so it
        fixes what the page lists and nothing else (not the tests, not `code.exclude`)."""
        return shlex.join(["ruff", *self.arguments(command, *args)])


@dataclass(frozen=True, kw_only=True)
class LintResult:
    ran: bool
    findings: tuple[LintFinding, ...] = ()
    rules: tuple[RuleGroup, ...] = ()
    notes: tuple[str, ...] = ()
    """What ruff printed besides its findings (deprecated settings and the like)."""
    problems: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.findings)

    @property
    def fixable(self) -> int:
        return sum(f.fixable for f in self.findings)


@dataclass(frozen=True, kw_only=True)
class FormatResult:
    ran: bool
    files: tuple[str, ...] = ()
    """Files `ruff format` would change."""
    diff: str = ""
    """What `ruff format` would change (unified diff, cut at `MAX_DIFF` characters)."""
    problems: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.files)


def find_ruff() -> tuple[tuple[str, ...], str]:
    """The command that runs ruff, and its version; `((), "")` when ruff is not installed.

    The `ruff` package installed with modelsite comes first (its version read from the package
    metadata: no extra process); a `ruff` on `PATH` is the fallback.
    """
    try:
        from importlib.metadata import version

        from ruff import find_ruff_bin

        return (str(find_ruff_bin()),), version("ruff")
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("ruff")
    if found:
        try:
            done = subprocess.run(
                [found, "--version"], capture_output=True, text=True, timeout=60, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return (), ""
        if done.returncode == 0 and done.stdout.startswith("ruff "):
            return (found,), done.stdout.split()[1]
    return (), ""


def project_config(root: Path) -> str:
    """The project's own ruff configuration file, relative to `root`, or `""`."""
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return name
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        # A text test, not a TOML parse: a broken file with a ruff section is still the
        # project's configuration, and ruff will say what is wrong with it.
        text = pyproject.read_text(encoding="utf-8", errors="replace")
        if re.search(r"^\s*\[\s*tool\s*\.\s*ruff\b", text, re.MULTILINE):
            return "pyproject.toml"
    return ""


def target_version(python_requires: str) -> str:
    """`py310` for `>=3.10` (the oldest Python the project supports), else `""`."""
    match = re.search(r">=?\s*3\.(\d+)", python_requires)
    return f"py3{match.group(1)}" if match else ""


def setup(
    root: Path, paths: tuple[str, ...], python_requires: str = "", exclude: tuple[str, ...] = ()
) -> RuffSetup:
    command, version = find_ruff()
    return RuffSetup(
        command=command,
        version=version,
        config=project_config(root),
        paths=paths,
        target_version=target_version(python_requires),
        exclude=exclude,
    )


def _failure(stderr: str, root: Path, what: str) -> str:
    """One located line from ruff's error output (a broken configuration, typically)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    causes = [line.removeprefix("Cause:").strip() for line in lines if line.startswith("Cause:")]
    where = ""
    for cause in causes:
        match = re.match(r"Failed to (?:parse|load configuration) `?(.+?)`?$", cause) or re.search(
            r" from `(.+?)`$", cause
        )
        if match:
            where = relative_posix(match.group(1), root)
    line_match = re.search(r"parse error at line (\d+)", stderr)
    if where and line_match:
        where += f":{line_match.group(1)}"
    details = [c for c in causes if not c.startswith("Failed to")]
    # after a TOML error ruff quotes the line, then says what is wrong with it
    last = lines[-1] if lines else ""
    if (
        last
        and not last.startswith(("Cause:", "|", "ruff failed"))
        and not re.match(r"^\d+ \|", last)
        and last not in details
    ):
        details.append(last)
    detail = "; ".join(details) or "no output"
    if where:
        return f"{where}: ruff could not use this configuration ({detail}); {what} skipped"
    return f"ruff failed ({detail}); {what} skipped"


def _run(
    setup: RuffSetup, root: Path, command: str, args: list[str]
) -> subprocess.CompletedProcess[str] | str:
    try:
        return subprocess.run(
            [*setup.command, *setup.arguments(command, *args, "--no-cache")],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"ruff did not finish within {TIMEOUT_S} s"
    except OSError as exc:
        return f"ruff could not be started ({exc})"


MISSING = f"ruff is not installed in this environment (`pip install ruff`); {SKIPPED}"


def _finding(item: dict[str, Any], root: Path) -> LintFinding:
    location = item.get("location") or {}
    return LintFinding(
        code=str(item.get("code") or "invalid-syntax"),
        message=str(item.get("message") or ""),
        file=relative_posix(str(item.get("filename") or ""), root),
        line=int(location.get("row") or 0),
        column=int(location.get("column") or 0),
        fixable=bool(item.get("fix")),
    )


def group(
    findings: tuple[LintFinding, ...], meta: dict[str, tuple[str, str]]
) -> tuple[RuleGroup, ...]:
    """Findings grouped by rule, the most frequent rule first."""
    counts = Counter(f.code for f in findings)
    order = sorted(counts, key=lambda code: (-counts[code], code))
    return tuple(
        RuleGroup(
            code=code,
            name=meta.get(code, ("", ""))[0],
            url=meta.get(code, ("", ""))[1],
            findings=tuple(f for f in findings if f.code == code),
        )
        for code in order
    )


def lint(setup: RuffSetup, root: Path) -> LintResult:
    """Run `ruff check --output-format json` once on the package paths."""
    if not setup.command:
        return LintResult(ran=False, problems=(MISSING,))
    if not setup.paths:
        return LintResult(ran=False)
    done = _run(setup, root, "check", ["--output-format", "json", "--exit-zero"])
    if isinstance(done, str):
        return LintResult(ran=False, problems=(f"{done}; lint check skipped",))
    try:
        items = json.loads(done.stdout)
        assert isinstance(items, list)
    except (ValueError, AssertionError):
        return LintResult(ran=False, problems=(_failure(done.stderr, root, "lint check"),))
    findings = tuple(
        sorted((_finding(i, root) for i in items), key=lambda f: (f.file, f.line, f.column, f.code))
    )
    meta: dict[str, tuple[str, str]] = {}
    for item in items:
        url = str(item.get("url") or "")
        meta.setdefault(
            str(item.get("code") or "invalid-syntax"),
            (str(item.get("name") or ""), url if url.startswith("https://") else ""),
        )
    problems = []
    seen: set[str] = set()
    for f in findings:
        if f.code in SYNTAX_CODES and f.file not in seen:
            seen.add(f.file)
            problems.append(f"{f.file}:{f.line}: {UNPARSABLE} ({f.message})")
    notes: list[str] = []
    for line in (raw.strip() for raw in done.stderr.splitlines()):
        if line and (not notes or line.startswith(("warning:", "error:"))):
            notes.append(line)
        elif line:  # a continuation of the previous message
            notes[-1] += " " + line
    return LintResult(
        ran=True,
        findings=findings,
        rules=group(findings, meta),
        notes=tuple(notes),
        problems=tuple(problems),
    )


_UNPARSABLE = re.compile(r"^error: Failed to parse (.+?):(\d+):\d+: (.*)$")


def check_format(setup: RuffSetup, root: Path) -> FormatResult:
    """Run `ruff format --check --diff` once: the files that would change, and the diff."""
    if not setup.command:
        return FormatResult(ran=False, problems=(MISSING,))
    if not setup.paths:
        return FormatResult(ran=False)
    done = _run(setup, root, "format", ["--check", "--diff"])
    if isinstance(done, str):
        return FormatResult(ran=False, problems=(f"{done}; format check skipped",))
    problems = []
    for line in done.stderr.splitlines():
        match = _UNPARSABLE.match(line.strip())
        if match:
            file, lineno, message = match.groups()
            problems.append(f"{relative_posix(file, root)}:{lineno}: {UNPARSABLE} ({message})")
    if done.returncode == 2 and not problems:
        return FormatResult(ran=False, problems=(_failure(done.stderr, root, "format check"),))
    files = sorted(
        {
            relative_posix(line[4:].strip(), root)
            for line in done.stdout.splitlines()
            if line.startswith("--- ")
        }
    )
    diff = done.stdout
    if len(diff) > MAX_DIFF:
        diff = diff[:MAX_DIFF] + f"\n[diff cut at {MAX_DIFF:,} characters]\n"
    return FormatResult(ran=True, files=tuple(files), diff=diff, problems=tuple(problems))
