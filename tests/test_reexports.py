"""Public objects re-exported from private modules are documented where users import them, once.

`pkg/__init__.py` doing `from ._impl import Thing` (with `__all__` or without) publishes
`pkg.Thing`: the built reference shows it on the `pkg` page, `pkg._impl` gets no page of its
own (mkdocstrings' convention: a private module), coverage counts it once, and the code-health
page links its findings to where it is shown (issue 12).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_support import article, build, write
from modelsite.sitemodel import CodeInfo, ModuleInfo

IMPL = '''
    """Private implementation."""


    class Thing:
        """A thing."""

        def run(self, times):
            """Run it."""
            import os
            return times


    def helper(x: int) -> int:
        """Help with x."""
        return x


    def internal(a, b):
        """Not re-exported anywhere."""
        return a
'''

USES = '''
    """A public module using the thing.

    See :class:`lib._impl.Thing`.
    """

    from lib._impl import Thing


    def use(t: Thing) -> int:
        """Use a thing."""
        return t.run(1)
'''

INIT_ALL = (
    '"""The library."""\n\nfrom ._impl import Thing, helper\n\n__all__ = ["Thing", "helper"]\n'
)
INIT_PLAIN = '"""The library."""\n\nfrom ._impl import Thing, helper\n'


def headings(page: Path) -> list[str]:
    return re.findall(r'<h[2-4] id="([^"]+)"', article(page))


@pytest.fixture(scope="module", params=["with __all__", "without __all__"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    init = INIT_ALL if request.param == "with __all__" else INIT_PLAIN
    root = write(
        tmp_path_factory.mktemp("proj"),
        {"lib/__init__.py": init, "lib/_impl.py": IMPL, "lib/uses.py": USES},
    )
    out = build(root)
    return out


def test_documented_where_users_import_it(site: Path) -> None:
    assert headings(site / "reference/lib/index.html") == [
        "lib.Thing",
        "lib.Thing.run",
        "lib.helper",
    ]
    assert not (site / "reference/lib/_impl").exists()
    assert "_impl" not in article(site / "reference/index.html")


def test_documented_once(site: Path) -> None:
    pages = sorted((site / "reference").rglob("index.html"))
    ids = [h for page in pages for h in headings(page)]
    # `lib.uses` imports Thing to use it: not a re-export, not documented there.
    assert ids == ["lib.Thing", "lib.Thing.run", "lib.helper", "lib.uses.use"]
    assert not any("Thing" in h for h in headings(site / "reference/lib/uses/index.html"))


def test_coverage_counts_it_once_under_its_public_path(site: Path) -> None:
    # lib (module, Thing, Thing.run, helper) + lib.uses (module, use): `internal` is private.
    reference = re.sub(r"<[^>]+>", " ", article(site / "reference/lib/index.html"))
    assert "4 of 4 objects documented" in " ".join(reference.split())
    health = " ".join(re.sub(r"<[^>]+>", " ", article(site / "code-health/index.html")).split())
    assert "lib 4 / 4 100%" in health and "lib.uses 2 / 2 100%" in health
    assert "lib._impl" not in health.split("Type hints")[0]


def test_cross_reference_to_the_canonical_path_links_to_the_public_one(site: Path) -> None:
    page = article(site / "reference/lib/uses/index.html")
    assert re.search(
        r'<a class="autorefs[^"]*"[^>]*href="\.\./#lib\.Thing"[^>]*><code>lib\._impl\.Thing', page
    )


def test_code_health_links_findings_to_where_the_code_is_shown(site: Path) -> None:
    page = article(site / "code-health/index.html")
    # The unused import inside Thing.run: linked to Thing.run on the lib page.
    assert re.search(r'<a href="\.\./reference/lib/#lib\.Thing\.run">lib/_impl\.py:9</a>', page)
    # Missing hints: run is shown as lib.Thing.run; `internal` is on no page, so not linked.
    assert re.search(r'<a href="\.\./reference/lib/#lib\.Thing\.run">lib\.Thing\.run</a>', page)
    assert "<td><code>lib._impl.internal</code></td>" in page
    assert "reference/lib/_impl" not in page


def test_public_path_follows_re_exports_and_stops_at_private_modules() -> None:
    code = CodeInfo(
        modules=(ModuleInfo(name="lib", file="lib/__init__.py", summary=""),),
        reexported=(("lib._impl.Thing", "lib.Thing"),),
        private_modules=("lib._impl",),
    )
    assert code.public_path("lib._impl.Thing.run") == ("lib", "lib.Thing.run")
    assert code.public_path("lib._impl.internal") == ("", "")
    assert code.public_path("lib.other") == ("lib", "lib.other")
    assert code.public_path("elsewhere.f") == ("", "")
