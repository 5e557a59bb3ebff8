"""The input and output counts each neural-network layer type's validator takes, as a table.

Each row is the pair of calls ``validateInputCount(layer, min, max)`` and ``validateOutputCount(layer,
min, max)`` that opens the layer type's validator function in apple/coremltools
``mlmodel/src/Validation/NeuralNetwork/NeuralNetworkLayerValidator.cpp`` (the function named in the
row, reached from ``NeuralNetworkValidator.cpp NeuralNetworkSpecValidator::validateLayer``), transcribed
at commit e0e2f42b0b7c601958c0c2b53ce12c8a39023d00. A bound of -1 means none. ``case_number`` is the
field number of the layer in ``NeuralNetworkLayer``'s oneof, which the validator's messages print as
the layer's type. Custom layers are ML138's (``validateCustomLayer``). Read by
rules/load/validator_nn_layers.py.
"""

from __future__ import annotations

from typing import NamedTuple


class LayerCounts(NamedTuple):
    layer_type: str  # the NeuralNetworkLayer oneof member
    case_number: int
    min_inputs: int
    max_inputs: int
    min_outputs: int
    max_outputs: int
    source: str  # the validator function in NeuralNetworkLayerValidator.cpp


LAYER_COUNTS: tuple[LayerCounts, ...] = (
    LayerCounts("convolution", 100, 1, 2, 1, 1, "validateConvolutionLayer"),
    LayerCounts("convolution3d", 1471, 1, 1, 1, 1, "validateConvolution3DLayer"),
    LayerCounts("innerProduct", 140, 1, 1, 1, 1, "validateInnerProductLayer"),
    LayerCounts("batchnorm", 160, 1, 1, 1, 1, "validateBatchnormLayer"),
    LayerCounts("activation", 130, 1, 1, 1, 1, "validateActivation"),
    LayerCounts("pooling", 120, 1, 1, 1, 1, "validatePoolingLayer"),
    LayerCounts("pooling3d", 1465, 1, 1, 1, 1, "validatePooling3dLayer"),
    LayerCounts("globalPooling3d", 1466, 1, 1, 1, 1, "validateGlobalPooling3dLayer"),
    LayerCounts("padding", 200, 1, 1, 1, 1, "validatePaddingLayer"),
    LayerCounts("concat", 320, 2, -1, 1, 1, "validateConcatLayer"),
    LayerCounts("lrn", 180, 1, 1, 1, 1, "validateLRNLayer"),
    LayerCounts("softmax", 175, 1, 1, 1, 1, "validateSoftmaxLayer"),
    LayerCounts("split", 330, 1, 1, 2, -1, "validateSplitLayer"),
    LayerCounts("add", 230, 1, -1, 1, 1, "validateAddLayer"),
    LayerCounts("multiply", 231, 1, -1, 1, 1, "validateMultiplyLayer"),
    LayerCounts("unary", 220, 1, 1, 1, 1, "validateUnaryFunctionLayer"),
    LayerCounts("upsample", 210, 1, 1, 1, 1, "validateUpsampleLayer"),
    LayerCounts("bias", 250, 1, 1, 1, 1, "validateBiasLayer"),
    LayerCounts("l2normalize", 170, 1, 1, 1, 1, "validateL2NormLayer"),
    LayerCounts("reshape", 300, 1, 1, 1, 1, "validateReshapeLayer"),
    LayerCounts("flatten", 301, 1, 1, 1, 1, "validateFlattenLayer"),
    LayerCounts("permute", 310, 1, 1, 1, 1, "validatePermuteLayer"),
    LayerCounts("reduce", 280, 1, 1, 1, 1, "validateReduceLayer"),
    LayerCounts("loadConstant", 290, 0, 0, 1, 1, "validateLoadConstantLayer"),
    LayerCounts("scale", 245, 1, 1, 1, 1, "validateScaleLayer"),
    LayerCounts("simpleRecurrent", 400, 2, 2, 2, 2, "validateSimpleRecurrentLayer"),
    LayerCounts("gru", 410, 1, 2, 2, 2, "validateGRULayer"),
    LayerCounts("uniDirectionalLSTM", 420, 1, 3, 3, 3, "validateUniDirectionalLSTMLayer"),
    LayerCounts("biDirectionalLSTM", 430, 1, 5, 5, 5, "validateBiDirectionalLSTMLayer"),
    LayerCounts("crop", 190, 1, 2, 1, 1, "validateCropLayer"),
    LayerCounts("average", 240, 1, -1, 1, 1, "validateAverageLayer"),
    LayerCounts("max", 260, 1, -1, 1, 1, "validateMaxLayer"),
    LayerCounts("min", 261, 1, -1, 1, 1, "validateMinLayer"),
    LayerCounts("dot", 270, 2, 2, 1, 1, "validateDotLayer"),
    LayerCounts("mvn", 165, 1, 1, 1, 1, "validateMvnLayer"),
    LayerCounts("embedding", 150, 1, 1, 1, 1, "validateEmbeddingLayer"),
    LayerCounts("sequenceRepeat", 340, 1, 1, 1, 1, "validateSequenceRepeatLayer"),
    LayerCounts("reorganizeData", 345, 1, 1, 1, 1, "validateReorganizeDataLayer"),
    LayerCounts("slice", 350, 1, 1, 1, 1, "validateSliceLayer"),
    LayerCounts("resizeBilinear", 211, 1, 1, 1, 1, "validateResizeBilinearLayer"),
    LayerCounts("cropResize", 212, 2, 2, 1, 1, "validateCropResizeLayer"),
    LayerCounts("transpose", 985, 1, 1, 1, 1, "validateTransposeLayer"),
    LayerCounts("branch", 605, 1, 1, 0, 0, "validateBranchLayer"),
    LayerCounts("copy", 600, 1, 1, 1, 1, "validateCopyLayer"),
    LayerCounts("batchedMatmul", 1045, 1, 2, 1, 1, "validateBatchedMatmulLayer"),
    LayerCounts("concatND", 980, 2, -1, 1, 1, "validateConcatNDLayer"),
    LayerCounts("softmaxND", 950, 1, 1, 1, 1, "validateSoftmaxNDLayer"),
    LayerCounts("reverse", 960, 1, 1, 1, 1, "validateReverseLayer"),
    LayerCounts("fillLike", 1080, 1, 1, 1, 1, "validateFillLikeLayer"),
    LayerCounts("fillStatic", 1085, 0, 0, 1, 1, "validateFillStaticLayer"),
    LayerCounts("fillDynamic", 1090, 1, 1, 1, 1, "validateFillDynamicLayer"),
    LayerCounts("whereBroadcastable", 1330, 3, 3, 1, 1, "validateWhereLayer"),
    LayerCounts("sin", 710, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("cos", 715, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("tan", 720, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("asin", 730, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("acos", 735, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("atan", 740, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("sinh", 750, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("cosh", 755, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("tanh", 760, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("asinh", 770, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("acosh", 775, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("atanh", 780, 1, 1, 1, 1, "validateTrigonometryLayer"),
    LayerCounts("exp2", 700, 1, 1, 1, 1, "validateExp2Layer"),
    LayerCounts("matrixBandPart", 1315, 1, 1, 1, 1, "validateMatrixBandPartLayer"),
    LayerCounts("upperTriangular", 1325, 1, 1, 1, 1, "validateUpperTriangularLayer"),
    LayerCounts("lowerTriangular", 1320, 1, 1, 1, 1, "validateLowerTriangularLayer"),
    LayerCounts("powBroadcastable", 885, 2, 2, 1, 1, "validatePowBroadcastableLayer"),
    LayerCounts("reshapeLike", 1135, 2, 2, 1, 1, "validateReshapeLikeLayer"),
    LayerCounts("reshapeStatic", 1140, 1, 1, 1, 1, "validateReshapeStaticLayer"),
    LayerCounts("reshapeDynamic", 1145, 2, 2, 1, 1, "validateReshapeDynamicLayer"),
    LayerCounts("embeddingND", 1040, 1, 1, 1, 1, "validateEmbeddingNDLayer"),
    LayerCounts("slidingWindows", 1005, 1, 1, 1, 1, "validateSlidingWindowsLayer"),
    LayerCounts("randomNormalLike", 1170, 1, 1, 1, 1, "validateRandomNormalLikeLayer"),
    LayerCounts("randomNormalStatic", 1175, 0, 0, 1, 1, "validateRandomNormalStaticLayer"),
    LayerCounts("randomNormalDynamic", 1180, 1, 1, 1, 1, "validateRandomNormalDynamicLayer"),
    LayerCounts("randomUniformLike", 1190, 1, 1, 1, 1, "validateRandomUniformLikeLayer"),
    LayerCounts("randomUniformStatic", 1195, 0, 0, 1, 1, "validateRandomUniformStaticLayer"),
    LayerCounts("randomUniformDynamic", 1200, 1, 1, 1, 1, "validateRandomUniformDynamicLayer"),
    LayerCounts("randomBernoulliLike", 1210, 1, 1, 1, 1, "validateRandomBernoulliLikeLayer"),
    LayerCounts("randomBernoulliStatic", 1215, 0, 0, 1, 1, "validateRandomBernoulliStaticLayer"),
    LayerCounts("randomBernoulliDynamic", 1220, 1, 1, 1, 1, "validateRandomBernoulliDynamicLayer"),
    LayerCounts("topK", 1015, 1, 2, 2, 2, "validateTopKLayer"),
    LayerCounts("argMax", 1025, 1, 1, 1, 1, "validateArgMaxLayer"),
    LayerCounts("argMin", 1020, 1, 1, 1, 1, "validateArgMinLayer"),
    LayerCounts("categoricalDistribution", 1230, 1, 1, 1, 1, "validateCategoricalDistributionLayer"),
    LayerCounts("reduceL1", 1250, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceL2", 1255, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceMax", 1260, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceMin", 1265, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceSum", 1270, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceProd", 1275, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceMean", 1280, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceLogSum", 1285, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceSumSquare", 1290, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reduceLogSumExp", 1295, 1, 1, 1, 1, "validateReductionTypeLayer"),
    LayerCounts("reverseSeq", 965, 2, 2, 1, 1, "validateReverseSeqLayer"),
    LayerCounts("layerNormalization", 1350, 1, 1, 1, 1, "validateLayerNormalizationLayer"),
    LayerCounts("constantPad", 1155, 1, 2, 1, 1, "validateConstantPadLayer"),
    LayerCounts("NonMaximumSuppression", 1400, 2, 5, 4, 4, "validateNMSLayer"),
    LayerCounts("oneHot", 1450, 1, 2, 1, 1, "validateOneHotLayer"),
    LayerCounts("cumSum", 1455, 1, 2, 1, 1, "validateCumSumLayer"),
    LayerCounts("argSort", 1461, 1, 1, 1, 1, "validateArgsortLayer"),
    LayerCounts("sliceBySize", 1470, 2, 2, 1, 1, "validateSliceBySizeLayer"),
)

COUNTS_BY_LAYER: dict[str, LayerCounts] = {row.layer_type: row for row in LAYER_COUNTS}
