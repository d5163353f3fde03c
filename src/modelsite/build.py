"""Zero-config build: collect the project, render its docs tree, run a builder on the tree.

This is a shell (it runs MkDocs or Zensical). It collects the project, writes nothing into it,
renders the builder-neutral docs tree (`docs_tree`) into a temporary folder and builds it with
the chosen builder (`builders`) into a staging folder that replaces the site only when the build
succeeded. If the project has its own `mkdocs.yml`, that is built with MkDocs instead (with the
modelsite plugin, which adds the pages).
"""

from __future__ import annotations

import io
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelsite.builders import choose_builder, run_zensical
from modelsite.config import check_site_url
from modelsite.docs_tree import write_tree
from modelsite.errors import BuildFailed, InputError
from modelsite.log import WarningCounter, warn
from modelsite.output import check_output_folder, replacing
from modelsite.pipeline import collect_site, site_inputs
from modelsite.reader_settings import with_site_url
from modelsite.wording import count


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    warnings: tuple[str, ...]
    builder: str = "mkdocs"


def _run_mkdocs(
    config_file: str | io.StringIO,
    overrides: dict[str, Any],
    strict: bool,
    *,
    source: str = "",
    prefix: str = "",
    needs_plugin: bool = False,
    cache_templates: bool = False,
) -> None:
    """Load and build a MkDocs configuration. A configuration problem is an `InputError` naming
    `source` (the file the user wrote, default the configuration file) and the setting as the
    user spells it there (`prefix`: `mkdocs.` for `modelsite.yml`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    where = source or str(getattr(config_file, "name", config_file))
    problems = _MkDocsConfigProblems(prefix)
    try:
        with problems:
            config = load_config(config_file=config_file, strict=strict, **overrides)
        for message in problems.warnings:
            warn(where, message)
        if needs_plugin and config.plugins.get("modelsite") is None:
            raise InputError(
                where, f"the `modelsite` plugin is not enabled; add it under `{prefix}plugins:`"
            )
        if cache_templates:  # speed only: a plugin object added in process, named in no file
            from modelsite.plugin import TemplateCachePlugin

            config.plugins["modelsite/template-cache"] = TemplateCachePlugin()
        build(config)
    except ConfigurationError as exc:
        raise InputError(where, f"invalid MkDocs configuration: {exc}") from None
    except Abort as exc:
        if problems.errors:
            raise InputError(where, problems.summary(problems.errors)) from None
        if problems.warnings:
            raise BuildFailed(
                f"{where}: --strict and {problems.summary(problems.warnings)}"
            ) from None
        raise BuildFailed(str(exc)) from None


class _MkDocsConfigProblems(logging.Handler):
    """The validation messages MkDocs logs ("Config value 'theme': ...") before it aborts with
    a bare "Aborted with a configuration error!", renamed to the setting's key. They are kept
    from MkDocs' own log output and reported once, naming the user's file."""

    def __init__(self, prefix: str) -> None:
        super().__init__(level=logging.WARNING)
        self.prefix = prefix
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self._logger = logging.getLogger("mkdocs.config")

    def __enter__(self) -> _MkDocsConfigProblems:
        self._logger.addHandler(self)
        self._propagate, self._logger.propagate = self._logger.propagate, False
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)
        self._logger.propagate = self._propagate

    def emit(self, record: logging.LogRecord) -> None:
        message = re.sub(
            r"^Config value '([^']*)': ",
            lambda m: f"`{self.prefix}{m.group(1)}`: ",
            record.getMessage(),
        )
        message = " ".join(message.split())  # MkDocs' messages may span lines
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)

    @staticmethod
    def summary(messages: list[str]) -> str:
        more = f" (and {count(len(messages) - 1, 'other problem')})" if len(messages) > 1 else ""
        return messages[0] + more


def _fail_if_strict(strict: bool, counter: WarningCounter) -> None:
    """Under `--strict`, a warning fails the build before its site replaces the last one."""
    if strict and counter.messages:
        raise BuildFailed(
            f"--strict and {count(len(counter.messages), 'warning')}; the site was not replaced"
        )


def build_site(
    root: Path,
    output: Path | None = None,
    *,
    strict: bool = False,
    builder: str = "",
    site_url: str = "",
) -> BuildResult:
    """Build the site of the project at `root` into `output` (default `root/site`) with
    `builder` (`mkdocs` or `zensical`; default: `builder:` in modelsite.yml, else the installed
    one, `builders.choose_builder`).

    `site_url` (`--site-url`) is where the site will be published; it stands for
    `publish.site_url` (`reader_settings.site_url`).

    The site is built into a hidden folder next to `output` and swapped in only when the build
    succeeded; `output` must be new, empty or an earlier modelsite build (`modelsite.output`).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = root.resolve()
    if not root.is_dir():
        raise InputError(root, "not a folder; give the path of a training project")
    site_dir = (output or root / "site").resolve()
    if site_url:
        check_site_url(site_url, None, "--site-url")
    check_output_folder(site_dir, project=root, what="site folder")  # before any work
    with WarningCounter() as counter:
        own_config = root / "mkdocs.yml"
        if own_config.is_file():
            if builder == "zensical":
                raise InputError(
                    own_config,
                    "--builder zensical builds the zero-config site only; your own mkdocs.yml "
                    "needs the modelsite plugin (MkDocs). Run `modelsite render` and build "
                    "that tree with Zensical instead",
                )
            with replacing(
                site_dir, project=root, inputs=[own_config], what="site folder"
            ) as staging:
                overrides = {"site_dir": str(staging)} | (
                    {"site_url": site_url} if site_url else {}
                )
                _run_mkdocs(str(own_config), overrides, strict, needs_plugin=True)
                _fail_if_strict(strict, counter)
            return BuildResult(site_dir=site_dir, warnings=tuple(counter.messages))
        site = with_site_url(collect_site(root), site_url)
        source = site.config.source or "modelsite.yml"
        chosen = choose_builder(builder or site.config.builder, source=source)
        with (
            replacing(
                site_dir, project=root, inputs=site_inputs(site), what="site folder"
            ) as staging,
            tempfile.TemporaryDirectory(prefix="modelsite-docs-") as tmp,
        ):
            tree = Path(tmp)
            write_tree(site, tree, shipped_overrides=chosen == "mkdocs")
            # the pages are rendered: a template error has stopped the build before this
            _fail_if_strict(strict, counter)
            if chosen == "mkdocs":
                _run_mkdocs(
                    str(tree / "mkdocs.yml"),
                    {"site_dir": str(staging)},
                    strict,
                    source=source,
                    prefix="mkdocs." if site.config.mkdocs else "",
                    cache_templates=True,
                )
            else:
                run_zensical(tree, staging, strict=strict, source=source)
            _fail_if_strict(strict, counter)
    return BuildResult(site_dir=site_dir, warnings=tuple(counter.messages), builder=chosen)
