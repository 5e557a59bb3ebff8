"""ML126 unknown-op-type: op types no opset defines."""

from __future__ import annotations

from conftest import fixture_path, lint_path

from mllint.view import Model
from mllint_rules.graph_validity import unknown_op_type


def test_fires_on_unlowered_dialect_op() -> None:
    [diagnostic] = lint_path(fixture_path("ml126_unknown_op_type.mlpackage"), select=["ML126"])
    assert diagnostic.code == "ML126"
    assert diagnostic.location == "main/y"
    assert diagnostic.message == "op 'y' has type 'torch_relu', which no opset up to CoreML6 defines"


def test_core_ops_are_known() -> None:
    assert lint_path(fixture_path("ml126_unknown_op_type_clean.mlpackage"), select=["ML126"]) == []


def _retyped(opset: str):
    from mllint import protos
    from mllint.loader import package_spec_path

    spec = protos.module("Model_pb2").Model()
    spec.ParseFromString(package_spec_path(fixture_path("ml126_unknown_op_type.mlpackage")).read_bytes())
    function = spec.mlProgram.functions["main"]
    function.block_specializations[opset].CopyFrom(function.block_specializations[function.opset])
    del function.block_specializations[function.opset]
    function.opset = opset
    return spec


def test_functions_newer_than_the_table_are_skipped() -> None:
    # coremltools 9.0 defines no CoreML9 ops: a CoreML9 op type may be newer than the table.
    assert unknown_op_type.run(Model(_retyped("CoreML9"))) == []
    assert len(unknown_op_type.run(Model(_retyped("CoreML8")))) == 1
