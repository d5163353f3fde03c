"""Classify wines into three cultivars from their chemical analysis."""

__version__ = "1.0.0"
