"""The Neural Engine knowledge table, applied: the row for an op type, chip floors, the verdict.

The table itself is data, each row with its source:

- :mod:`mllint.knowledge.ane_ops`: one row per ML program op and NeuralNetwork layer type;
- :mod:`mllint.knowledge.ane_causes`: the fallback causes, the checks and their thresholds,
  the model-level caveats;
- :mod:`mllint.knowledge.ane_sources`: the public sources they cite;
- :mod:`mllint.knowledge.ane_compile_sweep`: what the ANE compiler accepts per chip.

This module looks them up (:func:`mil_support`, :func:`nn_support`, :func:`chip_floor`),
judges an estimate's counts (:func:`verdict`) and re-exports the table's names, so
``from mllint.knowledge import ane_support as table`` reaches all of it.
"""

from __future__ import annotations

from mllint.knowledge.ane_causes import (
    CAUSE_ORDER,
    CAUSES,
    CAVEATS,
    CHECKS,
    FLOAT32_DTYPES,
    FP16_MAX,
    GENERAL_CHECKS,
    INPUT_PREPROCESSING_OPS,
    INTEGER_DTYPES,
    MAX_CORE_ML_RANK,
    MAX_OUTPUT_FEATURES,
    NN_KEEPS_1X1,
    NN_MAKES_1X1,
    NOT_COUNTED_NN,
    POOL_MAX_KERNEL,
    POOL_MAX_STRIDE,
    SMALL_ATTENTION_ELEMENTS,
    SMALL_MATMUL_MNK,
    SMALL_MODEL,
    SMALL_MODEL_PARAMS,
    SMALL_WORK,
    SMALL_WORK_SHARE,
    STATE_LAST_DIM_MULTIPLE,
    UPSAMPLE_MAX_SCALE,
    Cause,
    primary_cause,
)
from mllint.knowledge.ane_compile_sweep import SWEEP_BY_OP, SweepRow, compiles_on
from mllint.knowledge.ane_ops import (
    MIL_OPS,
    ND_LAYERS,
    NN_LAYERS,
    NOT_COUNTED_MIL,
    NOT_COUNTED_PREFIX,
    OpSupport,
    Strength,
    Unit,
)
from mllint.knowledge.ane_sources import SWEEP

__all__ = [  # the table's names, for ``table.NAME``
    "CAUSES",
    "CAUSE_ORDER",
    "CAVEATS",
    "CHECKS",
    "FLOAT32_DTYPES",
    "FP16_MAX",
    "GENERAL_CHECKS",
    "INPUT_PREPROCESSING_OPS",
    "INTEGER_DTYPES",
    "MAX_CORE_ML_RANK",
    "MAX_OUTPUT_FEATURES",
    "MIL_OPS",
    "ND_LAYERS",
    "NN_KEEPS_1X1",
    "NN_LAYERS",
    "NN_MAKES_1X1",
    "NOT_COUNTED_MIL",
    "NOT_COUNTED_NN",
    "NOT_COUNTED_PREFIX",
    "POOL_MAX_KERNEL",
    "POOL_MAX_STRIDE",
    "SMALL_ATTENTION_ELEMENTS",
    "SMALL_MATMUL_MNK",
    "SMALL_MODEL",
    "SMALL_MODEL_PARAMS",
    "SMALL_WORK",
    "SMALL_WORK_SHARE",
    "STATE_LAST_DIM_MULTIPLE",
    "UPSAMPLE_MAX_SCALE",
    "Cause",
    "OpSupport",
    "Strength",
    "Unit",
    "chip_floor",
    "mil_support",
    "nn_support",
    "primary_cause",
    "verdict",
]

# --------------------------------------------------------------------------- verdict

# In the spirit of onnxruntime's usability checker (PartitioningInfo.suitability):
# 1 partition and more than 75% of the compute ops on the ANE: good; 1 partition and
# more than 50%, or 2 partitions and more than 75%: mixed; anything else: poor.
# When more than a quarter of the ops are of unknown support the verdict is
# "uncertain": mllint does not know enough of the model to judge it.
GOOD_SHARE = 0.75
MIXED_SHARE = 0.50
UNCERTAIN_UNKNOWN_SHARE = 0.25


def verdict(
    ops_total: int, ops_ane: int, ops_unknown: int, partitions: int, caveats: int = 0, load_failures: int = 0
) -> str:
    """``good``, ``mixed``, ``poor``, ``uncertain``, ``does-not-load`` or ``n/a`` (no compute ops).

    A model Core ML cannot load (a tensor of rank >= 6) has no placement at all. A model
    that would be ``good`` but has a caveat (:data:`CAVEATS`: a RangeDim input, too
    little work, weights over the whole-model limit) is ``uncertain``: its ops are eligible, placement may not follow.
    """
    if load_failures:
        return "does-not-load"
    if ops_total == 0:
        return "n/a"
    if ops_unknown / ops_total > UNCERTAIN_UNKNOWN_SHARE:
        return "uncertain"
    share = ops_ane / ops_total
    if partitions == 1 and share > GOOD_SHARE:
        return "uncertain" if caveats else "good"
    if (partitions == 1 and share > MIXED_SHARE) or (partitions == 2 and share > GOOD_SHARE):
        return "mixed"
    return "poor"


# Sweep failures that are not fallback evidence: Core ML lowers these itself (cast is on the
# NE in MLComputePlan; identity, read_state and reshape_like are folded), or Core ML evidence
# conflicts (slice_update): without a Core ML row they stay unknown.
SWEEP_NOT_FALLBACK = frozenset({"cast", "identity", "read_state", "reshape_like", "slice_update"})


def mil_support(op_type: str) -> OpSupport | None:
    """The row for an ML program op type; None for const ops (not counted).

    A Core ML row wins; an op type without one takes the compile sweep's default
    (compiles: eligible, strength compile-sweep; fails: fallback ``other``, except
    :data:`SWEEP_NOT_FALLBACK`); an op type in neither is unknown.
    """
    if op_type in NOT_COUNTED_MIL or op_type.startswith(NOT_COUNTED_PREFIX):
        return None
    row = MIL_OPS.get(op_type)
    if row is not None:
        return row
    swept = SWEEP_BY_OP.get(op_type)
    if swept is None:
        return _UNLISTED
    return _SWEEP_DEFAULTS.setdefault(op_type, _sweep_default(swept))


def _sweep_default(swept: SweepRow) -> OpSupport:
    source = f"{SWEEP}: {swept.outcome}" + (f" ({swept.note})" if swept.note else "")
    if swept.compiles:
        return OpSupport("ane", source, strength="compile-sweep")
    if swept.op in SWEEP_NOT_FALLBACK:
        return OpSupport("unknown", source, note="the sweep's failure is not fallback evidence for Core ML")
    return OpSupport("fallback", source, cause="other", strength="compile-sweep")


_SWEEP_DEFAULTS: dict[str, OpSupport] = {}


def chip_floor(op_type: str, chip: str) -> str:
    """The chip from which the ANE compiler accepts ``op_type`` when ``chip`` is below it ("" otherwise).

    Only ops the sweep compiles with a floor whose older chips reject them (not "lowered otherwise").
    """
    swept = SWEEP_BY_OP.get(op_type)
    if swept is None or not swept.compiles or not swept.floor or swept.below_floor != "rejected":
        return ""
    return "" if compiles_on(op_type, chip) else swept.floor


def nn_support(layer_type: str) -> OpSupport:
    return NN_LAYERS.get(layer_type, _UNLISTED)


_UNLISTED = OpSupport("unknown", "", note="not in mllint's table: no public evidence collected")
