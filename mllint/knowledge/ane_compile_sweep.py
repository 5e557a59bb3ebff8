"""What the Neural Engine *compiler* accepts, op by op: the aneforge compile sweep.

Source: the aneforge 0.4.0 package on PyPI (MIT, (c) 2026 Spencer H. Bryngelson,
github sbryngelson/ANEForge). Its ``full_mil_vocabulary_sweep.json`` compiles one small
MIL program per op type for the ANE through the private e5rt runtime, runs it and
compares the result with a reference; its op catalog (``_op_catalog.py``) lists each op
per compiler tier (M1, M2, M3, M4/M5) and ``_targets.py`` gives the per-tier floors and
limits. The facts are restated here in mllint's own words, with attribution; no code is
copied. The sweep JSON does not name its chip: sin/cos compile in it, which the catalog
says happens only from the M3 tier, so it ran on an M3-or-later tier, most likely the
M5 Pro the package says it was verified on (inferred).

How to read a row (evidence strength "compile-sweep"):

- It says what the ANE compiler accepts on the tiers named, **not** where Core ML places
  an op. Core ML chooses placement by cost and may leave an eligible op on the CPU or GPU
  (small matmuls and attention: vx-lang/Vx#435, #437; topk: roboflow/rf-detr#1495).
- ``compiles`` True means *eligible* on that tier, nothing more.
- ``compiles`` False is strong evidence that the op falls back, **except** where Core ML's
  own lowering differs from aneforge's probe; those rows say so in ``note`` (``cast`` is
  the clear case: Core ML's compute plan puts casts on the ANE). aneforge compiles raw
  MIL through a private API, so its failures are compiler facts about that path.
- ``floor`` is the oldest Mac chip (:mod:`mllint.knowledge.chips`) where the catalog lists
  the op native; ``below_floor`` says what happens on older chips: ``rejected`` (no ANE
  path) or ``lowered-otherwise`` (the compiler still maps it through another ANE path).
  The A-series floor is inferred from the chip tiers (:meth:`SweepRow.floor_in`).
- ``note`` carries kernel and size limits, the Core ML evidence that agrees or conflicts,
  and disagreements between aneforge's own files.

Op names are MIL op types (``mllint.knowledge.mil_ops``); the sweep's three ``gelu_*``
programs are the three modes of ``gelu`` and make one row.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from mllint.knowledge.chips import CHIPS, CHIPS_BY_NAME, Family, tier_index

SWEEP_SOURCE = "aneforge 0.4.0 compile sweep (full_mil_vocabulary_sweep.json, _op_catalog.py, _targets.py)"
EVIDENCE = "compile-sweep"

# The sweep's outcome for one op: compiled, ran and matched a reference; compiled and ran
# with the output not checked; "not implemented on the ANE"; rejected by the compiler.
Outcome = Literal["compiles-correct", "compiles", "not-implemented", "rejected"]
BelowFloor = Literal["", "rejected", "lowered-otherwise"]


class SweepRow(NamedTuple):
    """One MIL op type in the compile sweep."""

    op: str
    outcome: Outcome
    floor: str = ""  # oldest Mac chip where it compiles natively; "" = every swept tier
    below_floor: BelowFloor = ""
    note: str = ""
    source: str = SWEEP_SOURCE

    @property
    def compiles(self) -> bool:
        return self.outcome in ("compiles-correct", "compiles")

    def floor_in(self, family: Family) -> str:
        """The oldest chip of ``family`` at or above this row's floor tier ("" = no floor)."""
        if not self.floor:
            return ""
        needed = tier_index(CHIPS_BY_NAME[self.floor].ane_tier)
        for chip in CHIPS:
            if chip.family == family and tier_index(chip.ane_tier) >= needed:
                return chip.name
        return ""


def _row(op: str, outcome: Outcome, *, floor: str = "", below_floor: BelowFloor = "", note: str = "") -> SweepRow:
    return SweepRow(op, outcome, floor=floor, below_floor=below_floor, note=note)


SWEEP: tuple[SweepRow, ...] = (
    _row("abs", "compiles-correct"),
    _row("acos", "not-implemented"),
    _row("add", "compiles-correct"),
    _row(
        "affine",
        "compiles",
        floor="M2",
        below_floor="rejected",
        note="texture engine, M2 on (catalog: 'not supported on this architecture' on M1)",
    ),
    _row(
        "argsort",
        "rejected",
        floor="M2",
        below_floor="rejected",
        note="rejected in the sweep although the catalog lists it native from M2 (sort family): aneforge's files disagree; Core ML placement of argsort is unmeasured",
    ),
    _row("asin", "not-implemented"),
    _row("atan", "compiles-correct"),
    _row("atanh", "not-implemented"),
    _row(
        "avg_pool",
        "compiles-correct",
        note="aneforge compiles windows up to 29 (M1) / 31 (M2 on); Core ML's NN pooling fell back above 13 (hollance/neural-engine#2, Espresso log): Core ML's limit is the one that decides placement",
    ),
    _row("band_part", "not-implemented", note="matches Core ML: smpanaro NOTES.md 2023-04-04 (Xcode report)"),
    _row("batch_norm", "compiles-correct"),
    _row(
        "batch_to_space",
        "compiles-correct",
        note="the input batch must divide by the block product (aneforge capabilities)",
    ),
    _row(
        "cast",
        "not-implemented",
        note="fails in the sweep, yet Core ML's compute plan lists the ANE among cast's supported devices and prefers it in a 512x512 fp16 model (vx-lang/Vx#435, #436), and aneforge's own catalog lists fp16<->fp32 casts native (int32 casts rejected on M1): the sweep's probe is not Core ML's cast; not fallback evidence",
    ),
    _row("ceil", "compiles-correct"),
    _row("clamped_relu", "compiles-correct"),
    _row("classify", "rejected"),
    _row("clip", "compiles-correct"),
    _row("concat", "compiles-correct"),
    _row("cond", "rejected", note="matches Core ML: smpanaro NOTES.md 2023-04-16"),
    _row("constexpr_affine_dequantize", "compiles-correct"),
    _row(
        "constexpr_blockwise_shift_scale",
        "compiles-correct",
        floor="M3",
        below_floor="lowered-otherwise",
        note="weights, not compute (not counted); streamed natively from M3, folded to fp16 on M1/M2 (catalog)",
    ),
    _row("constexpr_cast", "compiles-correct"),
    _row("constexpr_lut_to_dense", "compiles-correct"),
    _row("constexpr_lut_to_sparse", "compiles"),
    _row(
        "constexpr_sparse_blockwise_shift_scale",
        "compiles",
        floor="M3",
        below_floor="lowered-otherwise",
        note="weights, not compute (not counted); streamed natively from M3 (catalog)",
    ),
    _row(
        "constexpr_sparse_to_dense",
        "compiles-correct",
        floor="M3",
        below_floor="lowered-otherwise",
        note="weights, not compute (not counted); streamed natively from M3 (catalog)",
    ),
    _row(
        "conv",
        "compiles-correct",
        note="kernel width <= 13 on the M1-M3 tiers, <= 15 on M4/M5 (aneforge/_targets.py conv_kw_max; a 1xK kernel with K >= 16 fails on M5)",
    ),
    _row("conv_quantized", "rejected"),
    _row("conv_transpose", "compiles-correct", note="strided axes use the small-kernel caps (catalog)"),
    _row(
        "cos",
        "compiles-correct",
        floor="M3",
        below_floor="rejected",
        note="rejected on M1 and M2, native from M3 (catalog, silicon-measured); Core ML may decompose it on older chips (unmeasured)",
    ),
    _row("cosh", "not-implemented"),
    _row("crop", "compiles-correct"),
    _row(
        "crop_resize",
        "not-implemented",
        floor="M2",
        below_floor="rejected",
        note="texture engine, M2 on (catalog); the sweep reports it not implemented: conflicting",
    ),
    _row(
        "cumsum",
        "not-implemented",
        note="matches Core ML on M1: fredyshox/coreml-supersampling ane/model_test (loads, fails at execution)",
    ),
    _row("depth_to_space", "compiles-correct"),
    _row(
        "dequantize",
        "compiles-correct",
        note="Apple documents the int8-int8 compute path on A17 Pro and M4 only (coremltools optimisation overview)",
    ),
    _row("einsum", "compiles-correct"),
    _row("elu", "compiles-correct"),
    _row("equal", "compiles"),
    _row("erf", "compiles-correct"),
    _row("exp", "compiles-correct"),
    _row("exp2", "compiles-correct"),
    _row("expand_dims", "compiles-correct"),
    _row("fill", "compiles-correct"),
    _row("fill_like", "compiles-correct"),
    _row("flatten2d", "compiles-correct"),
    _row(
        "floor",
        "compiles-correct",
        note="compiles and matches its reference; mllint's fallback row rests on one M1 whole-model test (fredyshox): conflict, the sweep is the stronger evidence for eligibility",
    ),
    _row("floor_div", "compiles-correct"),
    _row(
        "gather",
        "not-implemented",
        note="matches Core ML: MLComputePlan lists gather as GPU|CPU only (smpanaro/CoreMLInspect README)",
    ),
    _row("gather_along_axis", "not-implemented", note="matches Core ML: apple/coremltools#1103; roboflow/rf-detr#1495"),
    _row(
        "gather_nd",
        "not-implemented",
        floor="M2",
        below_floor="rejected",
        note="the catalog lists it native from M2 (texture engine) with a narrow M1 envelope, the sweep reports it not implemented: aneforge's files disagree; Core ML evidence says off the ANE (smpanaro gather_ops_ane.py)",
    ),
    _row(
        "gelu",
        "compiles-correct",
        note="all three modes (exact, tanh and sigmoid approximations) compile; only exact was checked against a reference",
    ),
    _row("greater", "compiles"),
    _row("greater_equal", "compiles"),
    _row("gru", "not-implemented", note="matches Core ML: apple/coremltools#1780"),
    _row(
        "identity",
        "rejected",
        note="rejected as a standalone program; aneforge's catalog treats it as a no-op alias of cast, which Core ML's passes remove (inferred): not fallback evidence",
    ),
    _row("instance_norm", "compiles-correct"),
    _row("inverse", "compiles-correct"),
    _row("l2_norm", "compiles"),
    _row("l2_pool", "compiles-correct"),
    _row(
        "layer_norm",
        "compiles-correct",
        note="Core ML lost the ANE for layer_norm under EnumeratedShapes inputs (apple/coremltools#1909, macOS 13 era)",
    ),
    _row("leaky_relu", "compiles-correct"),
    _row("less", "compiles"),
    _row("less_equal", "compiles"),
    _row(
        "linear",
        "compiles-correct",
        note="more than 16384 output features run on the CPU in Core ML (smpanaro NOTES.md; Anemll agent.md)",
    ),
    _row("linear_activation", "compiles-correct"),
    _row("list_gather", "rejected"),
    _row("list_length", "rejected"),
    _row("list_read", "rejected"),
    _row("list_scatter", "rejected"),
    _row("list_write", "rejected"),
    _row(
        "local_response_norm",
        "compiles-correct",
        note="fails to compile for a channel window >= 16 (aneforge capabilities, measured on M5)",
    ),
    _row("log", "compiles-correct"),
    _row("logical_and", "not-implemented"),
    _row("logical_not", "compiles"),
    _row("logical_or", "not-implemented"),
    _row("logical_xor", "not-implemented"),
    _row("lstm", "not-implemented", note="matches Core ML: apple/coremltools#1780, #337"),
    _row("make_list", "rejected"),
    _row(
        "matmul",
        "compiles-correct",
        note="Core ML's compute plan keeps fp16 matmuls up to 384x384 on the CPU and never prefers the ANE for fp32 (vx-lang/Vx#435, #436)",
    ),
    _row(
        "max_pool",
        "compiles-correct",
        note="see avg_pool: Core ML's own limit (kernel <= 13, stride <= 2; hollance/neural-engine#2) decides",
    ),
    _row("maximum", "compiles-correct"),
    _row("minimum", "compiles-correct"),
    _row("mod", "not-implemented"),
    _row("mul", "compiles-correct"),
    _row(
        "non_maximum_suppression",
        "compiles",
        note="compiles and runs, output not checked (aneforge: presence only); no Core ML placement measurement",
    ),
    _row("non_zero", "not-implemented", note="matches Core ML's run-time-shape fallback (data-dependent output shape)"),
    _row("not_equal", "compiles"),
    _row("one_hot", "not-implemented"),
    _row(
        "pad",
        "compiles-correct",
        note="constant padding native on every tier; reflect/symmetric padding native from M2 only (catalog: software path on M1)",
    ),
    _row("pixel_shuffle", "compiles-correct"),
    _row("pixel_unshuffle", "compiles-correct"),
    _row("pow", "compiles-correct"),
    _row("prelu", "compiles", note="native at rank >= 3 (catalog, M1)"),
    _row(
        "quantize",
        "compiles-correct",
        note="Apple documents the int8-int8 compute path on A17 Pro and M4 only (coremltools optimisation overview)",
    ),
    _row("random_bernoulli", "not-implemented"),
    _row("random_categorical", "not-implemented"),
    _row("random_normal", "not-implemented"),
    _row(
        "random_uniform",
        "not-implemented",
        floor="M3",
        below_floor="rejected",
        note="native from M3 (catalog; aneforge draws on the host below); the sweep reports it not implemented",
    ),
    _row(
        "range_1d",
        "compiles-correct",
        note="compiles in the sweep; the catalog reports an M1 code-generation rejection for a positional-encoding range: conflicting",
    ),
    _row(
        "read_state",
        "rejected",
        note="rejected as a standalone program; Core ML's stateful models are not covered (inferred)",
    ),
    _row("real_div", "compiles-correct"),
    _row(
        "reduce_argmax",
        "not-implemented",
        note="not implemented as a MIL op; the catalog reaches it only through aneforge's own ArgMax layer, which Core ML does not emit (inferred)",
    ),
    _row(
        "reduce_argmin",
        "not-implemented",
        floor="M3",
        below_floor="rejected",
        note="catalog: rejected on M1/M2 on the MIL route, native from M3; the sweep (an M3-or-later tier) still reports it not implemented: aneforge's files disagree",
    ),
    _row("reduce_l1_norm", "compiles-correct"),
    _row("reduce_l2_norm", "compiles-correct"),
    _row("reduce_log_sum", "compiles-correct"),
    _row("reduce_log_sum_exp", "compiles-correct"),
    _row("reduce_max", "compiles-correct"),
    _row("reduce_mean", "compiles-correct"),
    _row("reduce_min", "compiles-correct"),
    _row("reduce_prod", "not-implemented"),
    _row("reduce_sum", "compiles-correct"),
    _row("reduce_sum_square", "compiles-correct"),
    _row("relu", "compiles-correct"),
    _row("relu6", "compiles-correct"),
    _row("reshape", "compiles-correct"),
    _row("reshape_like", "rejected"),
    _row(
        "resize",
        "compiles",
        floor="M2",
        below_floor="lowered-otherwise",
        note="lowered through a software path on M1 (catalog; some modes abort), native from M2",
    ),
    _row(
        "resize_bilinear",
        "compiles",
        floor="M2",
        below_floor="lowered-otherwise",
        note="lowered through a software deconvolution path on M1 (catalog), native from M2",
    ),
    _row(
        "resize_nearest_neighbor",
        "compiles-correct",
        floor="M2",
        below_floor="lowered-otherwise",
        note="lowered through a software path on M1 (catalog), native from M2",
    ),
    _row("reverse", "compiles-correct"),
    _row("reverse_sequence", "not-implemented"),
    _row("rnn", "not-implemented", note="matches Core ML: apple/coremltools#1780"),
    _row("round", "compiles-correct"),
    _row("rsqrt", "compiles-correct"),
    _row(
        "scaled_dot_product_attention",
        "compiles-correct",
        note="Core ML's compute plan prefers the ANE only for fp16 and about 2M elements or more per Q/K/V; smaller runs on the CPU (vx-lang/Vx#437)",
    ),
    _row("scaled_tanh", "compiles-correct"),
    _row("scatter", "not-implemented"),
    _row("scatter_along_axis", "not-implemented"),
    _row("scatter_nd", "not-implemented"),
    _row(
        "select",
        "compiles-correct",
        note="compiles; Core ML evidence conflicts (smpanaro NOTES.md 2023-04-15: torch.where on the ANE; Anemll ANE_PROFILER.md: select among GPU fallbacks)",
    ),
    _row("shape", "not-implemented", note="matches Core ML's run-time-shape fallback (apple/coremltools#1029, #2370)"),
    _row("sigmoid", "compiles-correct"),
    _row("sigmoid_hard", "compiles-correct"),
    _row("sign", "compiles-correct"),
    _row("silu", "compiles-correct"),
    _row(
        "sin",
        "compiles-correct",
        floor="M3",
        below_floor="rejected",
        note="rejected on M1 and M2, native from M3 (catalog, silicon-measured); Core ML may decompose it on older chips (unmeasured)",
    ),
    _row("sinh", "not-implemented"),
    _row(
        "slice_by_index",
        "compiles-correct",
        note="static bounds fold into the tensor descriptor (catalog); run-time bounds are not covered by the sweep and fall back in Core ML (smpanaro/more-ane-transformers NOTES.md 2023-10-25)",
    ),
    _row(
        "slice_by_size",
        "compiles-correct",
        note="a run-time begin is not covered by the sweep and falls back in Core ML even with a constant size (smpanaro/more-ane-transformers NOTES.md 2023-10-25)",
    ),
    _row(
        "slice_update",
        "not-implemented",
        note="not implemented as a MIL op (the catalog reaches it through aneforge's own template path); Core ML evidence is indirect: Anemll's stateful LLMs keep 1622 of 1634 ops on the ANE with slice_update in the graph (Anemll ANE_PROFILER.md)",
    ),
    _row("sliding_windows", "not-implemented"),
    _row("softplus", "compiles-correct"),
    _row("softplus_parametric", "compiles"),
    _row("softsign", "compiles-correct"),
    _row("space_to_batch", "compiles-correct"),
    _row("space_to_depth", "compiles-correct"),
    _row("split", "compiles-correct"),
    _row("sqrt", "compiles-correct"),
    _row("square", "compiles-correct"),
    _row("squeeze", "compiles-correct"),
    _row("stack", "compiles-correct"),
    _row("sub", "compiles-correct"),
    _row("tan", "not-implemented"),
    _row("tanh", "compiles-correct"),
    _row("threshold", "compiles-correct"),
    _row("thresholded_relu", "compiles-correct"),
    _row("tile", "compiles-correct", note="repetition factors of 2, 3, 4 or 8 (catalog)"),
    _row(
        "topk",
        "compiles-correct",
        floor="M2",
        below_floor="rejected",
        note="rejected at code generation on M1, native from M2 (catalog, measured); k = 3 or 4 fails to compile on M5 (aneforge capabilities, measured). Core ML still placed topk off the ANE on an M3 Pro (roboflow/rf-detr#1495): eligible, not placed",
    ),
    _row("transpose", "compiles-correct"),
    _row(
        "upsample_bilinear",
        "compiles",
        floor="M2",
        below_floor="lowered-otherwise",
        note="lowered through a software path on M1 (catalog), native from M2; Core ML's NN upsample ran on the ANE for factor 2 (hollance/neural-engine docs)",
    ),
    _row(
        "upsample_nearest_neighbor",
        "compiles-correct",
        floor="M2",
        below_floor="lowered-otherwise",
        note="lowered through a software path on M1 (catalog), native from M2; Core ML's NN upsample ran on the ANE for factor 2 (hollance/neural-engine docs)",
    ),
    _row("while_loop", "rejected", note="matches Core ML: Anemll ANE_PROFILER.md"),
)

SWEEP_BY_OP: dict[str, SweepRow] = {row.op: row for row in SWEEP}


def compiles_on(op: str, chip_name: str) -> bool | None:
    """Whether the ANE compiler accepts ``op`` natively on a chip; None when the sweep has no row.

    Eligibility only: True never means Core ML will place the op on the ANE.
    """
    row = SWEEP_BY_OP.get(op)
    if row is None:
        return None
    if not row.compiles:
        return False
    if not row.floor:
        return True
    chip = CHIPS_BY_NAME[chip_name]
    return row.below_floor == "lowered-otherwise" or tier_index(chip.ane_tier) >= tier_index(
        CHIPS_BY_NAME[row.floor].ane_tier
    )
