"""Collectors: pure functions that read a project's inputs and return site-model data."""
