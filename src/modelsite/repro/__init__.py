"""Reproduce, containerise, publish, cite: what lets a stranger rebuild and cite the model.

`info.collect_repro` gathers everything the `/reproduce/`, `/docker/` and `/cite/` pages show;
the other modules each do one thing (pinned environment, randomness audit, Dockerfile text,
GitHub workflows, citation formats, the checklist, `modelsite verify`).
"""
