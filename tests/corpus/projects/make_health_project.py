"""Build the code-health hostile project into a folder (issue 9; nothing binary is committed).

    python tests/corpus/projects/make_health_project.py DEST    # writes DEST/messy/

`build_health_project(dest, broken_config=False) -> Path` writes a small src-layout project
`messy` whose training package has:
- `broken.py`, a file no Python parser accepts (ruff reports it; griffe leaves it out);
- `HOSTILE_FILE`, a file whose name carries HTML and Markdown syntax and holds a lint finding, so
  the finding's `file:line` is hostile text on the page;
- `core.py`, with an unused import, a comparison to None and unformatted code.
With `broken_config=True` it also gets a `ruff.toml` ruff cannot read.
A correct site still builds, shows each problem as a located message, and shows the hostile
file name as plain text.
"""

from __future__ import annotations

import sys
from pathlib import Path

HOSTILE_FILE = "x<img src=x onerror=alert(1)>|[a](javascript:alert(2)).py"
BROKEN_CONFIG = "[lint]\nselect = 3\n"

FILES = {
    "pyproject.toml": '[project]\nname = "messy"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n',
    "src/messy/__init__.py": '"""A messy training package."""\n',
    "src/messy/core.py": (
        '"""Core."""\n\nimport os\n\n\ndef is_none(x:int)->bool:\n'
        '    """Whether `x` is None."""\n    return x == None\n'
    ),
    "src/messy/broken.py": '"""Cannot be parsed."""\n\ndef f(:\n    pass\n',
    f"src/messy/{HOSTILE_FILE}": "import sys\n",
}


def build_health_project(dest: Path, broken_config: bool = False) -> Path:
    root = dest / "messy"
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if broken_config:
        (root / "ruff.toml").write_text(BROKEN_CONFIG, encoding="utf-8")
    return root


if __name__ == "__main__":
    print(build_health_project(Path(sys.argv[1]), broken_config="--broken-config" in sys.argv))
