"""The model card: content from evidence, plots, a pipeline diagram, exports and an offline lint.

`content.build_card(site, model)` gathers a frozen `CardInfo`; `exports.render_card` renders it
as a Hugging Face README, a self-contained HTML file or a LaTeX fragment; `lint.lint_card`
checks an exported card offline; `cyclonedx.bom` is the card as a CycloneDX 1.6 ML-BOM and
`command.write_hub_folder` the Hugging Face Hub folder (README, config.json, model file);
`command.card_command` is `modelsite card`.
"""
