"""Where the time of one site build goes: time by phase, ours vs plain.

Profiles `modelsite build PROJECT` (or, with `--plain`, `mkdocs build -f MKDOCS_YML`) in this
process with cProfile (wall time: on a busy machine, compare shares rather than seconds) and
prints the cumulative seconds of the phases that matter: collecting the project, our page
rendering, MkDocs' Markdown conversion, mkdocstrings (griffe loading, rendering), the search
index, the HTML sanitizer, theme rendering.

    python benchmarks/profile_build.py benchmarks/.work/build/sklearn/project
    python benchmarks/profile_build.py --plain benchmarks/.work/build/sklearn/plain/mkdocs.yml
    python benchmarks/profile_build.py PROJECT --save /tmp/ours.prof   # for snakeviz etc.

The projects under `.work/` are made by `bench_build.py`.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

PHASES = [
    ("collect the project (modelsite.pipeline.collect_site)", "pipeline.py", "collect_site"),
    ("  code inventory (griffe)", "collect/code.py", "collect_code"),
    ("  code health (ruff, type hints)", "health/measure.py", "collect_health"),
    ("  reproduce/docker/cite", "repro/gather.py", "attach_repro"),
    ("  model cards", "card/content.py", "collect_cards"),
    ("render our pages (modelsite.render.render_pages)", "render.py", "render_pages"),
    ("mkdocs build (everything below)", "mkdocs/commands/build.py", "build"),
    ("  Markdown to HTML, per page", "mkdocs/structure/pages.py", "render"),
    ("    mkdocstrings: griffe load of the package", "_internal/loader.py", "load"),
    ("    mkdocstrings: griffe alias resolution", "_internal/loader.py", "resolve_aliases"),
    ("    mkdocstrings: render HTML", "python/_internal/handler.py", "render"),
    ("    syntax highlighting (pygments)", "pymdownx/highlight.py", "highlight"),
    ("  search index (Material search plugin)", "search/plugin.py", "on_page_context"),
    ("  HTML sanitizer (modelsite plugin)", "modelsite/plugin.py", "on_page_content"),
    ("  theme templates (page HTML)", "mkdocs/commands/build.py", "_build_theme_template"),
    ("  write pages", "mkdocs/commands/build.py", "_build_page"),
    ("  autorefs (cross-references)", "mkdocs_autorefs/_internal/plugin.py", "on_env"),
    ("Jinja template compilation (all environments)", "jinja2/environment.py", "compile"),
]


def phase_table(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Cumulative seconds of each phase (summed over matching functions)."""
    rows = []
    entries = stats.stats  # type: ignore[attr-defined]
    for label, file_part, func in PHASES:
        total = 0.0
        for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in entries.items():
            if name == func and filename.replace(os.sep, "/").endswith(file_part):
                total += ct
        rows.append((label, total))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="project folder (ours) or mkdocs.yml (with --plain)")
    parser.add_argument("--plain", action="store_true", help="profile `mkdocs build` instead")
    parser.add_argument("--save", help="also write the raw profile here")
    parser.add_argument("--top", type=int, default=0, help="also print the N costliest functions")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="profile-site-") as out:
        if args.plain:
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            config_file = Path(args.target).resolve()
            os.chdir(config_file.parent)
            config = load_config(config_file=str(config_file), site_dir=out)
            profiler.runcall(build, config)
        else:
            from modelsite.build import build_site

            profiler.runcall(build_site, Path(args.target), Path(out))
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(
        f"| Phase ({'plain mkdocs build' if args.plain else 'modelsite build'}) "
        f"| s | share |\n|---|---|---|"
    )
    for label, seconds in phase_table(stats):
        if seconds:
            print(
                f"| {label.replace(' ', '&nbsp;', len(label) - len(label.lstrip()))} "
                f"| {seconds:.2f} | {seconds / total:.0%} |"
            )
    print(f"| total | {total:.2f} | 100% |")
    if args.top:
        stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
