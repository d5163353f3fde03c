"""Links to the project's files on its forge (GitHub, GitLab, Gitea/Codeberg), for edit buttons.

Generated pages have no Markdown source of their own; their "edit" button goes to the file the
reader would actually change: a reference page to its module, the model card and the overview to
`modelsite.yml`, the citation page to `CITATION.cff`. Pages without such a file get no button.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from modelsite.render import module_page
from modelsite.sitemodel import GitInfo, Site

_EDIT = {
    "github.com": "{web}/edit/{ref}/{path}",
    "gitlab.com": "{web}/-/edit/{ref}/{path}",
    "codeberg.org": "{web}/_edit/{ref}/{path}",
}
_VIEW = {
    "github.com": "{web}/blob/{ref}/{path}",
    "gitlab.com": "{web}/-/blob/{ref}/{path}",
    "codeberg.org": "{web}/src/commit/{ref}/{path}",
}


def file_url(git: GitInfo, repo_path: str) -> str:
    """URL that edits `repo_path` on the forge (or views it at the commit when no branch is
    checked out); `""` for an unknown forge or without a branch or commit."""
    web = git.web_url
    if not web or not repo_path:
        return ""
    if git.branch and git.branch != "HEAD":
        pattern, ref = _EDIT.get(git.host, ""), git.branch
    elif git.commit:
        pattern, ref = _VIEW.get(git.host, ""), git.commit
    else:
        return ""
    if not pattern:
        return ""
    # file and branch names may hold `"`, `<`, spaces...: percent-encoded, they cannot leave
    # the theme's `href="..."` (Material inserts the URL unescaped)
    return pattern.format(web=web, ref=quote(ref, safe="/"), path=quote(repo_path, safe="/"))


def edit_urls(site: Site) -> dict[str, str]:
    """Page path (`reference/pkg/mod/index.md`) -> URL of the source file to edit for it."""
    project = site.project
    if not project.repository_url:
        return {}
    prefix = project.git.prefix
    sources: dict[str, str] = {module_page(m.name): m.file for m in site.code.modules}
    config_file = Path(site.config.source).name if site.config.source else ""
    if config_file == "modelsite.yml":
        sources["index.md"] = sources["model-card.md"] = config_file
    if project.citation and project.citation.source:
        sources["cite.md"] = Path(project.citation.source).name
    urls = {}
    for page, rel in sources.items():
        url = file_url(project.git, prefix + rel)
        if url:
            urls[page] = url
    return urls
