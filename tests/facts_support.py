"""Helpers for the "facts the project states" tests: small real projects whose model is saved
with plain `skops.io.dump` (no `modelsite.export()`), built into pages, cards and init files."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from modelsite.log import WarningCounter
from modelsite.pipeline import collect_site
from modelsite.render import render_pages
from modelsite.sitemodel import Site

PLAIN_TRAIN = '''\
"""Fit a small tree on the iris data and save it with skops."""

import skops.io as sio
from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier


def main():
    X, y = load_iris(return_X_y=True)
    model = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    sio.dump(model, "model.skops")


if __name__ == "__main__":
    main()
'''


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def run_python(root: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )


def plain_project(root: Path, files: dict[str, str] | None = None) -> Path:
    """A project with a top-level `train.py` that dumps `model.skops` with plain skops (run
    here), plus `files`."""
    root.mkdir(parents=True, exist_ok=True)
    write(root, {"train.py": PLAIN_TRAIN, **(files or {})})
    run_python(root, "train.py")
    return root


def pages_of(root: Path) -> tuple[dict[str, str], Site, list[str]]:
    with WarningCounter() as counter:
        site = collect_site(root)
        pages = render_pages(site)
    return pages, site, counter.messages


def edit_schema(path: Path, edit: object) -> None:
    """Rewrite `schema.json` of the `.skops` zip at `path` with `edit(schema)` (in place)."""
    import json
    import zipfile

    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    schema = json.loads(members["schema.json"])
    edit(schema)  # type: ignore[operator]
    members["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def rename_class(schema: object, old: str, module: str, name: str) -> int:
    """Give every object node of class `old` the class `module.name` (an estimator of a library
    that is not installed here: the same saved attributes under another class). Returns how
    many nodes were renamed."""
    from skops_support import schema_nodes

    renamed = 0
    for node in schema_nodes(schema):
        if node.get("__class__") == old:
            node["__module__"], node["__class__"] = module, name
            renamed += 1
    return renamed
