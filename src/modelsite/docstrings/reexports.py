"""Public objects re-exported from private modules: documented where users import them.

mkdocstrings' conventions (griffe's `is_public`): a module whose name, or a parent's, starts
with an underscore (`pkg._impl`) is private, so its objects are not documented there; an object
imported into a public module is documented there when the module lists it in `__all__`.
Without `__all__`, griffe counts every import as private, which would leave
`from ._impl import Thing` in `pkg/__init__.py` (the usual way to publish `pkg.Thing`)
undocumented anywhere. So one more rule is applied, the one Python's own convention states:
a package's `__init__.py` without `__all__` re-exports every public name it imports from one of
its own private submodules. Such an object is documented once, at `pkg.Thing`.

`PublicReexports` is the griffe extension applying the rule for mkdocstrings; the site's code
inventory (`collect.code`) counts with the same functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import griffe


def is_private_module(path: str) -> bool:
    """Whether the dotted module `path` is private: a part starts with `_` (`__main__` and the
    like are not private)."""
    return any(p.startswith("_") and not p.endswith("__") for p in path.split("."))


def _init_reexport(module: griffe.Module, alias: griffe.Alias) -> bool:
    """`alias` is imported by the package `module` (no `__all__`) from a private submodule."""
    if module.exports or not module.is_init_module or alias.name.startswith("_"):
        return False
    source = alias.target_path
    if not source.startswith(module.path + "."):
        return False
    return is_private_module(source[len(module.path) + 1 :].rpartition(".")[0])


def reexports(module: griffe.Module) -> Iterator[griffe.Alias]:
    """The aliases `module` documents as its own: listed in `__all__`, or re-exported by a
    package `__init__.py` from a private submodule. None for a private module."""
    if is_private_module(module.path):
        return
    for member in module.members.values():
        if not member.is_alias:
            continue
        alias: Any = member
        try:
            if alias.inherited or alias.final_target.is_module:
                continue
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue  # imported from a library that is not loaded: not the project's object
        if module.exports:
            if alias.name in module.exports:
                yield alias
        elif _init_reexport(module, alias):
            yield alias


def modules(module: griffe.Module) -> Iterator[griffe.Module]:
    """`module` and its submodules (not those it imports)."""
    yield module
    for member in module.members.values():
        if not member.is_alias and member.is_module:
            yield from modules(member)  # type: ignore[arg-type]


class PublicReexports(griffe.Extension):
    """Mark the re-exports of package `__init__.py` files without `__all__` public."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Mark them once the package is loaded (aliases resolve then). An object re-exported
        by several packages is documented by the first (by name) only."""
        seen: set[str] = set()
        for module in sorted(modules(pkg), key=lambda m: m.path):
            for alias in reexports(module):
                target = alias.final_target.path
                if not module.exports and target not in seen:
                    alias.public = True
                seen.add(target)
