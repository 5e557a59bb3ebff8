"""Model features and the lowest specification version that can hold them.

Core ML's open-source validator rejects some too-new features outright (FLOAT16
arrays, state types, ...); those are ported as error rules in
``mllint_rules.load``. The rows below are the rest of the feature table in
``mlmodel/src/Utils.cpp`` (``hasIOS11_2Features`` ... ``hasIOS26Features``, which
``downgradeSpecificationVersion`` walks) plus the release notes in the comment
above ``message Model`` in ``mlmodel/format/Model.proto``. No validator check
backs them: an OS that predates the feature reads the model's type or field as
unknown and fails, while newer OSes load it. Hence a warning.

Neural-network layer features (custom layers, layers newer than a version) are in
:mod:`mllint.knowledge.nn_layers`, ML program opsets and ops in ``spec_versions`` and
``mil_ops``. Every other "feature X needs spec version N" row lives in this module,
and only here: the version rules (ML1xx) and the deployment analysis
(:mod:`mllint.analysis.deployment_requirements`, ML3xx and the "oldest OS" fact)
both read it.

Each row says what the model must be (its ``Model.Type`` oneof), optionally a
field inside that type's message and the value it must have (``None``: the field
merely has to be set), the minimum version, and the source.
"""

from __future__ import annotations

from typing import NamedTuple

from .spec_versions import LOWEST_MLPROGRAM_SPEC_VERSION

U = "apple/coremltools mlmodel/src/Utils.cpp"
P = "apple/coremltools mlmodel/format/Model.proto (comment above message Model)"


I = "apple/coremltools mlmodel/src/Validation/InterfaceValidators.cpp validateFeatureDescription"
V = "apple/coremltools mlmodel/src/Validation/Validators.hpp validateFeatureDescriptions"


class FeatureGate(NamedTuple):
    """A feature and the first specification version that can hold it."""

    feature: str
    min_version: int
    source: str


class ValidatorGate(FeatureGate):
    """A feature the open-source validator itself refuses below ``min_version``."""

    __slots__ = ()


FLEXIBLE_SHAPES = ValidatorGate(
    "flexible shape constraints", 3, f"{I} (ignored below MLMODEL_SPECIFICATION_VERSION_IOS12)"
)


class FeatureRequirement(NamedTuple):
    feature: str  # how messages name it
    min_version: int
    model_type: str | None  # Model.Type oneof name; None for interface features
    field: str | None = None  # dotted path inside the type's message
    equals: int | None = None  # the value the field must have; None: the field is set
    probe: str | None = None  # for interface features: the name of the check that finds them
    source: str = ""


MODEL_FEATURES: tuple[FeatureRequirement, ...] = (
    # spec 3 (iOS 12)
    FeatureRequirement(
        "flexible input/output shape",
        FLEXIBLE_SHAPES.min_version,
        None,
        probe="flexible_shape",
        source=f"{U} hasFlexibleShapes (hasIOS12Features)",
    ),
    FeatureRequirement("customModel model", 3, "customModel", source=f"{U} isCustomModel (hasIOS12Features)"),
    FeatureRequirement(
        "textClassifier model", 3, "textClassifier", source=f"{U} isAppleTextClassifier (hasIOS12Features)"
    ),
    FeatureRequirement("wordTagger model", 3, "wordTagger", source=f"{U} isAppleWordTagger (hasIOS12Features)"),
    FeatureRequirement(
        "visionFeaturePrint.scene model",
        3,
        "visionFeaturePrint",
        "scene",
        source=f"{U} isScenePrint (hasIOS12Features)",
    ),
    FeatureRequirement(
        "nonMaximumSuppression model", 3, "nonMaximumSuppression", source=f"{U} isNonMaxSuppression (hasIOS12Features)"
    ),
    FeatureRequirement(
        "bayesianProbitRegressor model",
        3,
        "bayesianProbitRegressor",
        source=f"{U} isBayesianProbitRegressor (hasIOS12Features)",
    ),
    # spec 4 (iOS 13)
    FeatureRequirement(
        "kNearestNeighborsClassifier model", 4, "kNearestNeighborsClassifier", source=f"{U} hasIOS13Features"
    ),
    FeatureRequirement("linkedModel model", 4, "linkedModel", source=f"{U} hasIOS13Features"),
    FeatureRequirement(
        "itemSimilarityRecommender model", 4, "itemSimilarityRecommender", source=f"{U} hasIOS13Features"
    ),
    FeatureRequirement(
        "soundAnalysisPreprocessing model", 4, "soundAnalysisPreprocessing", source=f"{U} hasIOS13Features"
    ),
    FeatureRequirement("gazetteer model", 4, "gazetteer", source=f"{P}: spec 4 adds NLP Gazeteer"),
    FeatureRequirement("wordEmbedding model", 4, "wordEmbedding", source=f"{P}: spec 4 adds NLP WordEmbedding"),
    FeatureRequirement("textClassifier revision 2", 4, "textClassifier", "revision", 2, source=f"{U} hasIOS13Features"),
    FeatureRequirement("gazetteer revision 2", 4, "gazetteer", "revision", 2, source=f"{U} hasIOS13Features"),
    FeatureRequirement("wordEmbedding revision 2", 4, "wordEmbedding", "revision", 2, source=f"{U} hasIOS13Features"),
    # spec 5 (iOS 14)
    FeatureRequirement("serializedModel model", 5, "serializedModel", source=f"{U} hasIOS14Features"),
    FeatureRequirement("wordTagger revision 3", 5, "wordTagger", "revision", 3, source=f"{U} hasIOS14Features"),
    FeatureRequirement(
        "visionFeaturePrint.objects model",
        5,
        "visionFeaturePrint",
        "objects",
        source=f"{U} isObjectPrint (hasIOS14Features)",
    ),
    # spec 6 (iOS 15)
    FeatureRequirement(
        "audioFeaturePrint.sound model", 6, "audioFeaturePrint", "sound", source=f"{U} hasIOS15Features"
    ),
    # spec 8 (iOS 17)
    FeatureRequirement(
        "visionFeaturePrint.scene version 2",
        8,
        "visionFeaturePrint",
        "scene.version",
        2,
        source=f"{U} hasIOS17Features",
    ),
    FeatureRequirement(
        "classConfidenceThresholding model", 8, "classConfidenceThresholding", source=f"{U} hasIOS17Features"
    ),
    FeatureRequirement("wordTagger revision 4", 8, "wordTagger", "revision", 4, source=f"{U} hasIOS17Features"),
    FeatureRequirement("textClassifier revision 4", 8, "textClassifier", "revision", 4, source=f"{U} hasIOS17Features"),
    # spec 9 (iOS 18)
    FeatureRequirement("wordTagger revision 5", 9, "wordTagger", "revision", 5, source=f"{U} hasIOS18Features"),
    FeatureRequirement("textClassifier revision 5", 9, "textClassifier", "revision", 5, source=f"{U} hasIOS18Features"),
)


def requirements_for(model_type: str | None) -> tuple[FeatureRequirement, ...]:
    """The rows that apply to a model of this type, plus the interface rows."""
    return tuple(r for r in MODEL_FEATURES if r.model_type is None or r.model_type == model_type)


# --------------------------------------------------------------------------- validator gates
# Features the open-source validator itself refuses below a version. The rules
# that port these checks quote the validator's message; the numbers live here.

SEQUENCE_TYPE = ValidatorGate("sequenceType feature", 3, f"{I} (MLMODEL_SPECIFICATION_VERSION_IOS12)")
UPDATABLE = ValidatorGate("isUpdatable", 4, "apple/coremltools mlmodel/src/Model.cpp validateGeneric (IOS13)")
OPTIONAL_DEFAULT_VALUE = ValidatorGate(
    "default value of an optional input",
    5,
    "apple/coremltools mlmodel/src/Validation/InterfaceValidators.cpp validateDefaultOptionalValues (IOS14)",
)
NMS_FLOAT32 = ValidatorGate(
    "MultiArray<FLOAT32> NMS confidence/coordinates",
    5,
    "apple/coremltools mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp (IOS14)",
)
FLOAT16_ARRAY = ValidatorGate(
    "FLOAT16 multiarray / GRAYSCALE_FLOAT16 image", 7, f"{I} (MLMODEL_SPECIFICATION_VERSION_IOS16)"
)
STATE_TYPE = ValidatorGate("stateType feature", 9, f"{I} (MLMODEL_SPECIFICATION_VERSION_IOS18)")
MULTI_FUNCTION = ValidatorGate(
    "multi-function syntax",
    9,
    "apple/coremltools mlmodel/src/Validation/InterfaceValidators.cpp validateMultiFunctionDescription (IOS18)",
)
EMPTY_INPUT = ValidatorGate("empty input list", 9, f"{V} (MLMODEL_SPECIFICATION_VERSION_IOS18)")
INT8_ARRAY = ValidatorGate("INT8 multiarray", 10, f"{I} (MLMODEL_SPECIFICATION_VERSION_IOS26)")

# --------------------------------------------------------------------------- other Utils.cpp rows
# Features of Utils.cpp's hasIOS*Features that no validator check refuses and that are
# not a model type (so not in MODEL_FEATURES): the deployment analysis lists them.
# The neural-network weight encoding is ValidatorUtils-inl.hpp valueType.

ML_PROGRAM = FeatureGate("mlProgram model", LOWEST_MLPROGRAM_SPEC_VERSION, f"{U} hasIOS15Features")
FP16_NN_WEIGHTS = FeatureGate("fp16 NN weights (WeightParams.float16Value)", 2, f"{U} hasFP16Weights")
QUANTIZED_NN_WEIGHTS = FeatureGate(
    "quantized NN weights (WeightParams.rawValue + quantization)", 3, f"{U} hasUnsignedQuantizedWeights"
)

# Model types allowed an empty input list (Model.cpp modelTypeAllowsEmptyInput),
# several functions (modelTypeAllowsMultipleFunctions), and a default value on an
# optional input (InterfaceValidators.cpp validateDefaultOptionalValues).
EMPTY_INPUT_TYPES = frozenset(
    {
        "neuralNetwork",
        "neuralNetworkRegressor",
        "neuralNetworkClassifier",
        "pipeline",
        "pipelineRegressor",
        "pipelineClassifier",
        "mlProgram",
    }
)
MULTI_FUNCTION_TYPES = frozenset({"mlProgram"})
OPTIONAL_DEFAULT_TYPES = frozenset(
    {"neuralNetwork", "neuralNetworkRegressor", "neuralNetworkClassifier", "serializedModel", "mlProgram"}
)
# Multiarray data types the validator accepts (ArrayFeatureType.ArrayDataType names).
VALID_ARRAY_DTYPES = frozenset({"DOUBLE", "FLOAT32", "FLOAT16", "INT32", "INT8"})
VALID_STATE_DTYPES = frozenset({"FLOAT16", "INT8"})
VALID_COLOR_SPACES = frozenset({"GRAYSCALE", "RGB", "BGR", "GRAYSCALE_FLOAT16"})
