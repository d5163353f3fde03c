"""Configuration values are checked against the field's type, never silently turned into text."""

from __future__ import annotations

import pytest

from modelsite.config import parse_config
from modelsite.errors import InputError
from modelsite.yamlfile import safe_load


def parsed(text: str):
    return parse_config(safe_load(text), "modelsite.yml")


def test_an_unquoted_decimal_is_refused_not_rewritten() -> None:
    # YAML reads 1.10 as the float 1.1: str() of it would put a version nobody wrote on the card
    with pytest.raises(InputError, match=r"`card.version` is the number 1.1; write it in quotes"):
        parsed("card:\n  version: 1.10\n")
    assert parsed("card:\n  version: '1.10'\n").card.version == "1.10"


def test_whole_numbers_keep_their_digits() -> None:
    assert parsed("card:\n  version: 2\n").card.version == "2"
    assert parsed("card:\n  tags: [tabular, 2024]\n").card.tags == ("tabular", "2024")


def test_list_items_are_checked_one_by_one() -> None:
    with pytest.raises(InputError, match=r"`card.tags\[1\]` is the number 0.5"):
        parsed("card:\n  tags: [a, 0.5]\n")
    with pytest.raises(InputError, match=r"`models\[0\]` must be text, not dict"):
        parsed("models:\n  - {a: 1}\n")


def test_docstring_style_is_one_of_its_choices() -> None:
    assert parsed("docstring_style: google\n").docstring_style == "google"
    with pytest.raises(
        InputError, match=r"`docstring_style` is 'rest'; valid: auto, numpy, google, sphinx"
    ):
        parsed("docstring_style: rest\n")
    with pytest.raises(InputError, match=r"`docstring_style` is True"):
        parsed("docstring_style: yes\n")


def test_builder_is_one_of_its_choices_or_left_out() -> None:
    assert parsed("site_name: x\n").builder == ""
    assert parsed("builder: zensical\n").builder == "zensical"
    with pytest.raises(InputError, match=r"`builder` is 'hugo'; valid: mkdocs, zensical$"):
        parsed("builder: hugo\n")
