"""ML212, ML217-ML230, ML232: the causes that keep ops off the Neural Engine, one rule per row.

Each row names a cause key of the shared estimate (:mod:`mllint.analysis.ane_estimate`,
causes in :data:`mllint.knowledge.ane_support.CAUSES`) and says what the rule
tells about it. :mod:`.fallback_check` turns every row into a rule with one
check: one diagnostic per model for the ops whose *primary* cause is the row's
(an op with several causes is reported once, the others named in the message),
with their count and the first few op paths.

ML214 (rank >= 6) is no longer a row: a tensor of rank 6 makes Core ML fail to
load the model, so it is the load rule ML127 tensor-rank-above-5. The test cases of every
row are in ``ml212_ml229_fallback_causes.toml`` beside this file.
"""

from __future__ import annotations

from typing import NamedTuple

from mllint.rule import Evidence


class FallbackCause(NamedTuple):
    """One fallback-cause rule: its code and name, the estimate's cause key and its documentation."""

    code: str
    name: str
    cause: str  # a key of mllint.knowledge.ane_support.CAUSES
    severity: str
    summary: str
    why: str
    fix: str
    docs: str  # what the check looks at, with an example
    evidence: Evidence
    sources: tuple[str, ...]


FALLBACK_CAUSES: tuple[FallbackCause, ...] = (
    FallbackCause(
        code="ML212",
        name="ane-fp32-compute",
        cause="fp32",
        severity="warning",
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
        docs="""
            Looks at every ML program op with an output typed FLOAT32 or FLOAT64, except fp16/fp32
            casts at the edges and the converter's fp32 scale/bias of an ImageType input (reported in the
            facts as fp32_input). One diagnostic per model, with the count and the first op paths.

            Example: a model converted with compute_precision=ct.precision.FLOAT32: every op is fp32.
        """,
        evidence="apple-statement",
        sources=(
            "apple.github.io/coremltools docs-guides typed-execution-example",
            "hollance/neural-engine docs/16-bit.md",
        ),
    ),
    FallbackCause(
        code="ML217",
        name="ane-recurrent-layer",
        cause="recurrent",
        severity="warning",
        summary="LSTM, GRU or RNN ops, which do not run on the Neural Engine.",
        why="Apple's engineers confirm that RNN and LSTM ops are not supported on the neural engine.",
        fix="""
            Replace the recurrent layer (e.g. with convolutions or attention), or run the recurrence in
            app code around a per-step model; otherwise expect the CPU.
        """,
        docs="""
            Looks at ML program `lstm`, `gru`, `rnn` ops and NN `uniDirectionalLSTM`,
            `biDirectionalLSTM`, `gru`, `simpleRecurrent` layers. One diagnostic per model.

            Example: a Keras LSTM converted to NN: one `uniDirectionalLSTM` layer.
        """,
        evidence="apple-statement",
        sources=(
            "apple/coremltools#1780 (aseemw: RNN or LSTM ops are not supported on the neural engine)",
            "hollance/neural-engine docs/unsupported-layers.md",
        ),
    ),
    FallbackCause(
        code="ML218",
        name="ane-gather-scatter",
        cause="gather",
        severity="warning",
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
        docs="""
            Looks at ML program `gather`, `gather_along_axis`, `gather_nd`, `scatter*` ops and NN
            `gather*`, `scatter*`, `embedding` layers. One diagnostic per model.

            Example: a token embedding `gather(x=embedding_table, indices=input_ids)`.
        """,
        evidence="measurement",
        sources=(
            "apple/coremltools#1103 (gather runs on the CPU only)",
            "smpanaro/CoreMLInspect README (gather: GPU|CPU)",
            "hollance/neural-engine docs/unsupported-layers.md (gather)",
            "smpanaro/more-ane-transformers src/experiments/NOTES.md (scatter isn't supported)",
        ),
    ),
    FallbackCause(
        code="ML219",
        name="ane-topk-sort",
        cause="sort",
        severity="warning",
        summary="Top-k or sort ops, which run off the Neural Engine.",
        why="""
            topk leaves the ANE in MLComputePlan measurements (RF-DETR on an M3 Pro: the only ops off the
            ANE were topk and the ops consuming its indices), although the ANE compiler accepts it from
            the M2: measured placement wins. argsort is rejected by the ANE compiler. (NMS ops are not
            here: their placement is unmeasured, see ML203.)
        """,
        fix="""
            Return the scores and do top-k / NMS in app code (or Vision), or in a separate model run
            on the GPU.
        """,
        docs="""
            Looks at ML program `topk`, `argsort` ops and NN `topK`, `argSort` layers. One diagnostic per
            model.

            Example: a detector ending in `topk(x=scores, k=300)`.
        """,
        evidence="measurement",
        sources=(
            "roboflow/rf-detr#1495 (topk and its index consumers on the CPU)",
            "aneforge 0.4.0 compile sweep (argsort rejected)",
        ),
    ),
    FallbackCause(
        code="ML220",
        name="ane-control-flow",
        cause="control_flow",
        severity="warning",
        summary="Control flow (cond, while_loop, NN branch/loop) and the ops inside it run off the ANE.",
        why="""
            cond (if/else) is not supported on the Neural Engine: Core ML goes back to the CPU to take
            the branch, converting to fp32. while_loop is on Anemll's list of ANE fallbacks.
        """,
        fix="Take the branch or run the loop in app code, with one model (or function) per branch.",
        docs="""
            Looks at ML program `cond` and `while_loop` ops with every op in their blocks, and NN
            `branch`, `loop`, `loopBreak`, `loopContinue` layers. One diagnostic per model.

            Example: `cond(pred=flag, _true_fn=..., _false_fn=...)`.
        """,
        evidence="measurement",
        sources=(
            "smpanaro/more-ane-transformers src/experiments/NOTES.md (cond isn't supported on the Neural Engine)",
            "Anemll ANE_PROFILER.md (while_loop)",
        ),
    ),
    FallbackCause(
        code="ML221",
        name="ane-custom-layer",
        cause="custom",
        severity="warning",
        summary="Custom layers, which can only run on the CPU or GPU.",
        why="""
            A custom layer's implementation is app code for the CPU (or Metal for the GPU); there is no
            public API to program the ANE, so Core ML splits the model around it.
        """,
        fix="Express the layer with built-in layers, or split the model before and after it.",
        docs="""
            Looks at NN `custom` layers. One diagnostic per model.

            Example: a `custom` layer with className `GridSample`.
        """,
        evidence="apple-statement",
        sources=(
            "apple/coremltools#1278 (aseemw: a custom op cannot run on the neural engine)",
            "hollance/neural-engine docs/unsupported-layers.md (custom layers)",
        ),
    ),
    FallbackCause(
        code="ML222",
        name="ane-nd-broadcast-layer",
        cause="nd_layer",
        severity="info",
        summary='Broadcastable or "ND" neural-network layers, which do not run on the Neural Engine.',
        why="""
            The iOS 13 broadcastable and rank-N layers (AddBroadcastable, MultiplyBroadcastable,
            ConcatND, SplitND, LoadConstantND ...) make Core ML fall back to the CPU or GPU; the older
            layers they replace (Add, Multiply, Scale, Concat, LoadConstant) run on the ANE. The one
            source is a list its author calls incomplete and partly guesses, so this is info.
        """,
        fix="""
            Replace them with the iOS 11 layers (AddBroadcastable -> Add, MultiplyBroadcastable ->
            Multiply or Scale, ConcatND -> Concat ...), or convert to an ML program.
        """,
        docs="""
            Looks at NN layers named `*Broadcastable` and the ND layers (`concatND`, `splitND`,
            `loadConstantND`, `softmaxND`, `embeddingND`, `broadcastTo*`...). One diagnostic per model.

            Example: an NN converted with minimum_ios_deployment_target='13' using `addBroadcastable`.
        """,
        evidence="inferred",
        sources=("hollance/neural-engine docs/unsupported-layers.md (broadcastable and ND layers)",),
    ),
    FallbackCause(
        code="ML223",
        name="ane-dilated-convolution",
        cause="dilated",
        severity="info",
        summary="Dilated convolutions, which do not run on the Neural Engine.",
        why="""
            Dilated (atrous) convolutions are on a list of layers known not to work on the ANE; its author
            calls the list incomplete and partly guesses, and no measurement is public, so this is info.
        """,
        fix="""
            Use undilated convolutions (e.g. larger kernels or a space-to-depth rewrite), or accept the
            fallback for those layers.
        """,
        docs="""
            Looks at ML program `conv`/`conv_transpose` ops whose constant `dilations` has a value
            other than 1, and NN `convolution` layers whose `dilationFactor` has a value above 1.
            One diagnostic per model.

            Example: `conv(x, weight, dilations=[2, 2])` in a DeepLab ASPP block.
        """,
        evidence="inferred",
        sources=("hollance/neural-engine docs/unsupported-layers.md (dilated convolutions)",),
    ),
    FallbackCause(
        code="ML224",
        name="ane-integer-compute",
        cause="integer",
        severity="warning",
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
        docs="""
            Looks at ML program ops with an output typed BOOL, INT16/32/64 or UINT16/32/64, and casts
            from or to such types. INT8/UINT8 are left alone (W8A8 activations run on newer ANEs), and so
            is reduce_argmax/argmin, whose int output is intrinsic. One diagnostic per model.

            Example: `cast(x=scores, dtype="int32")`, or `greater(x, y)` producing a bool mask.
        """,
        evidence="measurement",
        sources=(
            "Anemll ANE_PROFILER.md (int cast, greater_equal)",
            "roboflow/rf-detr#1495 (ops consuming topk's int indices on the CPU)",
        ),
    ),
    FallbackCause(
        code="ML225",
        name="ane-runtime-shape",
        cause="runtime_shape",
        severity="warning",
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
        docs="""
            Looks at ML program ops with an output dimension unknown until run time, when the op's
            shape argument (reshape's `shape`, slice's `begin`/`end`/`size`, split's `split_sizes`) is
            computed at run time, or when every model input has a fixed shape (so the shape depends on
            the data); plus `shape`, `range_1d`, `non_zero` and NN `getShape`, `whereNonZero`,
            `rangeDynamic`, `reshapeDynamic`, `fillDynamic`, `broadcastToDynamic`. Unknown dimensions
            that only echo a flexible input are ML210's business. One diagnostic per model.

            Example: `reshape(x, shape=concat(shape(x)[0], [-1]))` in a model exported with dynamic axes.
        """,
        evidence="measurement",
        sources=(
            "apple/coremltools#1029 and #2370 (the ANE runs fixed or enumerated shapes)",
            "microsoft/onnxruntime usability checker (nodes unsupported due to dynamic shapes)",
        ),
    ),
    FallbackCause(
        code="ML226",
        name="ane-pooling-window",
        cause="pool_window",
        severity="warning",
        summary="Pooling with a kernel larger than 13 or a stride larger than 2.",
        why="Pooling layers with a kernel size above 13 or a stride above 2 are known not to run on the ANE.",
        fix="Use global pooling (reduce_mean / reduce_max) or a chain of smaller pools.",
        docs="""
            Looks at ML program `max_pool`/`avg_pool` constant `kernel_sizes` and `strides`, and NN
            `pooling` `kernelSize`/`stride` (global pooling is left alone). One diagnostic per model.

            Example: `avg_pool(x, kernel_sizes=[16, 16], strides=[16, 16])`.
        """,
        evidence="device-report",
        sources=(
            "hollance/neural-engine docs/unsupported-layers.md (pooling kernel > 13, stride > 2)",
            "hollance/neural-engine#2 (Espresso log on a device: pooling kernel width 28 > 13 and stride 4 > 2 unsupported)",
        ),
    ),
    FallbackCause(
        code="ML227",
        name="ane-upsample-factor",
        cause="upsample_factor",
        severity="warning",
        summary="Upsampling by a factor larger than 2.",
        why="Upsampling runs on the ANE, but upsampling with scaling factors greater than 2 is known not to.",
        fix="Upsample in steps of 2 (two x2 upsamples for x4), or with a transposed convolution.",
        docs="""
            Looks at ML program `upsample_nearest_neighbor`/`upsample_bilinear` constant
            `scale_factor_height`/`scale_factor_width`, and NN `upsample` `scalingFactor` /
            `fractionalScalingFactor`: a factor above 2. One diagnostic per model.

            Example: `upsample_bilinear(x, scale_factor_height=8, scale_factor_width=8)`.
        """,
        evidence="device-report",
        sources=(
            "hollance/neural-engine docs/unsupported-layers.md (upsampling with scaling factors > 2)",
            "hollance/neural-engine#2 (Espresso log on a device: only an upsampling factor of 2 is supported)",
        ),
    ),
    FallbackCause(
        code="ML228",
        name="ane-select-mask",
        cause="masking",
        severity="warning",
        summary="band_part masking ops (a causal mask built in the graph), reported off the Neural Engine.",
        why="""
            matrix_band_part (a causal mask built in the graph) was seen off the ANE in an Xcode report, and
            the ANE compile sweep does not implement it. select (torch.where) is no longer reported here: the
            evidence conflicts (one report lists it as a GPU fallback, another saw torch.where with a
            precomputed float mask on the ANE, and the compiler accepts it), so it is unknown; a select on
            bool or int tensors still falls back as integer compute (ML224).
        """,
        fix="""
            Pass a precomputed float mask as an input or constant and apply it with add/mul instead of
            band_part.
        """,
        docs="""
            Looks at ML program `band_part` ops and NN `matrixBandPart` layers. One diagnostic per model.

            Example: a causal mask `band_part(x=ones, lower=-1, upper=0)`.
        """,
        evidence="measurement",
        sources=(
            "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-04-04 (matrix_band_part not on the ANE)",
            "aneforge 0.4.0 compile sweep (band_part not implemented)",
        ),
    ),
    FallbackCause(
        code="ML229",
        name="ane-unsupported-op",
        cause="other",
        severity="warning",
        summary="Other ops with no Neural Engine implementation (cumsum, reduce_argmax, ops the ANE compiler rejects).",
        why="""
            The ANE compile sweep (aneforge) finds no ANE implementation for these ops (cumsum, reduce_argmax,
            reduce_argmin, the trigonometric inverses, mod, one_hot, ...): Core ML runs them on the CPU or
            GPU. An op type mllint has no Core ML row for takes the sweep's answer. floor is no longer here:
            one M1 test saw it off the ANE, the compiler accepts it, so it is unknown.
        """,
        fix="Rewrite the op with ANE-friendly ones, or move it out of the model into app code.",
        docs="""
            Looks at ML program ops whose row (or, without a Core ML row, the compile sweep) says no ANE
            implementation, e.g. `cumsum`, `reduce_argmax`, and NN `cumSum`. One diagnostic per model.

            Example: `cumsum(x, axis=1)` for positions computed in the graph.
        """,
        evidence="measurement",
        sources=(
            "aneforge 0.4.0 compile sweep (cumsum, reduce_argmax not implemented on the ANE)",
            "fredyshox/coreml-supersampling ane/model_test/README.md (M1: cumsum loads but fails on the ANE)",
        ),
    ),
    FallbackCause(
        code="ML230",
        name="ane-tensor-too-large",
        cause="size",
        severity="warning",
        summary="Ops too large for the Neural Engine: a dimension, output features or kernel width above its caps.",
        why="""
            The Neural Engine has size caps. A linear/matmul/conv with more than 16384 output features (a
            GPT-2 lm_head, 50257 outputs) was measured on the CPU, and slicing the last token or splitting
            the head under 16384 kept it on the ANE; model authors keep height and width at 16384 and
            channels at 65536 at most. aneforge's compile sweep measures the same caps per chip (16384 per
            dimension on M1-M3, 65536 on M4 and later; conv kernels at most 13 wide on M1-M3, 15 on M4).
            The caps applied are those of --chip, or of the M1 when no chip is given.
        """,
        fix="""
            Split the op under the cap (several linears of at most 16384 outputs returned as separate
            outputs, or chunks along the wide axis), slice what you need first (the last token before an
            lm_head), or use a smaller kernel.
        """,
        docs="""
            Looks at every ML program op output (the last two dimensions against the chip's spatial cap, the
            third from last against its channel cap), `linear`/`matmul`/`conv` output features, `conv`
            kernel width, and NN `innerProduct`/`convolution` outputChannels and kernel width.
            One diagnostic per model.

            Example: `linear(x, weight)` with a weight of shape [50257, 768] (a GPT-2 lm_head).
        """,
        evidence="measurement",
        sources=(
            "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-04-02, 2023-09-27 (lm_head > 16384 on the CPU)",
            "Anemll agent.md (16 384 in height or width, 65 536 in the channel dimension)",
            "aneforge 0.4.0 compile sweep limits per chip (max_tensor_dim, channel_extent, conv_kw_max)",
        ),
    ),
    FallbackCause(
        code="ML232",
        name="ane-nn-channel-broadcast",
        cause="channel_broadcast",
        severity="warning",
        summary="A neural-network add/multiply broadcasts a computed C x 1 x 1 tensor over C x H x W.",
        why="""
            The squeeze-excite block of MobileNetV3 and EfficientNet multiplies the feature map by
            per-channel weights computed in the graph. The Neural Engine's elementwise layers support a
            channel broadcast only with a constant vector: Espresso logs on a device reject the layer
            ("elementwise with channel broadcast supported only with constant vector or transplant
            input"), and Core ML runs it on the CPU or GPU, splitting the network at every block.
        """,
        fix="""
            Convert to an ML program (mul with broadcasting), or tile the C x 1 x 1 weights to C x H x W
            before the multiply (e.g. an upsample to the feature map's size).
        """,
        docs="""
            Looks at NeuralNetwork `add` and `multiply` layers with two or more computed inputs (not
            made by `loadConstant`) where some, not all, are C x 1 x 1: made by a global pooling, a
            channel `reduce` or an `innerProduct`, then by layers that keep height and width.
            One diagnostic per model.

            Example: conv -> global average pool -> innerProduct -> sigmoid -> multiply(conv, gate).
        """,
        evidence="device-report",
        sources=(
            "hollance/neural-engine#2 (Espresso os_log, MobileNetV3: channel broadcast only with a constant vector)",
            "hollance/neural-engine docs/unsupported-layers.md (multiply of CxHxW and Cx1x1 tensors)",
        ),
    ),
)
