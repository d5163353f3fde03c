"""Write the model card to a file or a Hub folder (the `modelsite card` command).

`modelsite card [PROJECT] --format md|html|tex|cyclonedx [-o FILE] [--check] [--model NAME]`
and `--format hub -o DIR` (a folder ready to upload as a Hugging Face Hub model repository)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from modelsite import escape
from modelsite.card import huggingface
from modelsite.card.content import card_for
from modelsite.card.exports import FORMATS, primary_model, render_card
from modelsite.card.lint import lint_card
from modelsite.errors import InputError
from modelsite.output import write_atomic
from modelsite.sitemodel import ModelInfo, Site
from modelsite.wording import count


def write_card(path: Path, text: str) -> None:
    """Write the card to `path` atomically (`output.write_atomic`); the folder must exist."""
    if not path.parent.is_dir():
        raise InputError(path, f"cannot write the card: folder {path.parent} does not exist")
    write_atomic(path, text)


def _refuse_input(output: Path, inputs: list[Path]) -> None:
    """The card may replace a file, but never one the card is made from (the model, the code,
    the configuration)."""
    if not output.exists():
        return
    target = output.resolve()
    for source in inputs:
        source = source.resolve()
        if target == source or source in target.parents:
            raise InputError(
                output,
                "is an input of the card (model, code or configuration); choose another file",
            )


def _pick_model(site: Site, wanted: str | None) -> ModelInfo:
    if not wanted:
        return primary_model(site)
    for model in site.models:
        if wanted in (model.name, model.path, Path(model.path).as_posix()):
            return model
    names = ", ".join(m.name for m in site.models) or "none found"
    raise InputError(site.project.root, f"no model named {wanted!r}; models: {names}")


def write_hub_folder(site: Site, model: ModelInfo, target: Path, repo_id: str = "") -> None:
    """Replace `target` (new, empty, or an earlier Hub folder: `output.replacing`'s rules) with
    README.md, config.json and a copy of the model file whose hash is checked after copying."""
    from modelsite.output import replacing
    from modelsite.pipeline import site_inputs

    info = card_for(site, model)
    source = site.project.root / model.path
    readme = render_card(site, "hub", model, repo_id=repo_id)
    config = huggingface.hub_config(info, dict(model.versions), model.data)
    with replacing(
        target, project=site.project.root, inputs=site_inputs(site), what="Hub folder"
    ) as staging:
        (staging / "README.md").write_text(readme, encoding="utf-8", newline="\n")
        text = escape.json_text(config, indent=2) + "\n"
        (staging / "config.json").write_text(text, encoding="utf-8", newline="\n")
        copy = staging / source.name
        shutil.copyfile(source, copy)
        if model.sha256 and _sha256(copy) != model.sha256:
            raise InputError(source, "changed while it was copied into the Hub folder; run again")


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def card_command(
    project: Path,
    *,
    fmt: str,
    output: Path | None,
    check: bool,
    model: str | None = None,
    repo_id: str = "",
) -> int:
    """Write the card (to `output`, else standard output), or with `check` lint it.

    With `check` and an existing `output`, that file is linted (a card someone edited);
    otherwise the card as modelsite would write it now. `model` picks a model by name or file
    (default: the primary one). Exit 0, 1 (problems found) or 2 (bad input, raised as
    `InputError`).
    """
    from modelsite.pipeline import collect_site, site_inputs

    if fmt not in FORMATS:
        raise InputError(None, f"unknown card format {fmt!r}; valid: {', '.join(FORMATS)}")
    if fmt == "hub":
        if check or output is None:
            raise InputError(None, "--format hub writes a folder: give it with -o DIR (no --check)")
        site = collect_site(project)
        write_hub_folder(site, _pick_model(site, model), output, repo_id)
        print(f"Hub folder written to {output}", file=sys.stderr)
        return 0
    if fmt == "cyclonedx" and check:
        raise InputError(None, "--check lints md, html and tex cards, not cyclonedx")
    if output is not None and not check and output.is_dir():
        raise InputError(output, "is a folder; give the card's file name, e.g. card.md")
    site = collect_site(project)
    if output is not None and not check:
        _refuse_input(output, site_inputs(site))
    chosen = _pick_model(site, model)
    if check:
        if output is not None and output.is_file():
            try:
                text = output.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise InputError(output, "not UTF-8 text") from None
            where, expected = str(output), None
        else:
            text = render_card(site, fmt, chosen)
            where = f"{project} (card, {fmt})"
            expected = huggingface.hub_metadata(card_for(site, chosen)) if fmt == "md" else None
        problems = lint_card(text, fmt, expected)
        for problem in problems:
            print(f"{where}: {problem}")
        if problems:
            print(f"card check failed: {count(len(problems), 'problem')}", file=sys.stderr)
            return 1
        print(f"{where}: card OK")
        return 0
    if fmt == "cyclonedx":
        from modelsite.card.cyclonedx import bom

        text = escape.json_text(bom(site, chosen), indent=2) + "\n"
    else:
        text = render_card(site, fmt, chosen)
    if output is None:
        sys.stdout.write(text)
    else:
        write_card(output, text)
        print(f"card written to {output}", file=sys.stderr)
    return 0
