"""The hostile-input probe of issue 18 as a corpus: one small project (or folder) per attack.

`build_corpus(dest) -> {name: Attack}` writes every case under `dest/NAME/`; or run
`python tests/corpus/attacks/make_attacks.py DEST` to look at them. Each `Attack` names the
command to run (in `dest/NAME/`), the exit code and the one-line error a correct modelsite gives,
and the files that must come out byte-for-byte intact. `tests/test_attacks.py` runs them all.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Attack:
    argv: tuple[str, ...]
    """`modelsite` arguments, run in the case's folder."""
    exit_code: int
    error: str = ""
    """Text the one error line must contain (empty: no error line expected)."""
    intact: tuple[str, ...] = ("",)
    """Folders (relative to the case) whose files must be unchanged; `""` is the whole case."""
    created: tuple[str, ...] = ()
    """Paths that must exist afterwards (a site that was built)."""
    absent: tuple[str, ...] = ()
    """Paths that must not exist afterwards (nothing half-written)."""
    warning: str = ""
    """Text a warning line must contain."""
    never: tuple[tuple[str, str], ...] = ()
    """`(file, text)`: files (relative to the case) that must not hold the text (a payload that
    got through); every HTML page under the folder when `file` ends in `/`."""
    no_attribute: tuple[tuple[str, str], ...] = ()
    """`(folder, name)`: no HTML tag in the folder's pages carries the attribute `name` (text
    that shows the payload is fine; markup that obeys it is not)."""
    present: tuple[tuple[str, str], ...] = ()
    """`(file, text)`: files that must hold the text (the rest of a page after a payload)."""
    shows: tuple[str, ...] = ()
    """Text standard output must hold (what the user must still see, escaped)."""
    hides: tuple[str, ...] = ()
    """Characters standard output must not hold (terminal control codes)."""
    before: tuple[str, ...] = ()
    """`modelsite` arguments run first (an earlier site the attack must leave as it was)."""
    notes: dict[str, str] = field(default_factory=dict)


def project(root: Path, package: str = "fit_iris", model: bool = True) -> Path:
    """A tiny training project: a package, a model, a config, a citation and a pyproject."""
    pkg = root / package
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Fit iris."""\n')
    (pkg / "train.py").write_text(
        textwrap.dedent('''\
        """Training."""


        def make_model(c: float = 1.0):
            """Make the model."""
            from sklearn.linear_model import LogisticRegression

            return LogisticRegression(C=c, max_iter=500, random_state=0)
        ''')
    )
    if model:
        import skops.io
        from sklearn.datasets import load_iris
        from sklearn.linear_model import LogisticRegression

        X, y = load_iris(return_X_y=True)
        skops.io.dump(LogisticRegression(max_iter=500).fit(X, y), root / "model.skops")
    (root / "modelsite.yml").write_text("card:\n  summary: Iris.\n")
    (root / "CITATION.cff").write_text(
        "cff-version: 1.2.0\nmessage: Cite it.\ntitle: Iris fit\nauthors:\n  - name: A. Person\n"
    )
    (root / "pyproject.toml").write_text('[project]\nname = "fit-iris"\nversion = "1.0"\n')
    return root


def user_folder(root: Path) -> Path:
    """A folder of the user's own work."""
    root.mkdir(parents=True)
    (root / "chapter1.tex").write_text("\\chapter{One}\n")
    (root / "data.csv").write_text("a,b\n1,2\n")
    return root


def hostile_model(path: Path, metrics: str) -> None:
    """A model that needs an untrusted type (`builtins.abs`) and embeds modelsite metadata whose
    `metrics` mapping is `metrics` (JSON text, escapes kept as written)."""
    import zipfile

    import skops.io
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    X, y = load_iris(return_X_y=True)
    model = make_pipeline(FunctionTransformer(abs), LogisticRegression(max_iter=300)).fit(X, y)
    skops.io.dump(model, path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("modelsite.json", '{"format": 1, "metrics": ' + metrics + "}")


def docstring_module(root: Path, payloads: list[str], after: str = "") -> None:
    """`fit_iris/train.py` with a module docstring of HTML `payloads`, then the text `after`."""
    (root / "fit_iris" / "train.py").write_text(
        '"""Training.\n\n' + "\n\n".join(payloads) + f"\n\n{after}\n" + '"""\n\n\nX = 1\n'
    )


def _alias_bomb() -> str:
    lines = ["mkdocs:", "  extra:", '    l0: &l0 ["lol"]']
    for level in range(1, 10):
        lines.append(f"    l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def build_corpus(dest: Path) -> dict[str, Attack]:
    cases: dict[str, tuple[Callable[[Path], None], Attack]] = {}

    def case(name: str, attack: Attack) -> Callable[[Callable[[Path], None]], None]:
        def register(make: Callable[[Path], None]) -> None:
            cases[name] = (make, attack)

        return register

    @case("build_into_the_project", Attack(("build", "proj", "-o", "proj"), 2, "is the project"))
    def _(d: Path) -> None:
        project(d / "proj")

    @case(
        "build_into_the_parent",
        Attack(("build", "proj", "-o", "."), 2, "contains the project"),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        user_folder(d / "thesis")

    @case(
        "build_into_a_folder_of_user_files",
        Attack(
            ("build", "proj", "-o", "thesis"), 2, "holds chapter1.tex and 1 other file and was not"
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        user_folder(d / "thesis")

    @case(
        "package_named_site",
        Attack(("build", "proj"), 2, "holds __init__.py and 1 other file and was not written"),
    )
    def _(d: Path) -> None:
        project(d / "proj", package="site")

    @case(
        "mkdocs_site_dir_in_modelsite_yml",
        Attack(
            ("build", "proj", "-o", "out"), 2, "`mkdocs.site_dir` cannot be set", absent=("out",)
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        user_folder(d / "victim")
        (d / "proj" / "modelsite.yml").write_text("mkdocs:\n  site_dir: ../victim\n")

    @case(
        "build_onto_a_file",
        Attack(("build", "proj", "-o", "notes.txt"), 2, "is a file, not a folder"),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "notes.txt").write_text("my notes\n")

    @case(
        "card_onto_the_model",
        Attack(("card", "proj", "-o", "proj/model.skops"), 2, "is an input of the card"),
    )
    def _(d: Path) -> None:
        project(d / "proj")

    @case("card_onto_a_folder", Attack(("card", "proj", "-o", "proj/docs"), 2, "is a folder"))
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "proj" / "docs").mkdir()
        (d / "proj" / "docs" / "keep.md").write_text("mine\n")

    @case(
        "yaml_alias_bomb",
        Attack(("build", "proj", "-o", "out"), 2, "refused: aliases expand it", absent=("out",)),
    )
    def _(d: Path) -> None:
        project(d / "proj", model=False)
        (d / "proj" / "modelsite.yml").write_text(_alias_bomb())

    @case(
        "bad_mkdocs_value",
        Attack(
            ("build", "proj", "-o", "out"),
            2,
            "modelsite.yml: `mkdocs.theme`: Unrecognised theme name",
            absent=("out",),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj", model=False)
        (d / "proj" / "modelsite.yml").write_text("mkdocs:\n  theme: {name: nope}\n")

    @case(
        "unknown_config_key_strict",
        Attack(
            ("build", "proj", "-o", "out", "--strict"),
            1,
            "--strict",
            warning="unknown key `metrix` ignored; did you mean `metrics`?",
            absent=("out",),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "proj" / "modelsite.yml").write_text("metrix: []\n")

    @case(
        "init_through_a_github_symlink",
        Attack(("init", "proj"), 2, "is a symlink to", intact=("elsewhere", "proj")),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "elsewhere").mkdir()
        (d / "proj" / ".github").symlink_to(d / "elsewhere")

    @case(
        "rebuild_over_an_earlier_site",
        Attack(("build", "proj", "-o", "out"), 0, intact=("proj",), created=("out/index.html",)),
    )
    def _(d: Path) -> None:
        project(d / "proj")

    @case(
        "directory_symlinks_that_loop",
        Attack(
            ("build", "proj", "-o", "out"), 2, "a folder it is inside of (a loop)", absent=("out",)
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "proj" / "fit_iris" / "a").symlink_to(
            d / "proj" / "fit_iris", target_is_directory=True
        )
        (d / "proj" / "fit_iris" / "b").symlink_to(d / "proj", target_is_directory=True)

    @case(
        "fifo_given_to_inspect",
        Attack(("inspect", "pipe.skops"), 2, "is not a regular file (a FIFO, device or socket)"),
    )
    def _(d: Path) -> None:
        os.mkfifo(d / "pipe.skops")

    @case(
        "broken_symlinked_py_in_docstrings",
        Attack(
            ("docstrings", "proj"), 0, warning="scripts/gone.py: broken symbolic link; left out"
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj", model=False)
        (d / "proj" / "scripts").mkdir()
        (d / "proj" / "scripts" / "run.py").write_text('"""Run."""\n')
        (d / "proj" / "scripts" / "gone.py").symlink_to(d / "missing.py")
        (d / "proj" / "scripts" / "far.py").symlink_to("/etc/hostname")

    @case(
        "user_template_that_raises",
        Attack(
            ("build", "proj", "-o", "out"),
            2,
            "index.md.jinja",
            intact=("proj", "out"),
            before=("build", "good", "-o", "out"),
        ),
    )
    def _(d: Path) -> None:
        project(d / "good")
        project(d / "proj", model=False)
        (d / "proj" / "modelsite.yml").write_text("templates: templates\n")
        (d / "proj" / "templates" / "pages").mkdir(parents=True)
        (d / "proj" / "templates" / "pages" / "index.md.jinja").write_text(
            "{{ site.no_such_field.deeper }}\n"
        )

    @case(
        "docstring_html_that_runs_script",
        Attack(
            ("build", "proj", "-o", "out"),
            0,
            intact=("proj",),
            created=("out/reference/fit_iris/train/index.html",),
            never=tuple(
                ("out/reference/", t) for t in ("<img", "javascript:", "<embed", "<animate", "<set")
            ),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        payloads = [
            "<!--><img src=x onerror=alert(1)>-->",
            '<svg><a><animate attributeName=href values="javascript:alert(2)"/>'
            "<text>x</text></a></svg>",
            '<svg><set attributeName=href to="javascript:alert(3)"/></svg>',
            "<embed src=x>",
        ]
        (d / "proj" / "fit_iris" / "train.py").write_text(
            '"""Training.\n\n' + "\n\n".join(payloads) + '\n"""\n\n\nX = 1\n'
        )

    @case(
        "repository_url_with_markup",
        Attack(
            ("build", "proj", "-o", "out"),
            0,
            intact=("proj",),
            created=("out/index.html",),
            never=(("out/", "<img src=x onerror"),),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "proj" / "modelsite.yml").write_text(
            "card:\n  summary: Iris.\npublish:\n"
            '  repository: "https://github.com/o/r\\"><img src=x onerror=alert(1)>"\n'
        )

    @case(
        "bibtex_field_breakout",
        Attack(
            ("build", "proj", "-o", "out"),
            0,
            intact=("proj",),
            created=("out/cite/index.html",),
            never=(("out/cite/index.html", "note = {"),),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "proj" / "CITATION.cff").write_text(
            "cff-version: 1.2.0\nmessage: Cite it.\ntitle: 'Iris \\input{/etc/passwd}'\n"
            "authors:\n  - name: 'A. \\Person'\n"
            'url: "https://example.org/}, note = {\\input{/etc/passwd}}, x = {"\n'
        )

    @case(
        "metric_name_erases_untrusted_types",
        Attack(
            ("inspect", "model.skops"),
            0,
            shows=("builtins.abs", "\\x1b[2J\\x1b[H"),
            hides=("\x1b",),
        ),
    )
    def _(d: Path) -> None:
        hostile_model(d / "model.skops", '{"\\u001b[2J\\u001b[H": 0.5}')

    @case(
        "metric_name_sets_terminal_title",
        Attack(
            ("inspect", "model.skops"),
            0,
            shows=("\\x1b]0;pwned\\x07",),
            hides=("\x1b", "\x07"),
        ),
    )
    def _(d: Path) -> None:
        hostile_model(d / "model.skops", '{"\\u001b]0;pwned\\u0007": 0.25}')

    @case(
        "lone_surrogate_in_metadata",
        Attack(("inspect", "model.skops"), 0, shows=("acc\ufffd",), warning="not valid Unicode"),
    )
    def _(d: Path) -> None:
        hostile_model(d / "model.skops", '{"acc\\ud800": 0.9}')

    @case(
        "file_name_injects_into_edit_link",
        Attack(
            ("build", "proj", "-o", "out"),
            0,
            intact=("proj",),
            created=("out/index.html",),
            no_attribute=(("out/", "onmouseover"),),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        (d / "proj" / "modelsite.yml").write_text(
            "card:\n  summary: Iris.\npublish:\n  repository: https://github.com/o/r\n"
        )
        (d / "proj" / "fit_iris" / 'm" onmouseover="alert(1)" x=".py').write_text('"""M."""\n')

    @case(
        "docstring_html_that_fetches_other_hosts",
        Attack(
            ("build", "proj", "-o", "out"),
            0,
            intact=("proj",),
            created=("out/reference/fit_iris/train/index.html",),
            never=(("out/reference/", "evil.example"),),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        docstring_module(
            d / "proj",
            [
                '<svg><image href="https://evil.example/image.png"/></svg>',
                '<svg><use href="https://evil.example/sprite.svg#x"/></svg>',
                '<svg><filter id="f"><feImage href="https://evil.example/fe.png"/></filter></svg>',
                "<p style=\"background: image-set('https://evil.example/set.png' 1x)\">a</p>",
                '<p style="background: \\75 rl(https://evil.example/esc.png)">b</p>',
                '<img src="/\\evil.example/slash.png">',
            ],
        )

    @case(
        "embed_drops_the_rest_of_the_page",
        Attack(
            ("build", "proj", "-o", "out"),
            0,
            intact=("proj",),
            never=(("out/reference/", "<embed"),),
            present=(("out/reference/fit_iris/train/index.html", "Text after the embed."),),
        ),
    )
    def _(d: Path) -> None:
        project(d / "proj")
        docstring_module(d / "proj", ["<embed src=x>"], after="Text after the embed.")

    out: dict[str, Attack] = {}
    for name, (make, attack) in cases.items():
        (dest / name).mkdir(parents=True)
        make(dest / name)
        out[name] = attack
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for name, attack in build_corpus(target).items():
        print(f"{name}: modelsite {' '.join(attack.argv)} -> exit {attack.exit_code}")
