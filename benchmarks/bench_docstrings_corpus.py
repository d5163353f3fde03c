"""Generated docstrings on packages modelsite's authors did not write, against their authors'.

Each package's wheel is downloaded from the package index (`pip download --no-deps`, into a
temporary folder; nothing is installed), its `.py` files are stripped of every docstring and
the missing docstrings are regenerated with `modelsite docstrings --write` (numpy style). For
every public object whose author wrote a docstring, the first sentences are compared (word F1,
stop words left out, the same measure as `bench_docstrings.py`) for:

- modelsite's generated summary,
- the name-split baseline (`fit_resample` -> "Fit resample."),
- pymend (`pymend --write --output-style numpydoc --force-public-docstrings`, in its own venv),
  measured in the same run.

It also reports the share of parameter descriptions that only state mechanics ("Passed to
`x`.", "Stored as ...", "Used to compute ...") or that are left empty (type and default only),
and pydoclint violations per 100 generated docstrings. `--sample FILE` writes a random sample
of generated docstrings next to the authors' (seeded, for the hand rating in
`benchmarks/docstrings_rated_sample.md`).

    python benchmarks/bench_docstrings_corpus.py [--packages a b ...] [--sample FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from bench_docstrings import docstrings_by_key, f1, first_sentence, name_split_summary

from modelsite.docstrings.tree import docstrings_command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from docstrings_support import (
    CODE_SIDE,
    PYDOCLINT_UNANNOTATED,
    UNANNOTATED_GENERATOR,
    copy_stripped,
    run_pydoclint,
)

# distribution name -> top-level package folder inside the wheel
PACKAGES = {
    "imbalanced-learn": "imblearn",
    "category_encoders": "category_encoders",
    "mlxtend": "mlxtend",
    "scikit-lego": "sklego",
}
MECHANICS = re.compile(
    r"^(Passed (on )?to|Stored as|Used to compute|Called by this|Checked for truth|"
    r"Sized collection|Shown in the formatted|Items to iterate|Callers pass|Compared with)"
)
UNUSED = re.compile(r"^(Unused in this|Accepted for subclasses)")
PARAM_HEAD = re.compile(r"^(\*{0,2}[A-Za-z_]\w*) : ")


def download(dist: str, dest: Path) -> Path:
    """The wheel of `dist` from the package index, downloaded with pip (not installed)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(dest), dist],
        check=True,
    )
    wheels = sorted(dest.glob(f"{dist.replace('-', '_')}-*.whl"), key=lambda p: p.name.lower())
    if not wheels:
        wheels = [w for w in dest.glob("*.whl") if w.name.lower().startswith(dist[:6].lower())]
    return wheels[-1]


def extract(wheel: Path, package: str, dest: Path) -> Path:
    with zipfile.ZipFile(wheel) as z:
        for member in z.namelist():
            if member.startswith(f"{package}/") and member.endswith(".py"):
                z.extract(member, dest)
    return dest / package


def param_descriptions(doc: str) -> list[str]:
    """The description of every entry of a numpy-style Parameters section ("" when none)."""
    lines = doc.splitlines()
    out: list[str] = []
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "Parameters")
    except StopIteration:
        return out
    i = start + 2
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            break
        if not line.startswith(" ") and PARAM_HEAD.match(line + " "):
            desc = []
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                desc.append(lines[i].strip())
                i += 1
            out.append(" ".join(desc))
            continue
        if not line.startswith(" "):
            head = line.split(" : ")[0]
            if re.fullmatch(r"\*{0,2}[A-Za-z_]\w*", head):
                desc = []
                i += 1
                while i < len(lines) and lines[i].startswith("    "):
                    desc.append(lines[i].strip())
                    i += 1
                out.append(" ".join(desc))
                continue
        i += 1
    return out


def pymend_docs(pymend: Path | None, stripped: Path, work: Path) -> dict | None:
    if pymend is None:
        return None
    root = work / "pymend" / stripped.name
    shutil.copytree(stripped, root)
    files = sorted(str(p) for p in root.rglob("*.py"))
    subprocess.run(
        [str(pymend), "--write", "--output-style", "numpydoc", "--force-public-docstrings", *files],
        capture_output=True,
        check=False,
    )
    return docstrings_by_key(root)


def measure(pkg_root: Path, work: Path, pymend: Path | None) -> dict:
    name = pkg_root.name
    authors = docstrings_by_key(pkg_root)
    stripped = work / "stripped" / name
    copy_stripped(pkg_root, stripped, skip_tests=True)
    generated_root = work / "generated" / name
    shutil.copytree(stripped, generated_root)
    docstrings_command(
        generated_root, mode="write", style="numpy", out=io.StringIO(), err=io.StringIO()
    )
    generated = docstrings_by_key(generated_root)
    pm = pymend_docs(pymend, stripped, work)
    keys = sorted(k for k in authors if k in generated and not k[0].startswith("tests/"))
    keys = [k for k in keys if "/tests/" not in k[0]]
    ours = [f1(first_sentence(generated[k]), first_sentence(authors[k])) for k in keys]
    base = [f1(name_split_summary(k[1], k[0]), first_sentence(authors[k])) for k in keys]
    pms = [f1(first_sentence(pm.get(k, "")), first_sentence(authors[k])) for k in keys if pm]
    descs = [d for doc in generated.values() for d in param_descriptions(doc)]
    n_desc = max(len(descs), 1)
    violations = run_pydoclint(generated_root, PYDOCLINT_UNANNOTATED)
    real = [v for v in violations if v[1].split(":", 1)[0] not in CODE_SIDE | UNANNOTATED_GENERATOR]
    return {
        "package": name,
        "objects": len(keys),
        "modelsite_f1": statistics.mean(ours) if ours else 0.0,
        "name_split_f1": statistics.mean(base) if base else 0.0,
        "pymend_f1": statistics.mean(pms) if pms else None,
        "better": sum(o > b for o, b in zip(ours, base, strict=True)),
        "worse": sum(o < b for o, b in zip(ours, base, strict=True)),
        "params": len(descs),
        "mechanics_share": sum(bool(MECHANICS.match(d)) for d in descs) / n_desc,
        "empty_share": sum(not d for d in descs) / n_desc,
        "unused_share": sum(bool(UNUSED.match(d)) for d in descs) / n_desc,
        "docstrings": len(generated),
        "pydoclint_per_100": 100.0 * len(real) / max(len(generated), 1),
        "_pairs": [(name, k, generated[k], authors[k]) for k in keys],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--packages", nargs="*", default=list(PACKAGES))
    ap.add_argument("--wheels", type=Path, help="folder of already downloaded wheels")
    ap.add_argument("--pymend", type=Path, help="pymend executable (default: none measured)")
    ap.add_argument("--sample", type=Path, help="write 40 random generated/author pairs here")
    ap.add_argument("--json", type=Path, help="write the results as JSON here")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="docstrings-corpus-"))
    try:
        rows = []
        for dist in args.packages:
            folder = args.wheels or work / "wheels"
            folder.mkdir(parents=True, exist_ok=True)
            found = sorted(folder.glob(f"{dist.replace('-', '_')}-*.whl"))
            wheel = found[-1] if found else download(dist, folder)
            pkg_root = extract(wheel, PACKAGES[dist], work / "src" / dist)
            row = measure(pkg_root, work / dist, args.pymend)
            row["version"] = wheel.name.split("-")[1]
            rows.append(row)
        print(
            "| package | objects | modelsite F1 | name split F1 | pymend F1 | better/worse "
            "than name split | mechanics-only params | empty params | pydoclint /100 |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            pm = f"{r['pymend_f1']:.3f}" if r["pymend_f1"] is not None else "n/a"
            print(
                f"| {r['package']} {r['version']} | {r['objects']} | {r['modelsite_f1']:.3f} | "
                f"{r['name_split_f1']:.3f} | {pm} | {r['better']}/{r['worse']} | "
                f"{100 * r['mechanics_share']:.0f}% of {r['params']} | "
                f"{100 * r['empty_share']:.0f}% | {r['pydoclint_per_100']:.2f} |"
            )
        if args.json:
            args.json.write_text(
                json.dumps([{k: v for k, v in r.items() if k != "_pairs"} for r in rows], indent=1)
            )
        if args.sample:
            pairs = [p for r in rows for p in r["_pairs"]]
            rng = random.Random(14)
            chosen = rng.sample(pairs, min(40, len(pairs)))
            lines = []
            for i, (pkg, key, gen, auth) in enumerate(chosen, 1):
                lines += [
                    f"## {i}. `{pkg}/{key[0]}` `{key[1]}`",
                    "",
                    "Generated:",
                    "",
                    "```text",
                    gen,
                    "```",
                    "",
                    f"Author's first sentence: {first_sentence(auth)}",
                    "",
                    "Rating: ",
                    "",
                ]
            args.sample.write_text("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
