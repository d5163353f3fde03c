"""Facts a project states plainly are used, with their real source: a LICENSE file named by its
text, a CITATION.cff with only `preferred-citation:`, a Docker image only when something
publishes it, and several models each named with its final estimator and task."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts_support import edit_schema, pages_of, plain_project, rename_class, run_python, write
from modelsite import scaffold
from modelsite.card.content import card_for
from modelsite.cli import main
from modelsite.collect.license import identify
from repro_helpers import git

MIT = """\
MIT License

Copyright (c) 2024 Ada Example

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY.
"""

APACHE = """\

                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION

   1. Definitions.

      "License" shall mean the terms and conditions for use, reproduction,
      and distribution as defined by Sections 1 through 9 of this document.
"""

BSD = """\
Copyright (c) 2024, Ada Example

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice.
{third}
THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS".
"""
BSD3_CLAUSE = """3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.
"""

LGPL3 = """\
                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>

  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public
License, supplemented by the additional permissions listed below.
"""

GPL3 = """\
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 ... use the GNU Lesser General Public License instead of this License.
"""


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        (MIT, "MIT"),
        (APACHE, "Apache-2.0"),
        (BSD.format(third=BSD3_CLAUSE), "BSD-3-Clause"),
        (BSD.format(third=""), "BSD-2-Clause"),
        (GPL3, "GPL-3.0"),
        (LGPL3, "LGPL-3.0"),
        ("Mozilla Public License Version 2.0\n==================================\n", "MPL-2.0"),
        ("Creative Commons\nAttribution 4.0 International Public License\n", "CC-BY-4.0"),
        ("All rights reserved. Do not copy.\n", ""),  # unknown: a gap, never a guess
        (MIT + "\n" + APACHE, ""),  # two licences in one file: not one of them
        (
            MIT.replace("The above copyright", "Except as stated, the above copyright")
            + "the name shall not be used in advertising\n",
            "",
        ),
    ],
)
def test_licence_text_is_named_by_its_text(text: str, spdx: str) -> None:
    assert identify(text) == spdx


@pytest.mark.parametrize(
    ("text", "spdx", "hub"), [(MIT, "MIT", "mit"), (APACHE, "Apache-2.0", "apache-2.0")]
)
def test_licence_file_is_used_by_card_check_and_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, spdx: str, hub: str
) -> None:
    root = plain_project(tmp_path / "p", {"LICENSE": text})
    pages, site, _ = pages_of(root)
    assert f"| License | {spdx} | LICENSE |" in pages["model-card.md"]
    card = card_for(site, site.model)
    facts = {f.label: (f.value, f.source) for f in card.details}
    assert facts["License"] == (spdx, "LICENSE")
    assert card.hub_license == hub
    assert "pyproject.toml" not in {f.source for f in card.details}  # the project has none
    main(["card", str(root), "--check"])
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert "required metadata `model-index` is missing" in err  # the check did run
    assert "`license`" not in err
    out = tmp_path / "README.md"
    assert main(["card", str(root), "-o", str(out)]) == 0
    assert f"\nlicense: {hub}\n" in out.read_text()
    scaffold.init_project(root)
    config = (root / "modelsite.yml").read_text()
    assert f'  # license: "{spdx}"  # stated in LICENSE, used as it is' in config
    cff = (root / "CITATION.cff").read_text()
    assert f'license: "{spdx}"' in cff
    assert "pyproject.toml" not in cff.splitlines()[0]


def test_unknown_licence_text_is_a_gap(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p", {"LICENSE": "Proprietary. All rights reserved.\n"})
    _, site, messages = pages_of(root)
    card = card_for(site, site.model)
    assert "card.license" in {g.key for g in card.gaps}
    assert any("licence text not recognised" in m for m in messages)


def test_sources_name_the_citation_file_without_pyproject(tmp_path: Path) -> None:
    cff = """\
    cff-version: 1.2.0
    message: Cite it.
    title: Iris tree
    version: 2.1.0
    authors:
      - family-names: Lovelace
        given-names: Ada
    """
    root = plain_project(tmp_path / "p", {"CITATION.cff": cff})
    _, site, _ = pages_of(root)
    facts = {f.label: (f.value, f.source) for f in card_for(site, site.model).details}
    assert facts["Version"] == ("2.1.0", "CITATION.cff")
    assert facts["Authors"] == ("Ada Lovelace", "CITATION.cff")
    assert facts["Name"] == ("Iris tree", "CITATION.cff")


PREFERRED_ONLY = """\
cff-version: 1.2.0
message: If you use this work, please cite the paper.
preferred-citation:
  type: article
  title: "Small trees for iris flowers"
  authors:
    - family-names: Lovelace
      given-names: Ada
  journal: "Journal of Flowers"
  year: 2024
  doi: 10.1234/flowers.5678
"""


def test_preferred_citation_only_is_shown_and_kept(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p", {"CITATION.cff": PREFERRED_ONLY})
    pages, site, messages = pages_of(root)
    citation = site.project.citation
    assert citation is not None
    assert (citation.title, citation.type, citation.journal, citation.year) == (
        "Small trees for iris flowers",
        "article",
        "Journal of Flowers",
        "2024",
    )
    assert citation.source == "CITATION.cff (preferred-citation)"
    cite = pages["cite.md"]
    assert "@article{lovelace2024small," in cite
    assert "  journal = {Journal of Flowers},\n  year    = {2024}," in cite
    assert "Lovelace, A. (2024). Small trees for iris flowers. Journal of Flowers." in cite
    assert "DOI: [10.1234/flowers.5678]" in cite
    assert "No `CITATION.cff`" not in pages["index.md"]
    assert not any("citation left out" in m for m in messages)
    result = scaffold.init_project(root)
    assert root / "CITATION.cff" in result.kept
    assert (root / "CITATION.cff").read_text() == PREFERRED_ONLY


def _github(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "remote", "add", "origin", "https://github.com/Lab/Iris-Tree.git")


def test_no_image_is_invented_for_a_github_project(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p")
    _github(root)
    pages, site, _ = pages_of(root)
    assert not site.repro.image_published
    assert "docker pull" not in pages["index.md"]
    docker = pages["docker.md"]
    assert "docker pull" not in docker.split("## Publishing")[0]
    assert "Gap: no published image" in docker
    assert "as <code>ghcr.io/lab/iris-tree</code>" in docker
    container = next(i for i in site.repro.checklist if i.label == "Container available")
    assert container.status == "missing"


def test_own_dockerfile_pushed_by_a_workflow_is_described_by_what_it_does(tmp_path: Path) -> None:
    root = plain_project(
        tmp_path / "p",
        {
            "Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nCMD ["bash"]\n',
            ".github/workflows/image.yml": """\
            on: {push: {tags: ["v*"]}}
            jobs:
              image:
                runs-on: ubuntu-latest
                steps:
                  - uses: docker/build-push-action@v6
                    with:
                      push: true
                      tags: ghcr.io/lab/iris-tree:latest
            """,
        },
    )
    _github(root)
    pages, site, _ = pages_of(root)
    assert site.repro.image_published
    docker = pages["docker.md"]
    assert "docker pull ghcr.io/lab/iris-tree:latest" in docker
    assert "<code>.github/workflows/image.yml</code> builds the <code>Dockerfile</code>" in docker
    assert "Its default command is <code>bash</code>; it does not install modelsite." in docker
    assert "modelsite verify ." not in docker  # the image cannot run it
    assert "The image does not install modelsite, so `modelsite verify` does not run in it." in (
        docker
    )
    assert "verify the model" not in docker.lower()
    assert '```dockerfile\nFROM python:3.12-slim\nCOPY . /app\nCMD ["bash"]\n```' in docker
    assert "docker pull ghcr.io/lab/iris-tree:latest" in pages["index.md"]


def test_configured_image_is_pulled(tmp_path: Path) -> None:
    root = plain_project(
        tmp_path / "p", {"modelsite.yml": "publish:\n  image: docker.io/lab/iris:1\n"}
    )
    pages, site, _ = pages_of(root)
    assert site.repro.image_source == "`publish.image` in modelsite.yml"
    assert "docker pull docker.io/lab/iris:1\n" in pages["docker.md"]  # its own tag kept


def test_several_models_are_named_with_final_estimator_and_task(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p")
    (root / "model.skops").rename(root / "tree.skops")
    write(
        root,
        {
            "boost.py": """\
            import skops.io as sio
            from sklearn.datasets import load_iris
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.tree import DecisionTreeClassifier

            X, y = load_iris(return_X_y=True)
            model = make_pipeline(StandardScaler(), DecisionTreeClassifier(random_state=1))
            sio.dump(model.fit(X, y), "boost.skops")
            """
        },
    )
    run_python(root, "boost.py")
    edit_schema(
        root / "boost.skops",
        lambda s: rename_class(s, "DecisionTreeClassifier", "lightgbm.sklearn", "LGBMClassifier"),
    )
    pages, site, _ = pages_of(root)
    table = pages["models/index.md"]
    assert "| Model | Estimator | Task |" in table
    assert "| <code>DecisionTreeClassifier</code> | classification |" in table
    assert "| <code>LGBMClassifier</code> | classification |" in table
    assert "Pipeline" not in table
    assert pages["models/tree/index.md"].count("# Model card: tree\n") == 1
    assert pages["models/boost/index.md"].count("# Model card: boost\n") == 1
    boost = next(m for m in site.models if m.name == "boost")
    facts = {f.label: f.value for f in card_for(site, boost).details}
    assert facts["Type"] == "LGBMClassifier (classification) in a Pipeline"
