"""User templates override the shipped ones block by block (pdoc's scheme); their errors are
one line naming the template and the line, exit 2, and the last site stays."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from modelsite.cli import main
from modelsite.output import MANIFEST

OVERRIDE = """\
{% extends "default/pages/model-card.md.jinja" %}
{% block limitations %}
## Limitations

Only tested on wines from one region; our own wording.
{% endblock %}
"""


def with_templates(project: Path, files: dict[str, str]) -> Path:
    """Add a `templates:` folder holding `files` to the project's modelsite.yml."""
    folder = project / "site-templates"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    config = project / "modelsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "templates: site-templates\n", encoding="utf-8"
    )
    return folder


def errors(stderr: str) -> str:
    """The one error line of a run (the builder's progress lines left out)."""
    lines = [line for line in stderr.splitlines() if "error" in line.lower()]
    assert len(lines) == 1, stderr
    return lines[0]


def card_page(site: Path) -> str:
    return (site / "model-card" / "index.html").read_text(encoding="utf-8")


def test_one_overridden_block_replaces_only_that_block(example_copy: Path, tmp_path: Path) -> None:
    with_templates(example_copy, {"pages/model-card.md.jinja": OVERRIDE})
    out = tmp_path / "site"
    assert main(["build", str(example_copy), "-o", str(out)]) == 0
    page = card_page(out)
    assert "Only tested on wines from one region; our own wording." in page
    # the example's own limitations text (modelsite.yml) is gone, the other sections stay
    assert "measurements come from one laboratory" not in page
    assert "Intended use" in page and "Ethical considerations" in page
    assert "None known: the data describe wines, not people." in page


def test_an_override_of_a_partial_is_used_by_the_shipped_pages(
    example_copy: Path, tmp_path: Path
) -> None:
    """A name is looked up in the user's folder first, also from inside shipped templates."""
    from modelsite.render import shipped_templates

    macros = (shipped_templates() / "partials" / "macros.md.jinja").read_text(encoding="utf-8")
    ours = 'Not written yet. Set {{ ("card." ~ field)|code }}'
    assert ours in macros
    with_templates(
        example_copy,
        {"partials/macros.md.jinja": macros.replace(ours, "Our team fills this in: {{ field }}")},
    )
    config = example_copy / "modelsite.yml"  # a gap on the model card: no limitations text
    text = config.read_text(encoding="utf-8")
    start = text.index("  limitations:")
    end = text.index("  ethical_considerations:")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    from modelsite.pipeline import collect_site
    from modelsite.render import render_pages

    card = render_pages(collect_site(example_copy))["model-card.md"]
    assert "Our team fills this in: limitations" in card
    assert "Not written yet" not in card


@pytest.mark.parametrize(
    ("template", "line", "problem"),
    [
        (
            '{% extends "default/pages/model-card.md.jinja" %}\n{% block summary %}\n{% if %}\n',
            3,
            "template syntax error",
        ),
        (
            '{% extends "default/pages/model-card.md.jinja" %}\n{% block summary %}\n\n'
            "{{ site.no_such_field }}\n{% endblock %}\n",
            4,
            "UndefinedError",
        ),
        (
            '{% extends "default/pages/model-card.md.jinja" %}\n{% block summary %}\n'
            "{{ 1 // 0 }}\n{% endblock %}\n",
            3,
            "ZeroDivisionError",
        ),
    ],
    ids=["syntax", "undefined", "raise"],
)
def test_a_broken_user_template_is_one_line_exit_2_and_the_site_stays(
    example_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    template: str,
    line: int,
    problem: str,
) -> None:
    out = tmp_path / "site"
    assert main(["build", str(example_copy), "-o", str(out)]) == 0
    before = card_page(out)
    folder = with_templates(example_copy, {"pages/model-card.md.jinja": template})
    capsys.readouterr()
    assert main(["build", str(example_copy), "-o", str(out)]) == 2
    err = errors(capsys.readouterr().err)
    assert err.startswith(f"modelsite: error: {folder / 'pages' / 'model-card.md.jinja'}: ")
    assert f"line {line}:" in err and problem in err
    assert "Traceback" not in err
    assert card_page(out) == before  # the last good site is kept
    assert (out / MANIFEST).is_file()


def test_a_template_that_extends_itself_says_how_to_extend_the_shipped_one(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old recipe (`extends "pages/model-card.md.jinja"` from the same name) recursed."""
    bad = OVERRIDE.replace("default/pages/", "pages/")
    with_templates(example_copy, {"pages/model-card.md.jinja": bad})
    assert main(["build", str(example_copy), "-o", str(tmp_path / "site")]) == 2
    err = errors(capsys.readouterr().err)
    assert "extends or includes itself" in err
    assert '"default/pages/model-card.md.jinja"' in err
    assert not (tmp_path / "site").exists()


def test_a_missing_templates_folder_is_named(
    example_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = example_copy / "modelsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "templates: my-templates\n", encoding="utf-8"
    )
    assert main(["build", str(example_copy), "-o", str(tmp_path / "site")]) == 2
    err = errors(capsys.readouterr().err)
    assert err == textwrap.dedent(
        f"modelsite: error: {config}: `templates`: the folder my-templates does not exist in "
        f"{example_copy}"
    )
