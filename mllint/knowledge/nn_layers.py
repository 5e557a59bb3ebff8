"""Neural-network layers and layer options: the spec version that introduced each.

A layer is the ``NeuralNetworkLayer.layer`` oneof of
``mlmodel/format/NeuralNetwork.proto`` (apple/coremltools). An OS whose Core ML
predates the layer cannot read it: the oneof field is unknown to its protobuf
classes, so the layer has no type and the validator fails it. An option added
later (a field of an older layer's parameters, or an extra input) is silently
ignored by an older Core ML, which then computes something else.

Sources, cited by each row:

- ``IOS11_SET``: ``mlmodel/src/Utils.cpp`` ``isIOS12NeuralNetworkLayer`` (the
  layers of spec 1, fields 100-430 of the oneof).
- ``CUSTOM``: ``Utils.cpp`` ``hasIOS11_2Features`` / ``hasCustomLayer`` (spec 2).
- ``IOS12_NEW``: ``Utils.cpp`` ``hasIOS12NewNeuralNetworkLayers`` (spec 3).
- ``IOS13_FIELDS``: NeuralNetwork.proto, "Following layers are available only after
  Core ML Specification version >= 4 (iOS >= 13, macOS >= 10.15)" (fields 600-1400);
  ``Utils.cpp`` ``hasIOS13NeuralNetworkFeatures`` (any layer not in the iOS 12 set).
- ``IOS14_FIELDS``: NeuralNetwork.proto, "... version >= 5 (iOS >= 14, macOS >= 11.0)"
  (fields 1450-1471); ``Utils.cpp`` ``hasIOS14NeuralNetworkFeatures``.

"""

from __future__ import annotations

from typing import Literal, NamedTuple

IOS11_SET = "Utils.cpp isIOS12NeuralNetworkLayer; NeuralNetwork.proto fields 100-430"
CUSTOM = "Utils.cpp hasIOS11_2Features (hasCustomLayer); NeuralNetwork.proto field 500"
IOS12_NEW = "Utils.cpp hasIOS12NewNeuralNetworkLayers"
IOS13_FIELDS = "NeuralNetwork.proto 'available only after Core ML Specification version >= 4'; Utils.cpp hasIOS13NeuralNetworkFeatures"
IOS14_FIELDS = "NeuralNetwork.proto 'available only after Core ML Specification version >= 5'; Utils.cpp hasIOS14NeuralNetworkFeatures"


class LayerIntroduced(NamedTuple):
    """The spec version that introduced a layer type, its oneof field number, the source."""

    spec_version: int
    field_number: int
    source: str


# NeuralNetworkLayer.layer oneof name -> when it was introduced.
NN_LAYERS: dict[str, LayerIntroduced] = {
    "convolution": LayerIntroduced(1, 100, IOS11_SET),
    "pooling": LayerIntroduced(1, 120, IOS11_SET),
    "activation": LayerIntroduced(1, 130, IOS11_SET),
    "innerProduct": LayerIntroduced(1, 140, IOS11_SET),
    "embedding": LayerIntroduced(1, 150, IOS11_SET),
    "batchnorm": LayerIntroduced(1, 160, IOS11_SET),
    "mvn": LayerIntroduced(1, 165, IOS11_SET),
    "l2normalize": LayerIntroduced(1, 170, IOS11_SET),
    "softmax": LayerIntroduced(1, 175, IOS11_SET),
    "lrn": LayerIntroduced(1, 180, IOS11_SET),
    "crop": LayerIntroduced(1, 190, IOS11_SET),
    "padding": LayerIntroduced(1, 200, IOS11_SET),
    "upsample": LayerIntroduced(1, 210, IOS11_SET),
    "resizeBilinear": LayerIntroduced(3, 211, IOS12_NEW),
    "cropResize": LayerIntroduced(3, 212, IOS12_NEW),
    "unary": LayerIntroduced(1, 220, IOS11_SET),
    "add": LayerIntroduced(1, 230, IOS11_SET),
    "multiply": LayerIntroduced(1, 231, IOS11_SET),
    "average": LayerIntroduced(1, 240, IOS11_SET),
    "scale": LayerIntroduced(1, 245, IOS11_SET),
    "bias": LayerIntroduced(1, 250, IOS11_SET),
    "max": LayerIntroduced(1, 260, IOS11_SET),
    "min": LayerIntroduced(1, 261, IOS11_SET),
    "dot": LayerIntroduced(1, 270, IOS11_SET),
    "reduce": LayerIntroduced(1, 280, IOS11_SET),
    "loadConstant": LayerIntroduced(1, 290, IOS11_SET),
    "reshape": LayerIntroduced(1, 300, IOS11_SET),
    "flatten": LayerIntroduced(1, 301, IOS11_SET),
    "permute": LayerIntroduced(1, 310, IOS11_SET),
    "concat": LayerIntroduced(1, 320, IOS11_SET),
    "split": LayerIntroduced(1, 330, IOS11_SET),
    "sequenceRepeat": LayerIntroduced(1, 340, IOS11_SET),
    "reorganizeData": LayerIntroduced(1, 345, IOS11_SET),
    "slice": LayerIntroduced(1, 350, IOS11_SET),
    "simpleRecurrent": LayerIntroduced(1, 400, IOS11_SET),
    "gru": LayerIntroduced(1, 410, IOS11_SET),
    "uniDirectionalLSTM": LayerIntroduced(1, 420, IOS11_SET),
    "biDirectionalLSTM": LayerIntroduced(1, 430, IOS11_SET),
    "custom": LayerIntroduced(2, 500, CUSTOM),
    "copy": LayerIntroduced(4, 600, IOS13_FIELDS),
    "branch": LayerIntroduced(4, 605, IOS13_FIELDS),
    "loop": LayerIntroduced(4, 615, IOS13_FIELDS),
    "loopBreak": LayerIntroduced(4, 620, IOS13_FIELDS),
    "loopContinue": LayerIntroduced(4, 625, IOS13_FIELDS),
    "rangeStatic": LayerIntroduced(4, 635, IOS13_FIELDS),
    "rangeDynamic": LayerIntroduced(4, 640, IOS13_FIELDS),
    "clip": LayerIntroduced(4, 660, IOS13_FIELDS),
    "ceil": LayerIntroduced(4, 665, IOS13_FIELDS),
    "floor": LayerIntroduced(4, 670, IOS13_FIELDS),
    "sign": LayerIntroduced(4, 680, IOS13_FIELDS),
    "round": LayerIntroduced(4, 685, IOS13_FIELDS),
    "exp2": LayerIntroduced(4, 700, IOS13_FIELDS),
    "sin": LayerIntroduced(4, 710, IOS13_FIELDS),
    "cos": LayerIntroduced(4, 715, IOS13_FIELDS),
    "tan": LayerIntroduced(4, 720, IOS13_FIELDS),
    "asin": LayerIntroduced(4, 730, IOS13_FIELDS),
    "acos": LayerIntroduced(4, 735, IOS13_FIELDS),
    "atan": LayerIntroduced(4, 740, IOS13_FIELDS),
    "sinh": LayerIntroduced(4, 750, IOS13_FIELDS),
    "cosh": LayerIntroduced(4, 755, IOS13_FIELDS),
    "tanh": LayerIntroduced(4, 760, IOS13_FIELDS),
    "asinh": LayerIntroduced(4, 770, IOS13_FIELDS),
    "acosh": LayerIntroduced(4, 775, IOS13_FIELDS),
    "atanh": LayerIntroduced(4, 780, IOS13_FIELDS),
    "erf": LayerIntroduced(4, 790, IOS13_FIELDS),
    "gelu": LayerIntroduced(4, 795, IOS13_FIELDS),
    "equal": LayerIntroduced(4, 815, IOS13_FIELDS),
    "notEqual": LayerIntroduced(4, 820, IOS13_FIELDS),
    "lessThan": LayerIntroduced(4, 825, IOS13_FIELDS),
    "lessEqual": LayerIntroduced(4, 827, IOS13_FIELDS),
    "greaterThan": LayerIntroduced(4, 830, IOS13_FIELDS),
    "greaterEqual": LayerIntroduced(4, 832, IOS13_FIELDS),
    "logicalOr": LayerIntroduced(4, 840, IOS13_FIELDS),
    "logicalXor": LayerIntroduced(4, 845, IOS13_FIELDS),
    "logicalNot": LayerIntroduced(4, 850, IOS13_FIELDS),
    "logicalAnd": LayerIntroduced(4, 855, IOS13_FIELDS),
    "modBroadcastable": LayerIntroduced(4, 865, IOS13_FIELDS),
    "minBroadcastable": LayerIntroduced(4, 870, IOS13_FIELDS),
    "maxBroadcastable": LayerIntroduced(4, 875, IOS13_FIELDS),
    "addBroadcastable": LayerIntroduced(4, 880, IOS13_FIELDS),
    "powBroadcastable": LayerIntroduced(4, 885, IOS13_FIELDS),
    "divideBroadcastable": LayerIntroduced(4, 890, IOS13_FIELDS),
    "floorDivBroadcastable": LayerIntroduced(4, 895, IOS13_FIELDS),
    "multiplyBroadcastable": LayerIntroduced(4, 900, IOS13_FIELDS),
    "subtractBroadcastable": LayerIntroduced(4, 905, IOS13_FIELDS),
    "tile": LayerIntroduced(4, 920, IOS13_FIELDS),
    "stack": LayerIntroduced(4, 925, IOS13_FIELDS),
    "gather": LayerIntroduced(4, 930, IOS13_FIELDS),
    "scatter": LayerIntroduced(4, 935, IOS13_FIELDS),
    "gatherND": LayerIntroduced(4, 940, IOS13_FIELDS),
    "scatterND": LayerIntroduced(4, 945, IOS13_FIELDS),
    "softmaxND": LayerIntroduced(4, 950, IOS13_FIELDS),
    "gatherAlongAxis": LayerIntroduced(4, 952, IOS13_FIELDS),
    "scatterAlongAxis": LayerIntroduced(4, 954, IOS13_FIELDS),
    "reverse": LayerIntroduced(4, 960, IOS13_FIELDS),
    "reverseSeq": LayerIntroduced(4, 965, IOS13_FIELDS),
    "splitND": LayerIntroduced(4, 975, IOS13_FIELDS),
    "concatND": LayerIntroduced(4, 980, IOS13_FIELDS),
    "transpose": LayerIntroduced(4, 985, IOS13_FIELDS),
    "sliceStatic": LayerIntroduced(4, 995, IOS13_FIELDS),
    "sliceDynamic": LayerIntroduced(4, 1000, IOS13_FIELDS),
    "slidingWindows": LayerIntroduced(4, 1005, IOS13_FIELDS),
    "topK": LayerIntroduced(4, 1015, IOS13_FIELDS),
    "argMin": LayerIntroduced(4, 1020, IOS13_FIELDS),
    "argMax": LayerIntroduced(4, 1025, IOS13_FIELDS),
    "embeddingND": LayerIntroduced(4, 1040, IOS13_FIELDS),
    "batchedMatmul": LayerIntroduced(4, 1045, IOS13_FIELDS),
    "getShape": LayerIntroduced(4, 1065, IOS13_FIELDS),
    "loadConstantND": LayerIntroduced(4, 1070, IOS13_FIELDS),
    "fillLike": LayerIntroduced(4, 1080, IOS13_FIELDS),
    "fillStatic": LayerIntroduced(4, 1085, IOS13_FIELDS),
    "fillDynamic": LayerIntroduced(4, 1090, IOS13_FIELDS),
    "broadcastToLike": LayerIntroduced(4, 1100, IOS13_FIELDS),
    "broadcastToStatic": LayerIntroduced(4, 1105, IOS13_FIELDS),
    "broadcastToDynamic": LayerIntroduced(4, 1110, IOS13_FIELDS),
    "squeeze": LayerIntroduced(4, 1120, IOS13_FIELDS),
    "expandDims": LayerIntroduced(4, 1125, IOS13_FIELDS),
    "flattenTo2D": LayerIntroduced(4, 1130, IOS13_FIELDS),
    "reshapeLike": LayerIntroduced(4, 1135, IOS13_FIELDS),
    "reshapeStatic": LayerIntroduced(4, 1140, IOS13_FIELDS),
    "reshapeDynamic": LayerIntroduced(4, 1145, IOS13_FIELDS),
    "rankPreservingReshape": LayerIntroduced(4, 1150, IOS13_FIELDS),
    "constantPad": LayerIntroduced(4, 1155, IOS13_FIELDS),
    "randomNormalLike": LayerIntroduced(4, 1170, IOS13_FIELDS),
    "randomNormalStatic": LayerIntroduced(4, 1175, IOS13_FIELDS),
    "randomNormalDynamic": LayerIntroduced(4, 1180, IOS13_FIELDS),
    "randomUniformLike": LayerIntroduced(4, 1190, IOS13_FIELDS),
    "randomUniformStatic": LayerIntroduced(4, 1195, IOS13_FIELDS),
    "randomUniformDynamic": LayerIntroduced(4, 1200, IOS13_FIELDS),
    "randomBernoulliLike": LayerIntroduced(4, 1210, IOS13_FIELDS),
    "randomBernoulliStatic": LayerIntroduced(4, 1215, IOS13_FIELDS),
    "randomBernoulliDynamic": LayerIntroduced(4, 1220, IOS13_FIELDS),
    "categoricalDistribution": LayerIntroduced(4, 1230, IOS13_FIELDS),
    "reduceL1": LayerIntroduced(4, 1250, IOS13_FIELDS),
    "reduceL2": LayerIntroduced(4, 1255, IOS13_FIELDS),
    "reduceMax": LayerIntroduced(4, 1260, IOS13_FIELDS),
    "reduceMin": LayerIntroduced(4, 1265, IOS13_FIELDS),
    "reduceSum": LayerIntroduced(4, 1270, IOS13_FIELDS),
    "reduceProd": LayerIntroduced(4, 1275, IOS13_FIELDS),
    "reduceMean": LayerIntroduced(4, 1280, IOS13_FIELDS),
    "reduceLogSum": LayerIntroduced(4, 1285, IOS13_FIELDS),
    "reduceSumSquare": LayerIntroduced(4, 1290, IOS13_FIELDS),
    "reduceLogSumExp": LayerIntroduced(4, 1295, IOS13_FIELDS),
    "whereNonZero": LayerIntroduced(4, 1313, IOS13_FIELDS),
    "matrixBandPart": LayerIntroduced(4, 1315, IOS13_FIELDS),
    "lowerTriangular": LayerIntroduced(4, 1320, IOS13_FIELDS),
    "upperTriangular": LayerIntroduced(4, 1325, IOS13_FIELDS),
    "whereBroadcastable": LayerIntroduced(4, 1330, IOS13_FIELDS),
    "layerNormalization": LayerIntroduced(4, 1350, IOS13_FIELDS),
    "NonMaximumSuppression": LayerIntroduced(4, 1400, IOS13_FIELDS),
    "oneHot": LayerIntroduced(5, 1450, IOS14_FIELDS),
    "cumSum": LayerIntroduced(5, 1455, IOS14_FIELDS),
    "clampedReLU": LayerIntroduced(5, 1460, IOS14_FIELDS),
    "argSort": LayerIntroduced(5, 1461, IOS14_FIELDS),
    "pooling3d": LayerIntroduced(5, 1465, IOS14_FIELDS),
    "globalPooling3d": LayerIntroduced(5, 1466, IOS14_FIELDS),
    "sliceBySize": LayerIntroduced(5, 1470, IOS14_FIELDS),
    "convolution3d": LayerIntroduced(5, 1471, IOS14_FIELDS),
}


OptionTest = Literal["inputs_at_least", "set", "any_true", "equals"]


class OptionRequirement(NamedTuple):
    """A layer option (a parameter field or an extra input) newer than the layer itself.

    ``test`` says how to recognise it on a layer:

    - ``inputs_at_least``: the layer has at least ``value`` inputs;
    - ``set``: the parameter ``field`` is non-zero / non-empty;
    - ``any_true``: the repeated bool parameter ``field`` has a True entry;
    - ``equals``: the parameter ``field`` (an enum) equals ``value``.
    """

    layer: str
    feature: str  # how the message names it
    spec_version: int
    test: OptionTest
    source: str
    field: str = ""
    value: int = 0


NN_LAYER_OPTIONS: tuple[OptionRequirement, ...] = (
    OptionRequirement(
        "convolution",
        "a second input (weights given as a tensor)",
        4,
        "inputs_at_least",
        "Utils.cpp isIOS12NeuralNetworkLayer (kConvolution: input().size() == 1); NeuralNetwork.proto "
        "ConvolutionLayerParams 'From Core ML specification version 4 onwards ... can have 2 inputs'",
        value=2,
    ),
    OptionRequirement(
        "innerProduct",
        "int8DynamicQuantize",
        5,
        "set",
        "Utils.cpp isIOS12NeuralNetworkLayer and hasIOS14NeuralNetworkFeatures (innerproduct().int8dynamicquantize())",
        field="int8DynamicQuantize",
    ),
    OptionRequirement(
        "batchedMatmul",
        "int8DynamicQuantize",
        5,
        "set",
        "Utils.cpp hasIOS14NeuralNetworkFeatures (batchedmatmul().int8dynamicquantize())",
        field="int8DynamicQuantize",
    ),
    OptionRequirement(
        "upsample",
        "an align-corners linearUpsampleMode",
        5,
        "set",
        "Utils.cpp isIOS12NeuralNetworkLayer and hasIOS14NeuralNetworkFeatures (linearupsamplemode() != DEFAULT)",
        field="linearUpsampleMode",
    ),
    OptionRequirement(
        "upsample",
        "fractionalScalingFactor",
        5,
        "set",
        "Utils.cpp isIOS12NeuralNetworkLayer and hasIOS14NeuralNetworkFeatures (fractionalscalingfactor_size() > 0)",
        field="fractionalScalingFactor",
    ),
    OptionRequirement(
        "reorganizeData",
        "mode PIXEL_SHUFFLE",
        5,
        "equals",
        "Utils.cpp isIOS12NeuralNetworkLayer and hasIOS14NeuralNetworkFeatures; NeuralNetwork.proto "
        "ReorganizeDataLayerParams '(Only available in Core ML Specification >= 5 ...'",
        field="mode",
        value=2,  # ReorganizeDataLayerParams.ReorganizationType.PIXEL_SHUFFLE
    ),
    OptionRequirement(
        "sliceDynamic",
        "a seventh input (squeeze masks given as a tensor)",
        5,
        "inputs_at_least",
        "Utils.cpp hasIOS14NeuralNetworkFeatures (kSliceDynamic: input().size() == 7)",
        value=7,
    ),
    OptionRequirement(
        "sliceDynamic",
        "squeezeMasks",
        5,
        "any_true",
        "Utils.cpp hasIOS14NeuralNetworkFeatures (slicedynamic().squeezemasks_size()); coremltools "
        "NeuralNetworkBuilder.add_slice_dynamic raises the version only when a mask is True",
        field="squeezeMasks",
    ),
    OptionRequirement(
        "sliceStatic",
        "squeezeMasks",
        5,
        "any_true",
        "coremltools NeuralNetworkBuilder.add_slice_static (raises the version to iOS14 when a mask is True); "
        "_deployment_compatibility.py iOS14Features 'Squeeze mask for static slice operation'",
        field="squeezeMasks",
    ),
    OptionRequirement(
        "concatND",
        "interleave",
        5,
        "set",
        "Utils.cpp hasIOS14NeuralNetworkFeatures (concatnd().interleave()); NeuralNetwork.proto "
        "ConcatNDLayerParams '(Only available in Core ML Specification >= 5 ...'",
        field="interleave",
    ),
    OptionRequirement(
        "tile",
        "a second input (reps given as a tensor)",
        5,
        "inputs_at_least",
        "coremltools NeuralNetworkBuilder.add_tile and _deployment_compatibility.py iOS14Features "
        "'Dynamic Tile operation'",
        value=2,
    ),
)

OPTIONS_BY_LAYER: dict[str, tuple[OptionRequirement, ...]] = {}
for _option in NN_LAYER_OPTIONS:
    OPTIONS_BY_LAYER[_option.layer] = (*OPTIONS_BY_LAYER.get(_option.layer, ()), _option)
del _option

# Spec versions from which the NeuralNetwork input shape mappings other than RANK5 exist.
# NeuralNetwork.proto: EXACT_ARRAY_MAPPING / RANK4_IMAGE_MAPPING "Supported only for
# Specification version >= 4"; Utils.cpp hasIOS13NeuralNetworkFeatures.
ND_SHAPE_MAPPING_SPEC_VERSION = 4
