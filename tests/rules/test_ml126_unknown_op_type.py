"""ML126 unknown-op-type: op types no opset defines."""

from __future__ import annotations

from conftest import fixture_path
from mllint_rules.load.ml126_unknown_op_type import unknown_op_type

from mllint.view import Model


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
