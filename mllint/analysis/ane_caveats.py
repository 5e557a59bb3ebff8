"""Model-level caveats of the Neural Engine estimate: conditions that keep an eligible model's verdict from "good".

The ops stay eligible; the caveat says why placement may not follow (sources in
:data:`mllint.knowledge.ane_causes.CAVEATS`).
"""

from __future__ import annotations

from typing import Any

from mllint.analysis.ane_types import OpEstimate
from mllint.knowledge import ane_support as table
from mllint.knowledge.chips import Chip
from mllint.view import Model


def model_caveats(model: Model, ops: list[OpEstimate], params: int, weight_bytes: int, chip: Chip) -> dict[str, str]:
    """Model-level conditions that keep an eligible model's verdict from "good"."""
    found: dict[str, str] = {}
    eligible = sum(e.flops or 0 for e in ops if e.unit == "ane")
    small = sum(e.flops or 0 for e in ops if e.unit == "ane" and e.flags)
    if eligible and small / eligible > table.SMALL_WORK_SHARE:
        found["small_work"] = (
            f"{100 * small / eligible:.0f}% of the eligible work is small matmul/attention work that Core ML's "
            "compute plan keeps on the CPU"
        )
    if ops and params < table.SMALL_MODEL_PARAMS:
        found["small_model"] = (
            f"{params:,} parameters: Core ML may keep a model this small on the CPU (a 50K-parameter transformer "
            "ran 0% on the ANE, its 10M twin 100%)"
        )
    ranged = [f.name for f in model.inputs if f.flexibility == "range" and _is_flexible_range(f.proto)]
    if ranged:
        found["range_input"] = (
            f"input '{ranged[0]}' has a shape range: the ANE runs at most its default shape "
            "(other shapes run on the CPU or GPU)"
        )
    if ops and weight_bytes > chip.max_model_weight_bytes:
        found["large_model"] = (
            f"{_gib(weight_bytes)} of weights, over the whole-model limit of {_gib(chip.max_model_weight_bytes)} "
            f"on {chip.name}: Core ML runs a model this large on the CPU only (split it into chunks)"
        )
    return found


def _gib(size: int) -> str:
    return f"{size / 1024**3:.2f} GiB"


def _is_flexible_range(feature: Any) -> bool:
    """A shape range with some dimension that can vary (a range of one size is a fixed shape)."""
    kind = feature.type.WhichOneof("Type")
    if kind == "multiArrayType":
        ranges = [(r.lowerBound, r.upperBound) for r in feature.type.multiArrayType.shapeRange.sizeRanges]
    elif kind == "imageType":
        size_range = feature.type.imageType.imageSizeRange
        ranges = [
            (size_range.heightRange.lowerBound, size_range.heightRange.upperBound),
            (size_range.widthRange.lowerBound, size_range.widthRange.upperBound),
        ]
    else:
        return False
    return any(upper < 0 or upper != lower for lower, upper in ranges)
