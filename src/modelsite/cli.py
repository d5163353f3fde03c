"""The `modelsite` command line: a thin shell over the core.

Each subcommand parses its options and calls one core function. Exit codes: 0 success,
1 a check found problems, 2 bad input or usage (one line on stderr naming the file and the problem).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from modelsite import __version__
from modelsite.errors import ModelsiteError
from modelsite.wording import count

EXIT_OK, EXIT_USAGE = 0, 2


def _cmd_init(args: argparse.Namespace) -> int:
    from modelsite.scaffold import init_project

    written = init_project(Path(args.project), force=False)
    for path in written.created:
        print(f"created {path}")
    for path in written.kept:
        print(f"kept    {path} (exists; not overwritten)")
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from modelsite.build import build_site

    result = build_site(
        Path(args.project),
        Path(args.output) if args.output else None,
        strict=args.strict,
        builder=args.builder or "",
        site_url=args.site_url,
    )
    print(f"site written to {result.site_dir} ({result.builder})")
    if result.warnings:
        print(f"{count(len(result.warnings), 'warning')}", file=sys.stderr)
    return EXIT_OK


def _cmd_render(args: argparse.Namespace) -> int:
    from modelsite.docs_tree import render_docs

    folder = render_docs(Path(args.project), Path(args.output) if args.output else None)
    print(
        f"docs tree written to {folder}; build it with `mkdocs build -f {folder}/mkdocs.yml` "
        f"or `zensical build -f {folder}/mkdocs.yml`"
    )
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from modelsite.serve import serve

    return serve(Path(args.project), host=args.host, port=args.port, builder=args.builder or "")


def _cmd_inspect(args: argparse.Namespace) -> int:
    from modelsite.collect.model import inspect_command

    return inspect_command(
        Path(args.model), as_json=args.json, max_member_bytes=args.max_member_mib
    )


def _cmd_card(args: argparse.Namespace) -> int:
    from modelsite.card.write import card_command

    return card_command(
        Path(args.project),
        fmt=args.format,
        output=Path(args.output) if args.output else None,
        check=args.check,
        model=args.model,
        repo_id=args.repo_id,
    )


def _cmd_docstrings(args: argparse.Namespace) -> int:
    from modelsite.docstrings.tree import docstrings_command

    mode = "check" if args.check else "diff" if args.diff else "write" if args.write else "report"
    return docstrings_command(Path(args.path), mode=mode, style=args.style)


def _cmd_verify(args: argparse.Namespace) -> int:
    from modelsite.repro.verify import verify_command

    return verify_command(
        Path(args.project), model=args.model, trust=tuple(args.trust or ()), strict=args.strict
    )


def _cmd_check(args: argparse.Namespace) -> int:
    from modelsite.health.check import check_command

    return check_command(Path(args.project))


def _builder(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--builder",
        choices=("mkdocs", "zensical"),
        help="documentation builder (default: `builder:` in modelsite.yml, else MkDocs while "
        "Material is installed, else Zensical)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="modelsite",
        description="Turn a scikit-learn training project into a documented, reproducible, "
        "citable model website.",
    )
    parser.add_argument("--version", action="version", version=_version_text())
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress and debug logs")
    parser.add_argument("-q", "--quiet", action="store_true", help="show only warnings and errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str = "") -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=description or summary)

    def _project(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "project",
            nargs="?",
            default=".",
            help="the training project's folder (default: the current folder)",
        )

    p = command(
        "init",
        "scaffold modelsite.yml, Dockerfile, workflows, CITATION.cff",
        "Write the files a shared model needs (modelsite.yml with comments, a Dockerfile, "
        "GitHub workflows, CITATION.cff, .pre-commit-config.yaml); never overwrites a file.",
    )
    _project(p)
    p.set_defaults(func=_cmd_init)

    p = command(
        "build",
        "build the site (zero-config)",
        "Build the project's site: overview, model card, API reference, reproduce, docker, "
        "cite and code-health pages. No mkdocs.yml needed; a project's own one is used if present.",
    )
    _project(p)
    p.add_argument("-o", "--output", help="site folder (default: PROJECT/site)")
    p.add_argument("--strict", action="store_true", help="fail (exit 1) on any warning")
    _builder(p)
    p.add_argument(
        "--site-url",
        default="",
        metavar="URL",
        help="where the site is published (default: publish.site_url, else "
        "https://OWNER.github.io/REPO/ for a GitHub remote); sets the 404 page's links, "
        "the sitemap and canonical links",
    )
    p.set_defaults(func=_cmd_build)

    p = command(
        "render",
        "write the docs tree (Markdown, assets, mkdocs.yml) without building it",
        "Write the project's pages as a builder-neutral docs tree: Markdown pages, assets and a "
        "generated mkdocs.yml needing no modelsite plugin, for MkDocs or Zensical in your own "
        "pipeline. An earlier tree is replaced only when the new one is complete.",
    )
    _project(p)
    p.add_argument("-o", "--output", help="docs tree folder (default: PROJECT/modelsite-docs)")
    p.set_defaults(func=_cmd_render)

    p = command(
        "serve",
        "live preview; rebuilds on code, model or config change",
        "Serve the site locally and rebuild it when the code, the model file, modelsite.yml or "
        "CITATION.cff changes; on an error the last good site stays up and shows the error.",
    )
    _project(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    _builder(p)
    p.set_defaults(func=_cmd_serve)

    p = command(
        "inspect",
        "model metadata without loading the model",
        "Read a .skops file without loading it: estimator tree, hyperparameters, seeds, "
        "versions, the types it needs trusted, and what modelsite.export() embedded.",
    )
    p.add_argument("model", help="a .skops file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--max-member-mib",
        type=int,
        default=64,
        help="refuse zip members larger than this (default 64)",
    )
    p.set_defaults(func=_cmd_inspect)

    p = command(
        "card",
        "standalone model card (Hugging Face md, html, tex, Hub folder, CycloneDX)",
        "Export the model card: a Hugging Face README with metadata (md), one self-contained "
        "HTML file (html) or a LaTeX fragment for a paper (tex); --check lints it offline.",
    )
    _project(p)
    p.add_argument(
        "--format",
        choices=("md", "html", "tex", "hub", "cyclonedx"),
        default="md",
        help="output format (default: md); hub writes a folder, cyclonedx a CycloneDX 1.6 BOM",
    )
    p.add_argument(
        "-o", "--output", help="file to write (default: standard output); hub: the folder"
    )
    p.add_argument(
        "--repo-id", default="", help="hub: the Hub repository (OWNER/NAME) the snippet downloads"
    )
    p.add_argument("--check", action="store_true", help="lint the card offline; exit 1 on problems")
    p.add_argument("--model", help="the model's name or file (default: the primary model)")
    p.set_defaults(func=_cmd_card)

    p = command(
        "docstrings",
        "docstring coverage; generate missing docstrings",
        "Report docstring coverage; generate the missing docstrings from the code and show "
        "them (--diff) or write them into the source (--write), touching nothing else.",
    )
    p.add_argument("path", help="a package folder, a module file, or a project")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--check", action="store_true", help="exit 1 when anything public is undocumented"
    )
    mode.add_argument(
        "--diff", action="store_true", help="print a unified diff of what --write would do"
    )
    mode.add_argument(
        "--write", action="store_true", help="insert generated docstrings into the source"
    )
    p.add_argument(
        "--style",
        choices=("auto", "numpy", "google", "sphinx"),
        default="auto",
        help="docstring style (default: the one the code already uses; numpy if none)",
    )
    p.set_defaults(func=_cmd_docstrings)

    p = command(
        "verify",
        "check the model file against what the card states",
        "Compare a model file with what was published: every hyperparameter, predictions on "
        "the embedded sample (needs --trust for the types it lists) and library versions. "
        "Exit 1 on a mismatch.",
    )
    _project(p)
    p.add_argument("--model", help="model file to check (default: the project's model)")
    p.add_argument(
        "--trust",
        action="append",
        metavar="TYPE",
        help="a type you trust for loading the model (repeatable)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="also fail when an installed version differs from the one the model records",
    )
    p.set_defaults(func=_cmd_verify)

    p = command(
        "check",
        "all checks for CI: docstrings, lint, format, card",
        "Run the docstring, lint, format and model-card checks; print a table and exit 1 "
        "when any fails.",
    )
    _project(p)
    p.set_defaults(func=_cmd_check)
    return parser


def _version_text() -> str:
    import platform

    return (
        f"modelsite {__version__} (Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()})"
    )


def _setup_logging(verbose: bool, quiet: bool) -> None:
    import logging

    class _LevelFormatter(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            msg = record.getMessage()
            if record.levelno >= logging.WARNING:
                return f"{record.levelname.lower()}: {msg}"
            return msg

    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    from modelsite.log import StderrHandler

    handler = StderrHandler()
    handler.setFormatter(_LevelFormatter())
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Everything printed goes through `terminal.EscapingWriter`: control characters from files
    and models are shown as escapes, never obeyed by the terminal."""
    from modelsite.terminal import EscapingWriter

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingWriter(out), EscapingWriter(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    if args.func is not _cmd_inspect:  # inspect logs nothing: it starts without `logging`
        _setup_logging(args.verbose, args.quiet)
    try:
        return int(args.func(args))
    except ModelsiteError as exc:
        print(f"modelsite: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
