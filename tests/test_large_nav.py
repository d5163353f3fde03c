"""Very large projects: the navigation each page carries is bounded (issue 18, item 4).

The probe: 5,000 one-function modules gave a 6.9 GB site, 1.46 MB a page, because every page
carried a flat list of every module. Up to `NAV_FANOUT ** 2` modules the reference is grouped
into two balanced levels of at most `NAV_FANOUT` entries and Material prunes the groups off a
page's path; above, the navigation holds the reference index alone and its body links every
module. Either way a page carries at most three levels of `NAV_FANOUT` reference entries
(two, plus its package's section, in a one-package project), whatever the number of modules.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

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


def carried(entries: list[Any], page: str) -> int:
    """How many entries a page carries under Material's `navigation.prune`: every entry of
    the top level, and the children of each section on the page's own path."""
    count = len(entries)
    for entry in entries:
        if isinstance(entry, dict):
            (value,) = entry.values()
            if isinstance(value, list) and page in pages_of(value):
                count += carried(value, page)
    return count


@pytest.mark.parametrize("count", [40, 100, 101, 240, 1000, 2499, 2500, 2501, 5000, 100_000])
def test_no_page_carries_more_than_twice_the_fanout(count: int) -> None:
    names = ["big"] + [f"big.m{i:06d}" for i in range(count)]
    nav = reference_nav(names)
    listed = pages_of(nav)
    assert len(listed) == len(set(listed))
    for page in listed or [module_page(names[-1])]:
        assert carried(nav, page) <= 2 * NAV_FANOUT + 2  # + the package's section and page


@pytest.mark.parametrize("packages", [2, 49, 50, 51, 400])
def test_several_packages_carry_at_most_three_levels(packages: int) -> None:
    per = 2400 // packages
    names = [
        n for p in range(packages) for n in (f"p{p:03d}", *(f"p{p:03d}.m{i}" for i in range(per)))
    ]
    nav = reference_nav(names)
    for page in pages_of(nav):
        assert carried(nav, page) <= 3 * NAV_FANOUT + 1


def test_above_the_fanout_squared_the_navigation_lists_no_module() -> None:
    assert reference_nav(["big"] + [f"big.m{i:04d}" for i in range(NAV_FANOUT**2)]) == []
    assert reference_nav([f"script_{i:04d}" for i in range(5000)]) == []


def test_two_thousand_modules_in_bounded_levels_each_once_in_order() -> None:
    names = ["big"] + [f"big.m{i:04d}" for i in range(2000)]
    nav = reference_nav(names)
    assert [list(e) for e in nav] == [["big"]]
    assert pages_of(nav) == [module_page(n) for n in names]
    assert widest_level(nav) <= NAV_FANOUT
    (top,) = nav[0].values()
    assert top[0] == "reference/big/index.md"  # the section links to the package's page
    first_group = next(iter(top[1]))
    assert first_group.startswith("m0000 - ")  # titled by the names it spans, package dropped


def test_many_top_level_scripts_are_grouped_under_one_section() -> None:
    names = [f"script_{i:04d}" for i in range(2400)]
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


def nav_bytes(html: str) -> int:
    """Bytes of a page's outermost `<nav>` elements (tabs, sidebar, table of contents)."""
    total = depth = start = 0
    for tag in re.finditer(r"<nav\b|</nav>", html):
        if tag.group() != "</nav>":
            start = tag.start() if depth == 0 else start
            depth += 1
        else:
            depth -= 1
            total += tag.end() - start if depth == 0 else 0
    return total


def one_function_modules(root: Path, count: int) -> Path:
    pkg = root / "wide"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Wide."""\n')
    for i in range(count):
        (pkg / f"m{i:04d}.py").write_text(
            f'"""Module {i}."""\n\n\ndef f{i}(x: int) -> int:\n    """Return x."""\n    return x\n'
        )
    return root


def site_bytes(site: Path) -> int:
    return sum(f.stat().st_size for f in site.rglob("*") if f.is_file())


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_navigation_per_page_does_not_grow_with_the_modules(tmp_path: Path, builder: str) -> None:
    sites = {}
    for count in (60, 240):
        project = one_function_modules(tmp_path / f"p{count}", count)
        sites[count] = build_site(project, tmp_path / f"s{count}", builder=builder).site_dir
    for page in ("reference/wide/m0000/index.html", "index.html", "cite/index.html"):
        small, large = (nav_bytes((sites[c] / page).read_text(encoding="utf-8")) for c in sites)
        assert large <= small * 1.1, page  # four times the modules, not more navigation
    assert site_bytes(sites[240]) <= 4 * site_bytes(sites[60])  # at most linear in total


@pytest.mark.slow
def test_past_the_fanout_squared_module_pages_are_out_of_the_nav_and_searchable(
    tmp_path: Path,
) -> None:
    count = NAV_FANOUT**2 + 1
    site = build_site(one_function_modules(tmp_path / "p", count), tmp_path / "s").site_dir
    last = f"m{count - 1:04d}"
    page = (site / "reference" / "wide" / last / "index.html").read_text(encoding="utf-8")
    assert page.count('class="md-nav__link') < 2 * NAV_FANOUT
    assert len(re.findall(r'href="[^"]*/m\d{4}/"', page)) <= 2  # previous/next at most
    index = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert f'href="wide/{last}/"' in index
    search = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert f"wide/{last}/" in search
