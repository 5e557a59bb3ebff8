"""Public sources for the Neural Engine knowledge table, one constant per source.

Each is cited by the causes and checks (:mod:`mllint.knowledge.ane_causes`) and the
rows (:mod:`mllint.knowledge.ane_ops`); public sources only: GitHub issues and files,
Apple documentation, apple/coremltools.
"""

TYPED_EXECUTION = (
    "coremltools docs, Typed Execution workflow example: a float 32 typed ML program "
    "'will execute on a combination of the GPU and CPU'; float 16 is eligible for the Neural Engine"
)
ANE_TRANSFORMERS = (
    "apple/ml-ane-transformers ane_transformers/reference/*.py (conv2d, relu, einsum, softmax, split, "
    "concat, transpose and LayerNormANE's mean/sub/mul/add/rsqrt/clamp run on the ANE; Xcode report in its README)"
)
RFDETR = (
    "roboflow/rf-detr#1495: MLComputePlan of fp16 RF-DETR, every op on the ANE except topk and the "
    "expand_dims/tile/gather_along_axis consuming its indices (592 of 599 ops)"
)
HOLLANCE = "hollance/neural-engine docs/unsupported-layers.md"
HOLLANCE_OLD_LAYERS = (
    HOLLANCE + ': older (Core ML 2) layer types "mostly work fine on the ANE" (said about replacing '
    "broadcastable layers; generalised to the iOS 11 layer set: inferred)"
)
COREMLINSPECT = "smpanaro/CoreMLInspect README (MLComputePlan: gather supported on GPU|CPU only)"
SMPANARO_NOTES = "smpanaro/more-ane-transformers src/experiments/NOTES.md"
ANEMLL = "Anemll ANE_PROFILER.md fallback list: select, int cast, gather, greater_equal, while_loop"
CT_1780 = "apple/coremltools#1780 (aseemw: RNN or LSTM ops are not supported on the neural engine)"
CT_1103 = "apple/coremltools#1103 (gather_along_axis runs on the CPU only)"
CT_1278 = "apple/coremltools#1278 (aseemw: a custom op cannot run on the neural engine)"
FREDYSHOX = "fredyshox/coreml-supersampling ane/model_test/README.md (M1 tests: floor, cumsum, gather off the ANE)"
COMPUTE_PLAN_CAST = "vx-lang/Vx#436 (MLComputePlan lists MLNeuralEngine among cast's supported devices)"
ORT_14212 = 'microsoft/onnxruntime#14212 ("ANE does not support blob with rank: 6")'
RANK_6_LOAD = (
    "apple/coremltools#1723, #2291, #832 (Apple maintainers: Core ML supports tensors of rank <= 5; a rank-6 "
    'model fails at load with "Error in declaring network"); microsoft/onnxruntime#14212 (Espresso log '
    '"ANE does not support blob with rank: 6") and PR #17086 (the CoreML EP stops emitting rank > 5)'
)
RUNTIME_SLICE = (
    "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-10-25 and select_with_tensor.py "
    "(Xcode report: slice_by_index with a run-time begin runs on the CPU; torch.narrow, a slice_by_size with a "
    "run-time begin and a constant size, 'still runs on CPU')"
)
CHANNEL_BROADCAST = (
    'hollance/neural-engine#2 (Espresso os_log, MobileNetV3: "elementwise with channel broadcast supported only '
    'with constant vector or transplant input") and docs/unsupported-layers.md ("multiply of CxHxW and Cx1x1 tensors")'
)
ENUMERATED_LAYER_NORM = (
    "apple/coremltools#1909 (Xcode report, 2023: with EnumeratedShapes inputs the layer_norm model 'won't run on "
    "ANE', fixed or RangeDim shapes do); smpanaro/more-ane-transformers NOTES.md 2023-10-25 (rank-3 layer_norm "
    "with enumerated shapes fails, a 4-D variant works). OS-dependent; no newer measurement shows it fixed"
)
SIZE_CAPS = (
    "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-04-02 and 2023-09-27 (first-hand Xcode: a "
    "GPT-2 lm_head with 50257 outputs runs on the CPU; slicing the last token or splitting under 16384 keeps it "
    'on the ANE); Anemll agent.md ("Do not exceed 16 384 elements in height or width, and 65 536 in the channel '
    'dimension"); aneforge 0.4.0 compile sweep limits per chip (mllint.knowledge.chips: max_tensor_dim, '
    "channel_extent, conv_kw_max) [compile-sweep]"
)
RANGE_DIM = (
    "apple/coremltools#2370 (RangeDim input: 75-78% ANE at the default shape, 0% at any other), #1029 "
    "(MLE5Engine not supported for range shape inputs on the Neural Engine), #1764"
)
FLEXIBLE = "apple/coremltools#1029 and #2370: the ANE runs fixed (or enumerated) shapes; range shapes fall off it"
VOXCPM = (
    "0seba/VoxCPMANE#15 (MLComputePlan dump, M5 Max: fp16 ios18 conv, silu, reduce_mean, rsqrt, mul, add preferred NE)"
)
VX_MATMUL = "vx-lang/Vx#435 (MLComputePlan, M4: fp16 matmul 512x512 preferred NE; 384 and below CPU)"
VX_SDPA = "vx-lang/Vx#437 (MLComputePlan, M4: fp16 attention 1x16x2048x64 and 1x32x1024x128 on the NE)"
SWEEP = "aneforge 0.4.0 compile sweep (mllint.knowledge.ane_compile_sweep; eligibility only)"
DISTILBERT = (
    "apple/ml-ane-transformers ane_transformers/huggingface/distilbert.py ([:, :, :, 0:1] slice, "
    "logits.squeeze) and README (Xcode report: 602 of 606 ops on the ANE)"
)
ANE_TRANSFORMERS_EMBEDDING = (
    "apple/ml-ane-transformers README (the 4 CPU ops of its ANE DistilBERT are the embedding lookup)"
)
CT_337 = "apple/coremltools#337 (Instruments, iPhone XS: FullyConnected on H11ANE, LSTMs on BNNS)"
CT_1909 = "apple/coremltools#1909 (Xcode report, CPU+NE: layer_norm model on the ANE with fixed or RangeDim shapes)"
HOLLANCE_2 = "hollance/neural-engine#2 (Espresso os_log on a device: pooling kernel > 13, stride > 2, upsample != 2)"
FREDYSHOX_BROADCAST = (
    "fredyshox/coreml-supersampling ane/model_test (M1: broadcast against a constant stays on the ANE)"
)
FREDYSHOX_MAXMIN = "fredyshox/coreml-supersampling ane/model_test dummy_models.py MaxMinModel (tf.reduce_min/max, M1)"
W8A8 = (
    "coremltools docs optimisation overview (W8A8 'faster int8-int8 compute path supported in newer hardware "
    "(A17 pro, M4)'); apple/ml-stable-diffusion README"
)
ANETOOLS = (
    "antgroup-skyward/ANETools#1 (Core ML's ANE compiler kernel_validation_status for NN batchedMatmul of two "
    "activations: to_fallback: 1, 2021)"
)
