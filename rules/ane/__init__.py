"""ML2xx: the Neural Engine. One module per rule, named by its code and name.

The fallback-cause rules (ML212, ML217-ML230, ML232) are the rows of one table,
:mod:`.ml212_ml229_fallback_causes`, turned into rules by :mod:`.fallback_check`.
The rules that need to know where ops run read the shared estimate
(:mod:`mllint.analysis.ane_estimate`, computed once per model); it is also a
fact of every model (``ane``). Every rule here is a heuristic from public
knowledge (``heuristic=True``): the reports say to confirm it on a device.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mllint import Rule, hookimpl
from mllint.analysis.ane_estimate import model_facts
from mllint.rule import RunContext

from .fallback_check import FALLBACK_RULES
from .ml201_ane_unfriendly_slice import ane_unfriendly_slice
from .ml202_output_layout_op import output_layout_op
from .ml203_embedded_nms import embedded_nms
from .ml204_nms_class_count_mismatch import nms_class_count_mismatch
from .ml205_nms_class_count_unpadded import nms_class_count_unpadded
from .ml206_nms_threshold_out_of_range import nms_threshold_out_of_range
from .ml207_nms_threshold_default_mismatch import nms_threshold_default_mismatch
from .ml210_ane_flexible_input_shape import ane_flexible_input_shape
from .ml211_ane_double_io import ane_double_io
from .ml213_ane_state_width import ane_state_width
from .ml215_ane_fp16_overflow_constant import ane_fp16_overflow_constant
from .ml216_ane_split_partitions import ane_split_partitions
from .ml231_ane_small_work import ane_small_work

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            ane_unfriendly_slice,
            output_layout_op,
            embedded_nms,
            nms_class_count_mismatch,
            nms_class_count_unpadded,
            nms_threshold_out_of_range,
            nms_threshold_default_mismatch,
            ane_flexible_input_shape,
            ane_double_io,
            ane_state_width,
            ane_fp16_overflow_constant,
            ane_split_partitions,
            ane_small_work,
            *FALLBACK_RULES,
        ),
        key=lambda rule: rule.code,
    )
)


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return list(RULES)


@hookimpl
def mllint_model_facts(model: Any, context: RunContext) -> dict[str, Any] | None:
    """``{"ane": {...}}``: the estimate of the model tree for the run's chip (``mllint.analysis.ane_estimate.model_facts``)."""
    facts = model_facts(model.root, context.chip)
    return {"ane": facts} if facts is not None else None
