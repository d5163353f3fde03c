"""Name the licence of a `LICENSE`/`COPYING` file by its text, as an SPDX identifier.

Only the common licences are recognised, each by phrases its text always contains (and, for the
families whose members quote each other, its title at the top). A text that matches none, or
more than one, is not named: the card shows a gap rather than a guess. The GNU licence texts do
not say whether "or any later version" applies (the source headers do), so they are named by
their version only (`GPL-3.0`, the SPDX identifier that states no more than the text).
"""

from __future__ import annotations

import re
from pathlib import Path

LICENSE_FILES = (
    "LICENSE",
    "LICENSE.txt",
    "LICENSE.md",
    "LICENSE.rst",
    "LICENCE",
    "LICENCE.txt",
    "LICENCE.md",
    "COPYING",
    "COPYING.txt",
    "COPYING.md",
)
_MAX_BYTES = 256 * 1024

# (SPDX id, phrases that must all occur, phrases that must not occur, phrases for the head)
_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("Apache-2.0", ("apache license version 2.0, january 2004",), (), ()),
    (  # the short notice the Apache licence's appendix gives, used alone as a LICENSE file
        "Apache-2.0",
        ('licensed under the apache license, version 2.0 (the "license")',),
        (),
        (),
    ),
    (
        "MIT",
        (
            "permission is hereby granted, free of charge, to any person obtaining a copy",
            "the above copyright notice and this permission notice shall be included",
        ),
        ("shall not be used in advertising",),
        (),
    ),
    (
        "MIT-0",
        ("permission is hereby granted, free of charge, to any person obtaining a copy",),
        ("the above copyright notice and this permission notice shall be included",),
        (),
    ),
    (
        "ISC",
        (
            "permission to use, copy, modify, and/or distribute this software for any purpose "
            "with or without fee is hereby granted",
        ),
        (),
        (),
    ),
    (
        "BSD-3-Clause",
        (
            "redistribution and use in source and binary forms, with or without modification, "
            "are permitted provided that the following conditions are met",
            "may be used to endorse or promote products derived from this software",
        ),
        ("all advertising materials",),
        (),
    ),
    (
        "BSD-2-Clause",
        (
            "redistribution and use in source and binary forms, with or without modification, "
            "are permitted provided that the following conditions are met",
        ),
        ("may be used to endorse or promote products derived", "all advertising materials"),
        (),
    ),
    ("GPL-3.0", ("gnu general public license version 3, 29 june 2007",), (), ()),
    ("GPL-2.0", ("gnu general public license version 2, june 1991",), (), ()),
    ("LGPL-3.0", ("gnu lesser general public license version 3, 29 june 2007",), (), ()),
    ("LGPL-2.1", ("gnu lesser general public license version 2.1, february 1999",), (), ()),
    ("AGPL-3.0", ("gnu affero general public license version 3, 19 november 2007",), (), ()),
    ("MPL-2.0", ("mozilla public license version 2.0",), (), ()),
    ("EPL-2.0", ("eclipse public license - v 2.0",), (), ()),
    (
        "CC-BY-4.0",
        ("creative commons", "attribution 4.0 international"),
        ("noncommercial", "sharealike", "noderivatives"),
        (),
    ),
    (
        "CC-BY-SA-4.0",
        ("creative commons", "attribution-sharealike 4.0 international"),
        ("noncommercial",),
        (),
    ),
    ("CC0-1.0", ("cc0 1.0 universal",), (), ()),
    (
        "Unlicense",
        ("this is free and unencumbered software released into the public domain",),
        (),
        (),
    ),
)


def normalise(text: str) -> str:
    """Lower case, Markdown marks and quotes dropped, runs of white space as one space."""
    text = text.lower().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[*#>`_]+", " ", text)
    return " ".join(text.split())


def identify(text: str) -> str:
    """The SPDX id of a licence text, or `""` when it is not one common licence."""
    norm = normalise(text)
    head = norm[:400]
    found = {
        spdx
        for spdx, required, forbidden, heads in _RULES
        if all(p in norm for p in required)
        and not any(p in norm for p in forbidden)
        and all(p in head for p in heads)
    }
    return found.pop() if len(found) == 1 else ""


def find_license_file(root: Path) -> str:
    """The first licence file at the project root (relative name), or `""`."""
    for name in LICENSE_FILES:
        if (root / name).is_file():
            return name
    return ""


def read_license(root: Path, name: str = "") -> tuple[str, str]:
    """`(SPDX id or "", file name or "")` of the project's licence file (`name`, else the first
    of `LICENSE_FILES` found)."""
    name = name or find_license_file(root)
    if not name:
        return "", ""
    path = root / name
    try:
        if path.stat().st_size > _MAX_BYTES:
            return "", name
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "", name
    return identify(text), name
