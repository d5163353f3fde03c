"""Very large projects: the navigation each page carries is bounded (issue 18, item 4).

The probe: 5,000 one-function modules gave a 6.9 GB site, 1.46 MB a page, because every page
carried a flat list of every module. The reference is now grouped into balanced levels of at
most `NAV_FANOUT` entries and Material prunes the groups off a page's path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from modelsite.build import build_site
from modelsite.render import NAV_FANOUT, module_page, reference_nav


def pages_of(entries: list[Any]) -> list[str]:
    out: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            out.append(entry)
        else:
            (value,) = entry.values()
            out += pages_of(value) if isinstance(value, list) else [value]
    return out


def widest_level(entries: list[Any]) -> int:
    widest = len(entries)
    for entry in entries:
        if isinstance(entry, dict):
            (value,) = entry.values()
            if isinstance(value, list):
                widest = max(widest, widest_level(value))
    return widest


def test_small_reference_stays_a_flat_list() -> None:
    names = ["pkg"] + [f"pkg.m{i}" for i in range(2 * NAV_FANOUT - 1)]
    assert reference_nav(names) == [{n: module_page(n)} for n in names]


def test_five_thousand_modules_in_bounded_levels_each_once_in_order() -> None:
    names = ["big"] + [f"big.m{i:04d}" for i in range(5000)]
    nav = reference_nav(names)
    assert [list(e) for e in nav] == [["big"]]
    assert pages_of(nav) == [module_page(n) for n in names]
    assert widest_level(nav) <= NAV_FANOUT
    (top,) = nav[0].values()
    assert top[0] == "reference/big/index.md"  # the section links to the package's page
    first_group = next(iter(top[1]))
    assert first_group.startswith("m0000 - ")  # titled by the names it spans, package dropped


def test_many_top_level_scripts_are_grouped_under_one_section() -> None:
    names = [f"script_{i:04d}" for i in range(3000)]
    nav = reference_nav(names)
    assert [list(e) for e in nav] == [["Modules"]]
    assert pages_of(nav) == [module_page(n) for n in names]
    assert widest_level(nav) <= NAV_FANOUT


def test_several_packages_keep_their_own_sections() -> None:
    names = ["a", *(f"a.x{i:03d}" for i in range(150)), "b", "b.only", "c"]
    nav = reference_nav(names)
    assert [next(iter(e)) for e in nav] == ["a", "b", "c"]
    assert nav[1] == {"b": ["reference/b/index.md", {"b.only": "reference/b/only/index.md"}]}
    assert nav[2] == {"c": "reference/c/index.md"}
    assert pages_of(nav) == [module_page(n) for n in names]


def test_built_page_carries_its_group_not_every_module(tmp_path: Path) -> None:
    count = 3 * NAV_FANOUT
    pkg = tmp_path / "wide"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""Wide."""\n')
    for i in range(count):
        (pkg / f"m{i:03d}.py").write_text(f'"""Module {i}."""\n\nX = {i}\n"""A number."""\n')
    site = build_site(tmp_path, tmp_path / "out").site_dir
    page = site / "reference" / "wide" / "m000" / "index.html"
    html = page.read_text(encoding="utf-8")
    linked = set(re.findall(r'href="\.\./(m\d{3})/"', html))
    assert "m001" in linked  # a sibling in its own group
    assert f"m{count - 1:03d}" not in linked  # a module in another group: pruned
    assert len(linked) <= NAV_FANOUT
    index = (site / "reference" / "index.html").read_text(encoding="utf-8")
    for i in range(count):  # every module is still reachable from the reference index
        assert f'href="wide/m{i:03d}/"' in index
