"""Docstrings: coverage, offline generation, a griffe extension for the site, safe write-back."""

from __future__ import annotations

from modelsite.docstrings.generate import plan_module
from modelsite.docstrings.inventory import coverage_inventory

__all__ = ["coverage_inventory", "plan_module"]
