"""Terminal output shows what files and models say; it never obeys them (issue 18, items 3, 8).

A metric name of escape sequences once cleared the screen under `modelsite inspect` (hiding the
"untrusted types" of a model that needs them) and set the window title; a lone surrogate in
the embedded metadata gave a `UnicodeEncodeError` traceback in `inspect`, `card` and `verify`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from modelsite.cli import main
from modelsite.progress import Progress
from modelsite.terminal import EscapingWriter, visible

CLEAR_SCREEN = "\x1b[2J\x1b[H"
SET_TITLE = "\x1b]0;pwned\x07"


@pytest.fixture(scope="module")
def hostile_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose model needs an untrusted type and whose metadata spoofs the terminal."""
    import skops.io
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    root = tmp_path_factory.mktemp("terminal")
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text('"""P."""\n')
    X, y = load_iris(return_X_y=True)
    model = make_pipeline(FunctionTransformer(abs), LogisticRegression(max_iter=300)).fit(X, y)
    path = root / "model.skops"
    skops.io.dump(model, path)
    metadata = (
        '{"format": 1, "metrics": {"acc\\ud800": 0.9, '
        '"\\u001b[2J\\u001b[H": 0.5, "\\u001b]0;pwned\\u0007": 0.25, "\\u202eevil": 0.1}}'
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("modelsite.json", metadata)
    return path


def test_inspect_shows_escapes_and_keeps_the_untrusted_types(
    hostile_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inspect", str(hostile_model)]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[2J\\x1b[H" in out and "\\x1b]0;pwned\\x07" in out and "\\u202eevil" in out
    assert "acc\ufffd" in out  # the lone surrogate, replaced
    assert "builtins.abs" in out  # the untrusted type is still on screen
    assert "not valid Unicode" in captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["inspect", "--json", "{model}"],
        ["verify", "{model}"],
        ["card", "{root}", "-o", "{root}/card.md"],
        ["card", "{root}", "--format", "html", "-o", "{root}/card.html"],
    ],
)
def test_no_command_crashes_on_a_lone_surrogate(
    hostile_model: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.format(model=hostile_model, root=hostile_model.parent) for a in argv]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "\x1b" not in captured.out + captured.err


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text\twith tab\n", "plain text\twith tab\n"),
        (CLEAR_SCREEN, "\\x1b[2J\\x1b[H"),
        (SET_TITLE, "\\x1b]0;pwned\\x07"),
        ("over\rwrite", "over\\x0dwrite"),
        ("\x9b2J", "\\x9b2J"),  # the one-byte C1 form of ESC [
        ("\u202eright-to-left", "\\u202eright-to-left"),
        ("lone \ud800", "lone \\ud800"),
        ("é ü 数 🙂", "é ü 数 🙂"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_the_progress_line_keeps_its_own_codes_and_escapes_the_item() -> None:
    terminal = io.StringIO()
    progress = Progress("pages", 2, stream=EscapingWriter(terminal), enabled=True)  # type: ignore[arg-type]
    progress.advance(item="ref\x1b[2J.md")
    progress.close()
    assert terminal.getvalue().startswith("\r\x1b[K")
    assert "ref\\x1b[2J.md" in terminal.getvalue()
