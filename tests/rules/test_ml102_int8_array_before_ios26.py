"""ML102 int8-array-before-ios26: INT8 multiarray features below spec 10."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import messages, simple_spec

from mllint_rules.versions import int8_array_before_ios26


def test_int8_program_lowered_to_version_9_fires_on_input_and_output() -> None:
    found = lint_path(fixture_path("ml102_int8_io.mlpackage"), select=["ML102"])
    assert codes(found) == ["ML102", "ML102"]
    assert [d.location for d in found] == ["inputs/x", "outputs/y"]
    assert found[1].message == (
        "Description of multiarray feature 'y' has INT8 dataType, which is only valid in specification "
        "version >= 10. This model has version 9"
    )


def test_int8_program_at_version_10_is_clean() -> None:
    assert lint_path(fixture_path("ml102_int8_io_clean.mlpackage"), select=["ML102"]) == []


def test_int32_below_10_is_not_this_rule() -> None:
    assert messages(simple_spec(9, dtype="INT32"), int8_array_before_ios26) == []
    assert len(messages(simple_spec(9, dtype="INT8"), int8_array_before_ios26)) == 2
