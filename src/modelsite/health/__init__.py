"""Code health of the training code: ruff lint and format, type hints, docstrings, and `check`.

`info.collect_health` gathers everything the `/code-health/` page shows (one `ruff check` and one
`ruff format --check` run); `check.check_command` is `modelsite check`, the same facts as a CI gate.
"""
