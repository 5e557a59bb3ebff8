"""The Neural Engine table (issue 12, items 4-5): every row cites evidence at a stated strength."""

from __future__ import annotations

import pytest

from mllint.analysis.ane_estimate import estimate
from mllint.knowledge import ane_support as table
from mllint.view import Model

STRENGTHS = {"apple", "measurement", "espresso-log", "first-hand", "compile-sweep", "inferred"}


@pytest.mark.parametrize("kind", ["MIL_OPS", "NN_LAYERS"])
def test_every_row_cites_its_evidence_at_a_stated_strength(kind: str) -> None:
    for op_type, row in getattr(table, kind).items():
        assert row.strength in STRENGTHS, op_type
        assert row.source or row.unit == "unknown", op_type
        assert "coreai-torch#66" not in row.source and "YOLO26" not in row.source, op_type  # Core AI: another runtime
        assert "hollance/neural-engine#44" not in row.source, op_type  # the private compiler API
        if row.unit == "unknown":
            assert row.note, f"{op_type}: an unknown row says why"
        if "generalised" in row.source:
            assert row.strength == "inferred", op_type


def test_every_cause_cites_its_evidence_at_a_stated_strength() -> None:
    for key, cause in table.CAUSES.items():
        assert cause.source and cause.strength in STRENGTHS, key
        assert key in table.CAUSE_ORDER, key


def test_audit_disagreements_are_resolved_or_kept_with_a_reason() -> None:
    """#44 split, #62/#63 pooling kept with a written reason; #45 floor, #22 select, #54 NMS now unknown;
    #47 maximum/minimum re-cited; #28 slice_by_size and #35 layer_norm gained checks; #40 rank left."""
    assert "audit #44" in table.MIL_OPS["split"].note
    assert "audit #62" in table.MIL_OPS["max_pool"].note and "audit #63" in table.MIL_OPS["avg_pool"].note
    for op_type in ("floor", "select", "non_maximum_suppression", "resample", "slice_update"):
        assert table.MIL_OPS[op_type].unit == "unknown", op_type
    assert "fredyshox" not in table.MIL_OPS["maximum"].source
    assert "runtime_bounds" in table.MIL_OPS["slice_by_size"].checks
    assert "enumerated_inputs" in table.MIL_OPS["layer_norm"].checks
    assert "rank" not in table.GENERAL_CHECKS


def test_ops_without_a_core_ml_row_take_the_compile_sweep() -> None:
    tanh = table.mil_support("tanh")
    assert tanh is not None and (tanh.unit, tanh.strength) == ("ane", "compile-sweep")
    mod = table.mil_support("mod")
    assert mod is not None and (mod.unit, mod.cause) == ("fallback", "other")
    identity = table.mil_support("identity")  # the sweep fails it, Core ML folds it: not fallback evidence
    assert identity is not None and identity.unit == "unknown"
    assert table.mil_support("no_such_op") is table._UNLISTED


def test_chip_floor_from_the_compile_sweep() -> None:
    """sin compiles from the M3 tier on: a fallback on an M1, eligible on an M4 (issue 12, item 11)."""
    assert table.chip_floor("sin", "M1") == "M3"
    assert table.chip_floor("sin", "M4") == ""
    assert table.chip_floor("upsample_nearest_neighbor", "M1") == ""  # lowered otherwise on M1
    assert table.chip_floor("relu", "M1") == ""


def _mil(build) -> Model:  # type: ignore[no-untyped-def]
    import coremltools as ct
    from coremltools.converters.mil import Builder as mb

    program = mb.program(input_specs=[mb.TensorSpec(shape=(1, 4, 8, 8))])(build(mb))
    model = ct.convert(program, convert_to="mlprogram", minimum_deployment_target=ct.target.iOS17,
                       compute_precision=ct.precision.FLOAT16, skip_model_load=True)
    return Model(model.get_spec())


def test_sin_falls_back_below_its_floor_and_not_above_it() -> None:
    model = _mil(lambda mb: lambda x: mb.sin(x=mb.relu(x=x, name="act"), name="wave"))
    on_m1 = estimate(model, "M1").by_path()["main/wave_cast_fp16"]  # type: ignore[union-attr]
    assert (on_m1.unit, on_m1.primary) == ("fallback", "chip_floor")
    assert estimate(model, "M4").by_path()["main/wave_cast_fp16"].unit == "ane"  # type: ignore[union-attr]


def test_nn_batched_matmul_of_two_activations_falls_back() -> None:
    """antgroup-skyward/ANETools#1: to_fallback for a batchedMatmul of two activations."""
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    builder = NeuralNetworkBuilder(
        [("a", datatypes.Array(1, 4, 4)), ("b", datatypes.Array(1, 4, 4))], [("y", None)],
        disable_rank5_shape_mapping=True,
    )
    builder.add_activation("a_act", "RELU", "a", "a_relu")
    builder.add_batched_mat_mul("product", ["a_relu", "b"], "y")
    found = estimate(Model(builder.spec))
    assert found is not None
    assert [(e.op.type, e.unit, e.primary) for e in found.ops][-1] == ("batchedMatmul", "fallback", "activation_matmul")
