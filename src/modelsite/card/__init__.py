"""The model card: content from evidence, plots, a pipeline diagram, exports and an offline lint.

`content.build_card(site, model)` gathers a frozen `CardInfo`; `exports.render_card` renders it
as a Hugging Face README, a self-contained HTML file or a LaTeX fragment; `lint.lint_card`
checks an exported card offline; `command.card_command` is `modelsite card`.
"""
