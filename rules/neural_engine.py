"""ML210-ML229: the Neural Engine (ANE) estimate and what keeps a model off the ANE.

Every rule here is a heuristic: an estimate from public knowledge (the table in
``mllint/knowledge/ane_support.py``, each row with its source), never a
measurement. Confirm on a device with Xcode's performance report or
``MLComputePlan`` (macOS 14.4 / iOS 17.4+).

The fallback rules (ML212, ML214, ML217-ML229) and ML216 read one shared
estimate per model (``ane_estimate.estimate``, computed in one pass over each
graph and cached by the model object); each reports one diagnostic per cause
per model, with the count and the first few op paths. ML210, ML211 and ML213
read the model's interface; ML215 reads the overflows the same pass found.
The estimate is also a fact of every model (``mllint_model_facts``: ``ane``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator, Sequence

from mllint import Finding, Rule, Severity, hookimpl, model_rule
from mllint.knowledge import ane_support as table
from mllint.view import Feature, Model

from .ane_estimate import estimate, first_paths, model_facts

FIRST_PATHS = 5  # op paths listed per diagnostic


def _counts(types: Counter[str], limit: int = 6) -> str:
    ranked = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{op_type} x{count}" for op_type, count in ranked[:limit])
    return text + (", ..." if len(ranked) > limit else "")


def cause_findings(model: Model, cause: str) -> Iterator[Finding]:
    """One finding for every op of ``model`` estimated off the ANE for ``cause``."""
    found = estimate(model)
    if found is None:
        return
    hits = found.with_cause(cause)
    if not hits:
        return
    paths = ", ".join(first_paths(hits, cause, FIRST_PATHS))
    more = f" and {len(hits) - FIRST_PATHS} more" if len(hits) > FIRST_PATHS else ""
    share = f"all {len(hits)}" if len(hits) == found.ops_total else f"{len(hits)} of {found.ops_total}"
    yield Finding(
        f"{share} compute ops estimated off the Neural Engine as {table.CAUSES[cause].label} "
        f"({_counts(Counter(h.op.type for h in hits))}): {paths}{more}",
        location=hits[0].op.path,
    )


def _graph_models_only(model: Model) -> bool:
    """ANE interface rules look at models that run a graph (NN or ML program)."""
    return bool(model.graphs)


# --------------------------------------------------------------------------- interface rules


def _range_dims(feature: Feature) -> list[str] | None:
    """The flexible ranges of a range-shaped input, or None if every range is one size."""
    array, image = feature.array, feature.image
    ranges: list[tuple[int, int]] = []
    if array is not None and array.WhichOneof("ShapeFlexibility") == "shapeRange":
        ranges = [(int(r.lowerBound), int(r.upperBound)) for r in array.shapeRange.sizeRanges]
    elif image is not None and image.WhichOneof("SizeFlexibility") == "imageSizeRange":
        size_range = image.imageSizeRange
        ranges = [
            (int(size_range.heightRange.lowerBound), int(size_range.heightRange.upperBound)),
            (int(size_range.widthRange.lowerBound), int(size_range.widthRange.upperBound)),
        ]
    if not any(upper < 0 or upper != lower for lower, upper in ranges):
        return None
    return [f"{lower}..{'unbounded' if upper < 0 else upper}" for lower, upper in ranges]


def _enumerated(feature: Feature) -> list[str]:
    array, image = feature.array, feature.image
    if array is not None and array.WhichOneof("ShapeFlexibility") == "enumeratedShapes":
        return ["[" + ", ".join(str(d) for d in s.shape) + "]" for s in array.enumeratedShapes.shapes]
    if image is not None and image.WhichOneof("SizeFlexibility") == "enumeratedSizes":
        return [f"{s.height}x{s.width}" for s in image.enumeratedSizes.sizes]
    return []


@model_rule(
    code="ML210",
    name="ane-flexible-input-shape",
    severity="warning",
    heuristic=True,
    summary="An input has a flexible shape (a range, or enumerated shapes).",
    why="""
        The Neural Engine runs a compiled, fixed-shape plan. With a range (shapeRange or
        imageSizeRange) Core ML compiles the ANE plan for the default shape only; any other shape
        runs on the CPU or GPU, and some Core ML versions refuse the ANE for range inputs outright
        ("MLE5Engine is not currently supported for models with range shape inputs that try to
        utilize the Neural Engine"). Enumerated shapes are compiled for each listed shape and can
        use the ANE (reported as info).
    """,
    fix="""
        Export with a fixed shape, or with ct.EnumeratedShapes listing the few shapes the app uses;
        pad or resize inputs in app code to one of them.
    """,
    sources=(
        "apple/coremltools#1764 (flexible-shape model ran on the CPU only)",
        "apple/coremltools#2370 (the ANE is used only at the RangeDim default; EnumeratedShapes work)",
        "apple/coremltools#1029 (MLE5Engine error for range shape inputs on the Neural Engine)",
    ),
)
def ane_flexible_input_shape(model: Model) -> Iterator[Finding]:
    """Looks at the inputs of every model that runs a graph (a pipeline's sub-models, not the
    pipeline's own copy of the interface): a shapeRange or imageSizeRange with an unbounded or
    lower != upper range is a warning; enumeratedShapes or enumeratedSizes is an info. A range
    whose bounds are all equal is a fixed shape and stays clean.

    Example: `x` as multiArray with shapeRange [1..1, 3..3, 64..unbounded] (warning).

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    if not _graph_models_only(model):
        return
    for feature in model.inputs:
        ranges = _range_dims(feature)
        if ranges is not None:
            default = "[" + ", ".join(str(d) for d in feature.shape) + "]"
            yield Finding(
                f"input '{feature.name}' has a flexible shape (ranges {', '.join(ranges)}): the Neural "
                f"Engine runs only the default shape {default}; other shapes run on the CPU or GPU",
                location=feature.path,
            )
            continue
        shapes = _enumerated(feature)
        if shapes:
            yield Finding(
                f"input '{feature.name}' has {len(shapes)} enumerated shapes ({', '.join(shapes[:4])}"
                f"{', ...' if len(shapes) > 4 else ''}): each is compiled on its own and can use the "
                "Neural Engine; check every shape in Xcode's performance report",
                location=feature.path,
                severity=Severity.INFO,
            )


@model_rule(
    code="ML211",
    name="ane-double-io",
    severity="info",
    heuristic=True,
    summary="An input or output of a neural network or ML program is DOUBLE.",
    why="""
        The Neural Engine computes in fp16 and the GPU in fp16/fp32; nothing in the graph runs in
        float64. Core ML converts every DOUBLE input on the CPU before the graph runs, and every
        DOUBLE output after it, for each prediction.
    """,
    fix="""
        Declare the feature as FLOAT32 (or FLOAT16 for iOS 16+), e.g. with
        ct.utils.convert_double_to_float_multiarray_type(spec) on an NN spec, or the converter's
        inputs=[ct.TensorType(dtype=np.float32)] / outputs=[...].
    """,
    sources=(
        "hollance/neural-engine docs/16-bit.md (the ANE uses float16 for everything)",
        "coremltools models/utils.py convert_double_to_float_multiarray_type",
    ),
)
def ane_double_io(model: Model) -> Iterator[Finding]:
    """Looks at the inputs and outputs of every model that runs a graph (NN or ML program):
    a `doubleType` feature or a multiArray with dataType DOUBLE. Pipelines and classic models
    (NMS, trees...) are left alone: their DOUBLE features never reach the ANE.

    Example: an old Keras-converted NN whose input `x` is multiArray DOUBLE [10].

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    if not _graph_models_only(model):
        return
    for feature in model.inputs + model.outputs:
        if feature.kind == "doubleType" or (feature.array is not None and feature.dtype == "DOUBLE"):
            direction = "from DOUBLE to" if feature.role == "input" else "to DOUBLE from"
            yield Finding(
                f"{feature.role} '{feature.name}' is {feature.describe()}: Core ML converts it "
                f"{direction} the graph's float type on the CPU for every prediction",
                location=feature.path,
            )


@model_rule(
    code="ML213",
    name="ane-state-width",
    severity="warning",
    heuristic=True,
    summary="A state's last dimension is not a multiple of 32.",
    why="""
        A stateful ML program failed on the Neural Engine (Xcode's performance report, All or
        CPU+ANE) when the state's width was 270, and ran when it was 256; it runs on the CPU and
        GPU either way. The ANE stores the last axis 64-byte aligned (32 fp16 values).
    """,
    fix="""
        Pad the state's last dimension to a multiple of 32 (and ignore the padding in the model),
        or run the model with CPU_AND_GPU.
    """,
    sources=(
        "apple/coremltools#2631 (state width 270 fails on the ANE, 256 works)",
        "apple/coremltools#2553 (stateful model cannot run on the ANE)",
        "apple/ml-ane-transformers principle 1 (last axis 64-byte aligned)",
    ),
)
def ane_state_width(model: Model) -> Iterator[Finding]:
    """Looks at every state of the model (`description.state`, state inputs and per-function
    states): the last dimension of its array must be a multiple of 32. Batch, head or channel
    dimensions are not checked; the reported failure is about the innermost axis.

    Example: a state `hidden` of shape [1, 16, 64, 270] (270 % 32 = 14).

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    seen: set[str] = set()
    for feature in model.features:
        if feature.kind != "stateType" or feature.path in seen or not feature.shape:
            continue
        seen.add(feature.path)
        last = feature.shape[-1]
        if last % table.STATE_LAST_DIM_MULTIPLE:
            shape = "[" + ", ".join(str(d) for d in feature.shape) + "]"
            yield Finding(
                f"state '{feature.name}' has last dimension {last} (shape {shape}), not a multiple of "
                f"{table.STATE_LAST_DIM_MULTIPLE}: stateful models like it fail on the Neural Engine",
                location=feature.path,
            )


@model_rule(
    code="ML215",
    name="ane-fp16-overflow-constant",
    severity="warning",
    heuristic=True,
    summary="A constant beyond the fp16 range (|x| > 65504) feeds an fp16 op.",
    why="""
        fp16 holds finite values up to 65504. A larger constant becomes inf when the op runs in
        fp16 (always on the Neural Engine, and in an fp16 ML program everywhere); a mask sentinel
        such as finfo(float32).min turns into -inf and then NaN (inf - inf, 0 * inf). A FLOAT16
        constant that already holds inf overflowed when the model was converted.
    """,
    fix="""
        Use a sentinel inside the fp16 range (e.g. -1e4 for attention masks), clamp the constant,
        or keep the op in fp32 (op_selector in ct.transform.FP16ComputePrecision). Compare outputs
        with coremltools' MLModelComparator.
    """,
    sources=(
        "apple/coremltools#2110, #2603, #1932 (fp16 overflow in ML programs)",
        "apple/coremltools PR #2669 (finfo(fp32).min mask becomes fp16 -inf, then NaN)",
        "hollance/neural-engine docs/16-bit.md",
    ),
)
def ane_fp16_overflow_constant(model: Model) -> Iterator[Finding]:
    """Looks at ML program constants with inline values (a `const` op's immediate value, or an
    argument bound to an immediate value); values in weight.bin blobs are never read. A float
    constant with some |x| > 65504 (inf included) that an fp16 op reads (an op with a FLOAT16
    output, or a cast to fp16) is reported once per constant.

    Example: `const mask = -3.4e38 (FLOAT32)` feeding `cast(dtype="fp16")` then `add`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    found = estimate(model)
    if found is None:
        return
    reported: set[tuple[str, str]] = set()
    for overflow in found.overflows:
        key = (overflow.location, overflow.name)
        if key in reported:
            continue
        reported.add(key)
        what = "holds inf (it overflowed when converted to fp16)" if overflow.dtype == "FLOAT16" else (
            f"has |x| up to {overflow.magnitude:.4g}, beyond the fp16 maximum 65504"
        )
        name = f"const '{overflow.name}'" if overflow.name != "(inline value)" else "an inline constant"
        yield Finding(
            f"{name} ({overflow.dtype}) {what}, and fp16 op {overflow.consumer.type} "
            f"'{overflow.consumer.name}' reads it",
            location=overflow.location,
        )


# --------------------------------------------------------------------------- partitions


@model_rule(
    code="ML216",
    name="ane-split-partitions",
    severity="warning",
    heuristic=True,
    summary="The Neural Engine work is split into more than one partition.",
    why="""
        Between two groups of ANE ops, Core ML runs the fallback ops on the CPU or GPU and copies
        the tensors out of and back into the ANE's layout at every switch. Several partitions
        often cost more than running the whole model on the GPU (onnxruntime's usability checker
        calls more than two partitions unusable; in microsoft/onnxruntime#28022, 14 partitions
        made a model 2x slower than one).
    """,
    fix="""
        Replace or move the fallback ops between the partitions (the fallback rules ML212-ML229
        name them): move post-processing after the model, out of the graph, or rewrite the op with
        ANE-friendly ones.
    """,
    sources=(
        "microsoft/onnxruntime tools/python/util/mobile_helpers/usability_checker.py (partitions, suitability)",
        "microsoft/onnxruntime#28022 (14 partitions, then 1 after a rewrite)",
        "hollance/neural-engine docs/unsupported-layers.md (every switch between devices involves overhead)",
    ),
)
def ane_split_partitions(model: Model) -> Iterator[Finding]:
    """Looks at the model's shared ANE estimate: ops are grouped in dependency order, every ready
    ANE op joining the current group before a fallback op runs (onnxruntime's
    CreateSupportedPartitionNodeGroups); unknown ops neither join nor break a group. More than
    one group is reported, with the fallback op types that separate them.

    Example: conv -> relu -> gather -> conv -> topk has 2 ANE partitions (conv, relu | conv).

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    found = estimate(model)
    if found is None or found.partitions <= 1:
        return
    fallback = Counter(e.op.type for e in found.ops if e.unit == "fallback")
    yield Finding(
        f"estimated {found.partitions} Neural Engine partitions ({found.count('ane')} of "
        f"{found.ops_total} compute ops on the ANE): Core ML copies data at each switch to and "
        f"from the CPU/GPU; fallback ops: {_counts(fallback)}",
        location=model.path,
    )


# --------------------------------------------------------------------------- fallback causes

@model_rule(
    code="ML212",
    name="ane-fp32-compute",
    severity="warning",
    heuristic=True,
    summary="ML program ops compute in fp32, which the Neural Engine does not run.",
    why="""
        The Neural Engine computes in fp16 only. coremltools' typed-execution guide: a float 32
        typed ML program executes on a combination of the GPU and CPU; float 16 is what makes it
        eligible for the Neural Engine. Mixed programs (op_selector) send every fp32 op off it.
    """,
    fix="""
        Convert with compute_precision=ct.precision.FLOAT16 (the default for ML programs), and keep
        only the ops that need it in fp32 (ct.transform.FP16ComputePrecision(op_selector=...)); check
        accuracy with coremltools' MLModelComparator.
    """,
    sources=(
        "apple.github.io/coremltools docs-guides typed-execution-example",
        "hollance/neural-engine docs/16-bit.md",
    ),
)
def ane_fp32_compute(model: Model) -> Iterator[Finding]:
    """Looks at every ML program op with an output typed FLOAT32 or FLOAT64, except fp16/fp32
    casts at the edges and the converter's fp32 scale/bias of an ImageType input (reported in the
    facts as fp32_input). One diagnostic per model, with the count and the first op paths.

    Example: a model converted with compute_precision=ct.precision.FLOAT32: every op is fp32.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "fp32")


@model_rule(
    code="ML214",
    name="ane-rank-6-tensor",
    severity="warning",
    heuristic=True,
    summary="Ops produce tensors of rank 6 or more, which the Neural Engine rejects.",
    why="""
        The Neural Engine handles tensors of rank 5 at most ("ANE does not support blob with
        rank: 6"); Core ML runs such ops elsewhere. coremltools refuses to write them ("Core ML only
        supports tensors with rank <= 5"), so they come from other producers (onnxruntime's CoreML
        execution provider builds ML programs itself) or edited specs.
    """,
    fix="Merge adjacent dimensions so every intermediate tensor has rank <= 5 (reshape around the op).",
    sources=("microsoft/onnxruntime#14212 (ANE does not support blob with rank: 6)",),
)
def ane_rank_6_tensor(model: Model) -> Iterator[Finding]:
    """Looks at the typed outputs of every ML program op: rank > 5 sends the op off the ANE.
    Neural-network layers carry no types and are not checked.

    Example: `reshape(x, shape=[1, 2, 2, 4, 4, 8])`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "rank")


@model_rule(
    code="ML217",
    name="ane-recurrent-layer",
    severity="warning",
    heuristic=True,
    summary="LSTM, GRU or RNN ops, which do not run on the Neural Engine.",
    why="Apple's engineers confirm that RNN and LSTM ops are not supported on the neural engine.",
    fix="""
        Replace the recurrent layer (e.g. with convolutions or attention), or run the recurrence in
        app code around a per-step model; otherwise expect the CPU.
    """,
    sources=(
        "apple/coremltools#1780 (aseemw: RNN or LSTM ops are not supported on the neural engine)",
        "hollance/neural-engine docs/unsupported-layers.md",
    ),
)
def ane_recurrent_layer(model: Model) -> Iterator[Finding]:
    """Looks at ML program `lstm`, `gru`, `rnn` ops and NN `uniDirectionalLSTM`,
    `biDirectionalLSTM`, `gru`, `simpleRecurrent` layers. One diagnostic per model.

    Example: a Keras LSTM converted to NN: one `uniDirectionalLSTM` layer.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "recurrent")


@model_rule(
    code="ML218",
    name="ane-gather-scatter",
    severity="warning",
    heuristic=True,
    summary="Gather, scatter or embedding ops, which run on the CPU or GPU.",
    why="""
        Indexed reads and writes are not Neural Engine operations: MLComputePlan lists gather as
        supported on GPU and CPU only, gather_along_axis was measured CPU-only, and scatter breaks
        an otherwise ANE model.
    """,
    fix="""
        Use a constant index pattern (slice, or a one-hot matmul for small tables), or move the
        lookup (embeddings, index post-processing) out of the model.
    """,
    sources=(
        "apple/coremltools#1103 (gather runs on the CPU only)",
        "smpanaro/CoreMLInspect README (gather: GPU|CPU)",
        "hollance/neural-engine docs/unsupported-layers.md (gather)",
        "smpanaro/more-ane-transformers src/experiments/NOTES.md (scatter isn't supported)",
    ),
)
def ane_gather_scatter(model: Model) -> Iterator[Finding]:
    """Looks at ML program `gather`, `gather_along_axis`, `gather_nd`, `scatter*` ops and NN
    `gather*`, `scatter*`, `embedding` layers. One diagnostic per model.

    Example: a token embedding `gather(x=embedding_table, indices=input_ids)`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "gather")


@model_rule(
    code="ML219",
    name="ane-topk-sort",
    severity="warning",
    heuristic=True,
    summary="Top-k, sort or non-maximum-suppression ops, which run off the Neural Engine.",
    why="""
        topk leaves the ANE in MLComputePlan measurements (RF-DETR: the only ops off the ANE were
        topk and the ops consuming its indices) and costs a fixed 1.75 ms on an iPhone while the
        rest of a YOLO graph is on the ANE; NMS post-processing in Core ML is slow.
    """,
    fix="""
        Return the scores and do top-k / NMS in app code (or Vision), or in a separate model run
        on the GPU.
    """,
    sources=(
        "roboflow/rf-detr#1495 (topk and its index consumers on the CPU)",
        "apple/coreai-torch#66 (topk costs 1.75 ms off the ANE)",
        "apple/coremltools#2471 (NMS post-processing off the ANE)",
    ),
)
def ane_topk_sort(model: Model) -> Iterator[Finding]:
    """Looks at ML program `topk`, `argsort`, `non_maximum_suppression` ops and NN `topK`,
    `argSort`, `NonMaximumSuppression` layers. One diagnostic per model.

    Example: a detector ending in `topk(x=scores, k=300)`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "sort")


@model_rule(
    code="ML220",
    name="ane-control-flow",
    severity="warning",
    heuristic=True,
    summary="Control flow (cond, while_loop, NN branch/loop) and the ops inside it run off the ANE.",
    why="""
        cond (if/else) is not supported on the Neural Engine: Core ML goes back to the CPU to take
        the branch, converting to fp32. while_loop is on Anemll's list of ANE fallbacks.
    """,
    fix="Take the branch or run the loop in app code, with one model (or function) per branch.",
    sources=(
        "smpanaro/more-ane-transformers src/experiments/NOTES.md (cond isn't supported on the Neural Engine)",
        "Anemll ANE_PROFILER.md (while_loop)",
    ),
)
def ane_control_flow(model: Model) -> Iterator[Finding]:
    """Looks at ML program `cond` and `while_loop` ops with every op in their blocks, and NN
    `branch`, `loop`, `loopBreak`, `loopContinue` layers. One diagnostic per model.

    Example: `cond(pred=flag, _true_fn=..., _false_fn=...)`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "control_flow")


@model_rule(
    code="ML221",
    name="ane-custom-layer",
    severity="warning",
    heuristic=True,
    summary="Custom layers, which can only run on the CPU or GPU.",
    why="""
        A custom layer's implementation is app code for the CPU (or Metal for the GPU); there is no
        public API to program the ANE, so Core ML splits the model around it.
    """,
    fix="Express the layer with built-in layers, or split the model before and after it.",
    sources=(
        "apple/coremltools#1278 (aseemw: a custom op cannot run on the neural engine)",
        "hollance/neural-engine docs/unsupported-layers.md (custom layers)",
    ),
)
def ane_custom_layer(model: Model) -> Iterator[Finding]:
    """Looks at NN `custom` layers. One diagnostic per model.

    Example: a `custom` layer with className `GridSample`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "custom")


@model_rule(
    code="ML222",
    name="ane-nd-broadcast-layer",
    severity="warning",
    heuristic=True,
    summary='Broadcastable or "ND" neural-network layers, which do not run on the Neural Engine.',
    why="""
        The iOS 13 broadcastable and rank-N layers (AddBroadcastable, MultiplyBroadcastable,
        ConcatND, SplitND, LoadConstantND ...) make Core ML fall back to the CPU or GPU; the older
        layers they replace (Add, Multiply, Scale, Concat, LoadConstant) run on the ANE.
    """,
    fix="""
        Replace them with the iOS 11 layers (AddBroadcastable -> Add, MultiplyBroadcastable ->
        Multiply or Scale, ConcatND -> Concat ...), or convert to an ML program.
    """,
    sources=("hollance/neural-engine docs/unsupported-layers.md (broadcastable and ND layers)",),
)
def ane_nd_broadcast_layer(model: Model) -> Iterator[Finding]:
    """Looks at NN layers named `*Broadcastable` and the ND layers (`concatND`, `splitND`,
    `loadConstantND`, `softmaxND`, `embeddingND`, `broadcastTo*`...). One diagnostic per model.

    Example: an NN converted with minimum_ios_deployment_target='13' using `addBroadcastable`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "nd_layer")


@model_rule(
    code="ML223",
    name="ane-dilated-convolution",
    severity="warning",
    heuristic=True,
    summary="Dilated convolutions, which do not run on the Neural Engine.",
    why="Dilated (atrous) convolutions are on the list of layers known not to work on the ANE.",
    fix="""
        Use undilated convolutions (e.g. larger kernels or a space-to-depth rewrite), or accept the
        fallback for those layers.
    """,
    sources=("hollance/neural-engine docs/unsupported-layers.md (dilated convolutions)",),
)
def ane_dilated_convolution(model: Model) -> Iterator[Finding]:
    """Looks at ML program `conv`/`conv_transpose` ops whose constant `dilations` has a value
    other than 1, and NN `convolution` layers whose `dilationFactor` has a value above 1.
    One diagnostic per model.

    Example: `conv(x, weight, dilations=[2, 2])` in a DeepLab ASPP block.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "dilated")


@model_rule(
    code="ML224",
    name="ane-integer-compute",
    severity="warning",
    heuristic=True,
    summary="Ops compute on integer or bool tensors (int casts, comparisons, index math).",
    why="""
        The Neural Engine computes floats. Casts to or from int, comparisons producing bool and
        arithmetic on int32 (shape and index computations) fall back: int cast and greater_equal
        are on Anemll's list, and the expand_dims/tile on topk's indices left the ANE in RF-DETR.
    """,
    fix="""
        Keep index and shape arithmetic out of the model (precompute constants, return float
        scores), or express masks as float multiplications.
    """,
    sources=(
        "Anemll ANE_PROFILER.md (int cast, greater_equal)",
        "roboflow/rf-detr#1495 (ops consuming topk's int indices on the CPU)",
    ),
)
def ane_integer_compute(model: Model) -> Iterator[Finding]:
    """Looks at ML program ops with an output typed BOOL, INT16/32/64 or UINT16/32/64, and casts
    from or to such types. INT8/UINT8 are left alone (W8A8 activations run on newer ANEs), and so
    is reduce_argmax/argmin, whose int output is intrinsic. One diagnostic per model.

    Example: `cast(x=scores, dtype="int32")`, or `greater(x, y)` producing a bool mask.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "integer")


@model_rule(
    code="ML225",
    name="ane-runtime-shape",
    severity="warning",
    heuristic=True,
    summary="Ops whose output shape is known only at run time.",
    why="""
        The Neural Engine runs plans compiled for fixed shapes. Shapes computed in the graph
        (shape, range_1d, non_zero, a reshape whose target shape is an op's output) or that depend
        on the data send those ops, and usually everything after them, to the CPU or GPU.
    """,
    fix="""
        Export with fixed input shapes so shapes fold into constants (torch.jit.trace with the
        deployment shape), and move data-dependent post-processing (non_zero, NMS) out of the model.
    """,
    sources=(
        "apple/coremltools#1029 and #2370 (the ANE runs fixed or enumerated shapes)",
        "microsoft/onnxruntime usability checker (nodes unsupported due to dynamic shapes)",
    ),
)
def ane_runtime_shape(model: Model) -> Iterator[Finding]:
    """Looks at ML program ops with an output dimension unknown until run time, when the op's
    shape argument (reshape's `shape`, slice's `begin`/`end`/`size`, split's `split_sizes`) is
    computed at run time, or when every model input has a fixed shape (so the shape depends on
    the data); plus `shape`, `range_1d`, `non_zero` and NN `getShape`, `whereNonZero`,
    `rangeDynamic`, `reshapeDynamic`, `fillDynamic`, `broadcastToDynamic`. Unknown dimensions
    that only echo a flexible input are ML210's business. One diagnostic per model.

    Example: `reshape(x, shape=concat(shape(x)[0], [-1]))` in a model exported with dynamic axes.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "runtime_shape")


@model_rule(
    code="ML226",
    name="ane-pooling-window",
    severity="warning",
    heuristic=True,
    summary="Pooling with a kernel larger than 13 or a stride larger than 2.",
    why="Pooling layers with a kernel size above 13 or a stride above 2 are known not to run on the ANE.",
    fix="Use global pooling (reduce_mean / reduce_max) or a chain of smaller pools.",
    sources=("hollance/neural-engine docs/unsupported-layers.md (pooling kernel > 13, stride > 2)",),
)
def ane_pooling_window(model: Model) -> Iterator[Finding]:
    """Looks at ML program `max_pool`/`avg_pool` constant `kernel_sizes` and `strides`, and NN
    `pooling` `kernelSize`/`stride` (global pooling is left alone). One diagnostic per model.

    Example: `avg_pool(x, kernel_sizes=[16, 16], strides=[16, 16])`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "pool_window")


@model_rule(
    code="ML227",
    name="ane-upsample-factor",
    severity="warning",
    heuristic=True,
    summary="Upsampling by a factor larger than 2.",
    why="Upsampling runs on the ANE, but upsampling with scaling factors greater than 2 is known not to.",
    fix="Upsample in steps of 2 (two x2 upsamples for x4), or with a transposed convolution.",
    sources=("hollance/neural-engine docs/unsupported-layers.md (upsampling with scaling factors > 2)",),
)
def ane_upsample_factor(model: Model) -> Iterator[Finding]:
    """Looks at ML program `upsample_nearest_neighbor`/`upsample_bilinear` constant
    `scale_factor_height`/`scale_factor_width`, and NN `upsample` `scalingFactor` /
    `fractionalScalingFactor`: a factor above 2. One diagnostic per model.

    Example: `upsample_bilinear(x, scale_factor_height=8, scale_factor_width=8)`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "upsample_factor")


@model_rule(
    code="ML228",
    name="ane-select-mask",
    severity="warning",
    heuristic=True,
    summary="select or band_part masking ops, reported off the Neural Engine.",
    why="""
        select (torch.where) is on Anemll's list of ANE fallbacks and matrix_band_part (a causal
        mask built in the graph) was seen off the ANE. Evidence on select conflicts: one report saw
        torch.where run on the ANE with a precomputed float mask.
    """,
    fix="""
        Pass a precomputed float mask as an input or constant and apply it with add/mul instead
        of select or band_part.
    """,
    sources=(
        "Anemll ANE_PROFILER.md (select)",
        "smpanaro/more-ane-transformers src/experiments/NOTES.md (matrix_band_part not on the ANE)",
    ),
)
def ane_select_mask(model: Model) -> Iterator[Finding]:
    """Looks at ML program `select` and `band_part` ops and NN `matrixBandPart` layers.
    One diagnostic per model.

    Example: a causal mask `band_part(x=ones, lower=-1, upper=0)` followed by `select`.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "masking")


@model_rule(
    code="ML229",
    name="ane-unsupported-op",
    severity="warning",
    heuristic=True,
    summary="Other ops with no Neural Engine implementation (floor, cumsum).",
    why="""
        Op-by-op tests on an M1 found floor off the ANE and cumulative sum loading but failing on
        it; Core ML runs them on the CPU or GPU.
    """,
    fix="Rewrite the op with ANE-friendly ones, or move it out of the model into app code.",
    sources=("fredyshox/coreml-supersampling ane/model_test/README.md (M1 op tests)",),
)
def ane_unsupported_op(model: Model) -> Iterator[Finding]:
    """Looks at ML program `floor`, `cumsum` and NN `floor`, `cumSum`. One diagnostic per model.

    Example: `cumsum(x, axis=1)` for positions computed in the graph.

    An estimate from public knowledge: confirm with Xcode's performance report or MLComputePlan.
    """
    return cause_findings(model, "other")


# --------------------------------------------------------------------------- registration

RULES: tuple[Rule, ...] = (
    ane_flexible_input_shape,
    ane_double_io,
    ane_fp32_compute,
    ane_state_width,
    ane_rank_6_tensor,
    ane_fp16_overflow_constant,
    ane_split_partitions,
    ane_recurrent_layer,
    ane_gather_scatter,
    ane_topk_sort,
    ane_control_flow,
    ane_custom_layer,
    ane_nd_broadcast_layer,
    ane_dilated_convolution,
    ane_integer_compute,
    ane_runtime_shape,
    ane_pooling_window,
    ane_upsample_factor,
    ane_select_mask,
    ane_unsupported_op,
)


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return list(RULES)


@hookimpl
def mllint_model_facts(model: Any) -> dict[str, Any] | None:
    """``{"ane": {...}}``: the estimate of the model tree (see ane_estimate.model_facts)."""
    facts = model_facts(model.root)
    return {"ane": facts} if facts is not None else None
