"""The generated Dockerfile and workflows: reviewed properties, and the external linters."""

from __future__ import annotations

import dataclasses
import re

import pytest

from modelsite.config import Publish
from modelsite.pipeline import collect_site
from modelsite.repro import docker, workflows
from modelsite.repro.gather import collect_repro
from repro_helpers import hadolint, make_other_project, workflow_schema, zizmor


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    return make_other_project(tmp_path_factory.mktemp("other") / "risk")


@pytest.mark.parametrize("which", ["example", "other"])
def test_generated_dockerfile_is_hadolint_clean_and_reviewed(
    which, trained_example, other, tmp_path
):
    site = collect_site(trained_example if which == "example" else other)
    text = site.repro.dockerfile
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    result = hadolint(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^FROM python:3\.11-slim@sha256:[0-9a-f]{64}$", text, re.M)
    assert (
        "COPY requirements-pinned.txt ./\nRUN pip install --no-cache-dir -r "
        "requirements-pinned.txt" in text
    )
    assert re.search(r"^USER 10001:10001$", text, re.M)
    for name, value in docker.REPRO_ENV.items():
        assert f"{name}={value}" in text
    assert "org.opencontainers.image.source=" in text
    assert "org.opencontainers.image.revision=$REVISION" in text
    assert text.rstrip().endswith('CMD ["modelsite", "verify", "."]')


def test_user_instruction_comes_after_every_install(trained_example):
    text = collect_site(trained_example).repro.dockerfile
    assert text.index("USER ") > max(m.start() for m in re.finditer(r"^RUN ", text, re.M))


def test_base_image_override_and_unpinned_warning(trained_example):
    site = collect_site(trained_example)
    pinned = "python:3.11-slim@sha256:" + "a" * 64
    config = dataclasses.replace(site.config, publish=Publish(base_image=pinned))
    repro = collect_repro(dataclasses.replace(site, config=config))
    assert f"FROM {pinned}\n" in repro.dockerfile
    assert not any("base_image" in w for w in repro.warnings)
    config = dataclasses.replace(site.config, publish=Publish(base_image="python:3.11"))
    repro = collect_repro(dataclasses.replace(site, config=config))
    assert "FROM python:3.11\n" in repro.dockerfile
    assert any("`python:3.11` is not pinned by digest" in w for w in repro.warnings)


def test_other_python_gets_a_tag_and_a_warning():
    from modelsite.repro.environment import EnvironmentInfo

    image, warning = docker.base_image("", EnvironmentInfo(python="3.12.4"))
    assert image == "python:3.12-slim"
    assert "set publish.base_image" in warning


def _write_workflows(tmp_path, **kw):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    pages = folder / "pages.yml"
    pages.write_text(workflows.pages_workflow(**kw))
    container = folder / "container.yml"
    container.write_text(workflows.container_workflow(image="ghcr.io/lab/model"))
    return pages, container


@pytest.mark.parametrize("train", ["python -m wine_classifier.train", ""])
def test_workflows_validate_and_pass_zizmor(tmp_path, train):
    pages, container = _write_workflows(
        tmp_path,
        python="3.11",
        model_path="model.skops",
        train_command=train,
        modelsite_spec="modelsite==0.1.0",
        installable=True,
    )
    result = workflow_schema(pages, container)
    assert result.returncode == 0, result.stdout + result.stderr
    result = zizmor(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pin_actions_and_limit_permissions(tmp_path):
    pages, container = _write_workflows(
        tmp_path,
        python="3.11",
        model_path="model.skops",
        train_command="make train",
        modelsite_spec="modelsite==0.1.0",
        installable=False,
    )
    for text in (pages.read_text(), container.read_text()):
        assert "permissions: {}" in text
        for ref in re.findall(r"uses: (\S+)", text):
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", ref), ref
    pages_text = pages.read_text()
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"actions/{action}@" in pages_text
    assert "pages: write\n      id-token: write" in pages_text
    assert "modelsite build . -o site" in pages_text
    container_text = container.read_text()
    assert 'tags: ["v*"]' in container_text
    assert "type=semver,pattern={{version}}" in container_text
    assert "packages: write" in container_text


def test_configured_image_name_is_lower_cased(trained_example):
    site = collect_site(trained_example)
    config = dataclasses.replace(site.config, publish=Publish(image="ghcr.io/Grace-Lab/Risk"))
    repro = collect_repro(dataclasses.replace(site, config=config))
    assert repro.docker_commands["pull"] == "docker pull ghcr.io/grace-lab/risk:1.0.0"
