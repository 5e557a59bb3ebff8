"""ML102 int8-array-before-ios26: INT8 multiarray features below spec 10."""

from __future__ import annotations

from ml1_specs import messages, simple_spec
from mllint_rules.load.ml102_int8_array_before_ios26 import int8_array_before_ios26


def test_int32_below_10_is_not_this_rule() -> None:
    assert messages(simple_spec(9, dtype="INT32"), int8_array_before_ios26) == []
    assert len(messages(simple_spec(9, dtype="INT8"), int8_array_before_ios26)) == 2
