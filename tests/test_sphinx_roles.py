"""Sphinx roles in docstrings: links to the project's own objects, inline code otherwise (issue 12).

The built pages are read as a reader sees them: a role naming one of the project's objects is a
link to that object's anchor, any other role is inline code or text, and no `:role:` markup or
`<autoref>` marker is left on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import griffe
import pytest

from build_support import article, build, write
from modelsite.docstrings.sphinx_roles import SphinxRoles, plain_roles
from modelsite.sanitize import sanitize_html

OPS = '''
    """Sphinx-style helpers, used by :func:`scale` and :class:`Scaler`."""

    from sklearn.base import BaseEstimator


    def scale(values, factor=2.0):
        """Scale like :meth:`Scaler.transform`, unlike :class:`~sklearn.base.StandardScaler`.

        See :ref:`the usage notes <scaling-usage>`, :attr:`Scaler.factor`, :obj:`missing_name`
        and :func:`!scale`.

        :param values: The numbers to scale, see :class:`pkg.ops.Scaler`.
        :param factor: What to multiply by.
        :returns: The scaled numbers.
        """
        return [v * factor for v in values]


    class Scaler(BaseEstimator):
        """Multiply by a factor (a :class:`sklearn.base.BaseEstimator`).

        :param factor: The factor; :meth:`transform` uses it.
        """

        factor: float = 2.0
        """The factor."""

        def __init__(self, factor=2.0):
            self.factor = factor

        def transform(self, X):
            """Apply :func:`~pkg.ops.scale` to `X`."""
            return scale(X, self.factor)
'''


def paragraph(html: str, start: str) -> str:
    """The HTML paragraph whose text starts with `start`."""
    for match in re.finditer(r"<p>(.*?)</p>", html, flags=re.S):
        if match.group(1).startswith(start):
            return match.group(1)
    raise AssertionError(f"no paragraph starting {start!r}")


def link(html: str, text: str) -> str | None:
    """The href of the link whose content is `<code>text</code>`, or None."""
    match = re.search(
        r'<a class="autorefs[^"]*"[^>]*href="([^"]+)"[^>]*><code>' + re.escape(text), html
    )
    return match.group(1) if match else None


@pytest.fixture(scope="module")
def ops_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = write(
        tmp_path_factory.mktemp("proj"),
        {
            "pkg/__init__.py": '"""Forest tools, see :class:`~pkg.ops.Scaler`."""\n',
            "pkg/ops.py": OPS,
        },
    )
    out = build(root)
    return article(out / "reference" / "pkg" / "ops" / "index.html")


def test_roles_naming_project_objects_are_links(ops_page: str) -> None:
    module = paragraph(ops_page, "Sphinx-style helpers")
    assert link(module, "scale") == "#pkg.ops.scale"
    assert link(module, "Scaler") == "#pkg.ops.Scaler"
    first = paragraph(ops_page, "Scale like")
    assert link(first, "Scaler.transform") == "#pkg.ops.Scaler.transform"  # as written
    second = paragraph(ops_page, "See ")
    assert link(second, "Scaler.factor") == "#pkg.ops.Scaler.factor"
    # In a class's docstring a bare name is looked up in the class first, as Sphinx does.
    assert link(paragraph(ops_page, "The factor; "), "transform") == "#pkg.ops.Scaler.transform"
    # `~` shows the last component; in a parameter description too.
    assert link(paragraph(ops_page, "Apply "), "scale") == "#pkg.ops.scale"
    assert link(paragraph(ops_page, "The numbers to scale"), "pkg.ops.Scaler") == "#pkg.ops.Scaler"


def test_other_roles_are_code_or_text(ops_page: str) -> None:
    first = paragraph(ops_page, "Scale like")
    assert "unlike <code>StandardScaler</code>" in first and "sklearn" not in first
    second = paragraph(ops_page, "See ")
    assert second.startswith("See the usage notes, ")  # :ref: shows its title, no link
    assert "<code>missing_name</code>" in second and link(second, "missing_name") is None
    assert "and <code>scale</code>" in second and link(second, "scale") is None  # `!`: no link
    assert "<code>sklearn.base.BaseEstimator</code>" in paragraph(ops_page, "Multiply by")


def test_no_raw_markup_left(ops_page: str) -> None:
    text = re.sub(r"<[^>]+>", " ", ops_page)
    for role in (":class:", ":func:", ":meth:", ":attr:", ":obj:", ":ref:", ":mod:"):
        assert role not in text
    assert "<autoref" not in ops_page and "scaling-usage" not in ops_page


def test_package_page_links_to_the_module_page(tmp_path: Path) -> None:
    root = write(
        tmp_path / "proj",
        {
            "pkg/__init__.py": '"""Forest tools, see :class:`~pkg.ops.Scaler`."""\n',
            "pkg/ops.py": OPS,
        },
    )
    out = build(root)
    page = article(out / "reference" / "pkg" / "index.html")
    assert link(paragraph(page, "Forest tools"), "Scaler") == "ops/#pkg.ops.Scaler"


def test_extension_resolves_after_the_whole_package_is_loaded(tmp_path: Path) -> None:
    """A role naming an object defined further down, or in a module loaded later, resolves."""
    write(
        tmp_path,
        {
            "lib/__init__.py": (
                '"""See :func:`lib.b.later` and :class:`Thing`."""\nfrom ._impl import Thing\n'
            ),
            "lib/_impl.py": "class Thing:\n    pass\n",
            "lib/a.py": '"""Uses :func:`helper`."""\n\n\ndef helper():\n    pass\n',
            "lib/b.py": "def later():\n    pass\n",
        },
    )
    loader = griffe.GriffeLoader(
        extensions=griffe.load_extensions(SphinxRoles), search_paths=[tmp_path]
    )
    lib = loader.load("lib")
    assert 'identifier="lib.b.later"' in lib.docstring.value
    assert 'identifier="lib._impl.Thing"' in lib.docstring.value  # the canonical path
    assert 'identifier="lib.a.helper"' in lib["a"].docstring.value


def test_plain_roles_without_a_resolver_is_text() -> None:
    assert plain_roles(":class:`~a.b.C` and :func:`f <a.f>` and :math:`x^2`") == (
        "`C` and `f` and `x^2`"
    )
    assert plain_roles(":ref:`label` :doc:`guide/intro`") == "label intro"
    assert plain_roles("Wraps :class:`~a.b.C`.", markdown=False) == "Wraps C."


def test_sanitizer_keeps_autorefs_but_not_markup_in_their_identifiers() -> None:
    kept = '<autoref identifier="pkg.ops.Scaler" optional=""><code>Scaler</code></autoref>'
    assert sanitize_html(kept) == kept
    # mkdocs-autorefs writes an unresolved identifier back unescaped: no markup may reach it.
    out = sanitize_html('<autoref identifier="&lt;img src=x onerror=alert(1)&gt;">x</autoref>')
    assert "identifier" not in out and "&lt;img" not in out
    out = sanitize_html("<autoref identifier='a\" onclick=\"alert(1)'>x</autoref>")
    assert "onclick" not in out
