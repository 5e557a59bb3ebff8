"""ML112 mlprogram-opset-too-new: ML programs below 6, opsets newer than the version."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path
from ml1_specs import messages, simple_spec

from mllint.knowledge.spec_versions import OPSET_SPEC_VERSION
from mllint_rules.versions import mlprogram_opset_too_new


def test_coreml7_program_at_version_7_fires() -> None:
    found = lint_path(fixture_path("ml112_opset_newer_than_version.mlpackage"), select=["ML112"])
    assert codes(found) == ["ML112"]
    assert found[0].location == "main"
    assert found[0].message == (
        "Function 'main' uses opset CoreML7, which is only valid in specification version >= 8 (iOS17). "
        "This model has version 7"
    )


def test_coreml7_program_at_version_8_is_clean() -> None:
    assert lint_path(fixture_path("ml112_opset_newer_than_version_clean.mlpackage"), select=["ML112"]) == []


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
