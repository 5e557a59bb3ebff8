"""ML112 mlprogram-opset-too-new: ML programs below 6, opsets newer than the version."""

from __future__ import annotations

from ml1_specs import messages, simple_spec
from mllint_rules.load.ml112_mlprogram_opset_too_new import mlprogram_opset_too_new

from mllint.knowledge.spec_versions import OPSET_SPEC_VERSION


def _program(version: int, opset: str):
    spec = simple_spec(version, "mlProgram")
    function = spec.mlProgram.functions["main"]
    function.opset = opset
    function.block_specializations[opset].SetInParent()
    return spec


def test_program_below_version_6() -> None:
    assert messages(_program(5, "CoreML5"), mlprogram_opset_too_new) == [
        ("", "mlProgram models are only valid in specification version >= 6 (iOS15). This model has version 5")
    ]
    assert len(messages(_program(5, "CoreML6"), mlprogram_opset_too_new)) == 2


def test_every_opset_at_its_own_version_is_clean() -> None:
    for opset, version in OPSET_SPEC_VERSION.items():
        assert messages(_program(version, opset), mlprogram_opset_too_new) == [], opset
        assert len(messages(_program(version - 1, opset), mlprogram_opset_too_new)) >= 1, opset
