"""ML104 sequence-before-ios12: sequence features below spec 3."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path


def test_sequence_input_at_version_2_fires() -> None:
    found = lint_path(fixture_path("ml104_sequence_input.mlmodel"), select=["ML104"])
    assert codes(found) == ["ML104"]
    assert found[0].location == "inputs/tokens"
    assert found[0].message == "Sequence types are only valid in specification verison >= 3. This model has version 2"


def test_sequence_input_at_version_3_is_clean() -> None:
    assert lint_path(fixture_path("ml104_sequence_input_clean.mlmodel"), select=["ML104"]) == []
