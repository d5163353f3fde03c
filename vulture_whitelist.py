"""Names vulture cannot see used: read by templates or called by an entry point (vulture's format).

`vulture src vulture_whitelist.py --min-confidence 60` must report nothing (tests/test_dead_code.py).
Add a name here only with a comment saying which template or entry point uses it; anything else
that vulture reports is dead code to remove (or, if only tests use it, to move into tests/).
"""

# ruff: noqa: B018
# mypy: ignore-errors

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# PEP 562 module attribute hook: `modelsite.export` etc. are imported on first use.
__getattr__  # src/modelsite/__init__.py

# MkDocs plugin, the `mkdocs.plugins` entry point `modelsite` (pyproject.toml); MkDocs calls
# the event methods and reads the class attribute and `page.edit_url`.
ModelsitePlugin  # src/modelsite/plugin.py
supports_multiple_instances  # plugin.py, read by MkDocs
on_page_context  # plugin.py, MkDocs event
_.on_page_markdown  # plugin.py, MkDocs event
_.on_page_content  # plugin.py, MkDocs event
_.on_build_error  # plugin.py, MkDocs event
_.on_config  # plugin.py, MkDocs event
_.on_files  # plugin.py, MkDocs event
_.on_pre_build  # plugin.py (ModelsitePlugin, TemplateCachePlugin), MkDocs event
_.on_env  # plugin.py (ModelsitePlugin, TemplateCachePlugin), MkDocs event

# Python-Markdown extension named in the generated mkdocs.yml (`modelsite.markdown_ext`,
# docs_tree.py); MkDocs and Zensical call makeExtension, Python-Markdown extendMarkdown.
makeExtension  # markdown_ext.py
_.extendMarkdown  # markdown_ext.py
_.edit_url  # plugin.py, MkDocs' theme reads page.edit_url

# griffe extensions that build.py names in the generated mkdocstrings options
# ("modelsite.docstrings.griffe_ext", "modelsite.docstrings.sphinx_roles"); griffe calls the hooks.
GeneratedDocstrings  # docstrings/griffe_ext.py
_.on_module_node  # griffe hook
_.on_package  # griffe hook
SphinxRoles  # docstrings/sphinx_roles.py
_.on_instance  # griffe hook


# CardInfo fields (card/content.py), read by the card templates.
data_facts  # templates/card/card.html.jinja, card.tex.jinja, macros.md.jinja
outline  # templates/card/card.html.jinja, card.tex.jinja
param_groups  # templates/card/card.html.jinja, card.tex.jinja, macros.md.jinja
param_count  # templates/card/*.jinja, templates/pages/model-card.md.jinja
confusion_labels  # templates/card/card.tex.jinja, macros.md.jinja
confusion_rows  # templates/card/card.tex.jinja, huggingface.md.jinja, macros.md.jinja

# Config fields (config.py) the card templates and the model-card page print.
intended_use  # templates/card/*.jinja, templates/pages/model-card.md.jinja
out_of_scope_use  # templates/card/*.jinja, templates/pages/model-card.md.jinja
evaluation_data  # templates/card/*.jinja, templates/pages/model-card.md.jinja
limitations  # templates/card/*.jinja, templates/pages/model-card.md.jinja
ethical_considerations  # templates/card/*.jinja, templates/pages/model-card.md.jinja

# Health page (health/measure.py, health/typehints.py).
source_url  # templates/pages/code-health.md.jinja, reproduce.md.jinja (also ReproInfo.source_url)
_.source_url  # repro/gather.py method, templates/pages/reproduce.md.jinja
select  # templates/pages/code-health.md.jinja
anchors  # templates/pages/code-health.md.jinja
functions  # templates/pages/code-health.md.jinja

# Checklists (repro/checklist.py).
_.symbol  # templates/partials/checklist.md.jinja, review-checklists.md.jinja
number  # templates/partials/review-checklists.md.jinja
question  # templates/partials/review-checklists.md.jinja

# Reproduce and Docker pages (repro/gather.py).
train_command_detail  # templates/pages/reproduce.md.jinja
image_ref  # templates/pages/docker.md.jinja
image_has_modelsite  # templates/pages/docker.md.jinja
dockerfile_command  # templates/pages/docker.md.jinja
build_tag  # templates/pages/docker.md.jinja
docker_commands  # templates/pages/docker.md.jinja, index.md.jinja
review  # templates/pages/reproduce.md.jinja, code-health.md.jinja, review-checklists.md.jinja
commit_notes  # templates/pages/reproduce.md.jinja
_.load_install  # templates/pages/index.md.jinja ("Get the model")

# Site model (sitemodel.py).
_.short_estimator  # templates/pages/models.md.jinja
affiliation  # templates/pages/cite.md.jinja
cards  # templates/pages/model-card.md.jinja, models.md.jinja

# griffe extensions (named in the generated mkdocs.yml by module path; build.py).
PublicReexports  # mkdocstrings' griffe extensions: modelsite.docstrings.reexports
_.public  # griffe's Object.public, read by mkdocstrings' filters (docstrings/reexports.py)

# Reproduce and index pages (repro/gather.py), added since.
commit_notes  # templates/pages/reproduce.md.jinja
_.load_install  # templates/pages/index.md.jinja


# Card and page facts read only by templates (card/content.py, card/performance.py, pagefacts.py).
fingerprint_other  # templates/card/macros.md.jinja
fingerprint_columns  # templates/card/macros.md.jinja
expected_url  # templates/pages/model-card.md.jinja
interval_level  # templates/card/macros.md.jinja
interval_method  # templates/card/macros.md.jinja
interval_note  # templates/card/macros.md.jinja
estimator_role  # templates/pages/index.md.jinja
estimator_path  # templates/pages/index.md.jinja
metric_count  # templates/pages/index.md.jinja
evaluated_on  # templates/pages/index.md.jinja
download_source  # templates/pages/index.md.jinja
pipeline  # templates/pages/index.md.jinja (Overview.pipeline)
metric_names  # templates/pages/models.md.jinja
badge_base  # templates/pages/code-health.md.jinja
module_pages  # templates/pages/code-health.md.jinja
