"""Ports of Core ML's interface validators, function by function, in the validator's own order.

Each function returns the validator's *first* complaint about one unit (a feature description, a
model's optional flags, a pipeline's chain), as a :class:`Complaint` with a check name so that a
rule can report only the checks it owns (several ML1 rules each port one part of
``validateFeatureDescription``). Messages are the validator's own, word for word (``validator
error: `` removed). Sources: apple/coremltools ``mlmodel/src/Validation/InterfaceValidators.cpp``
(validateFeatureDescription, validateSizeRange, validateOptional), ``Validators.hpp``
(validateFeatureDescriptions), ``PipelineValidator.cpp`` (validate) and ``Comparison.cpp``
(isEquivalent, operator== on FeatureType).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from mllint.view import enum_names

IOS12, IOS14, IOS16, IOS18, IOS26 = 3, 5, 7, 9, 10

NEURAL_TYPES = frozenset(
    {"neuralNetwork", "neuralNetworkRegressor", "neuralNetworkClassifier", "serializedModel", "mlProgram"}
)


class Complaint(NamedTuple):
    check: str  # a short name of the check inside the validator's function
    message: str


def _size_range_error(range_: Any) -> str | None:
    """validateSizeRange: ``Size range is invalid (lower, upper ).``"""
    if range_.upperBound > 0 and range_.lowerBound > range_.upperBound:
        # the callers embed this Result's message, which carries its own "validator error: " prefix
        return f"validator error: Size range is invalid ({range_.lowerBound}, {range_.upperBound} )."
    return None


def _dtype(value: int) -> str:
    return enum_names().array_dtypes.get(value, "")


def feature_description_error(desc: Any, version: int, io: str) -> Complaint | None:
    """validateFeatureDescription(desc, modelVersion, featureIOType); ``io`` is input, output or state."""
    name = desc.name
    if name == "":
        return Complaint("name-empty", "Feature description must have a non-empty name.")
    if not desc.HasField("type"):
        return Complaint("type-missing", f"Feature description {name} must specify a valid feature type.")
    type_ = desc.type
    kind = type_.WhichOneof("Type")
    if kind == "stateType":
        if io not in ("state", "input"):
            return Complaint(
                "state-misplaced", f"State feature '{name}' should only be declared in the state feature description."
            )
    elif io == "state":
        return Complaint(
            "state-misplaced", f"State feature description can declare only state features, but '{name}' is not."
        )
    if kind == "multiArrayType":
        return _array_error(name, type_.multiArrayType, version, io)
    if kind == "dictionaryType":
        if type_.dictionaryType.WhichOneof("KeyType") is None:
            return Complaint(
                "dictionary-key",
                f"Description of dictionary feature '{name}' must contain a key type of either Int64 or String.",
            )
        return None
    if kind == "imageType":
        return _image_error(name, type_.imageType, version)
    if kind == "sequenceType":
        if version < IOS12:
            return Complaint(
                "sequence-version",
                f"Sequence types are only valid in specification verison >= {IOS12}. This model has version {version}",
            )
        problem = _size_range_error(type_.sequenceType.sizeRange)
        if problem:
            return Complaint(
                "sequence-range", f"Description of sequence feature '{name}' has invalid allowed sizes. {problem}"
            )
        if type_.sequenceType.WhichOneof("Type") is None:
            return Complaint(
                "sequence-type",
                f"Description of sequence feature '{name}' has invalid or missing type. "
                "Only Int64 and String sequences are currently supported",
            )
        return None
    if kind == "stateType":
        return Complaint("state", "")  # ported by ML106/ML107 (rules/interface_checks.py): message left to them
    if kind is None:
        return Complaint("type-unset", f"Feature description has an unspecified or invalid type for feature '{name}'.")
    return None


def _array_error(name: str, array: Any, version: int, io: str) -> Complaint | None:
    shape = list(array.shape)
    explicit = bool(shape)
    implicit = False
    what = f"Description of multiarray feature '{name}'"
    if version >= IOS12:
        flexibility = array.WhichOneof("ShapeFlexibility")
        if flexibility == "enumeratedShapes":
            implicit = True
            shapes = [list(s.shape) for s in array.enumeratedShapes.shapes]
            if not shapes:
                return Complaint("enumerated-empty", f"{what} has enumerated zero permitted sizes.")
            if any(not s for s in shapes):
                return Complaint("enumerated-rank-0", f"{what} has enumerated shapes with zero dimensions.")
            if explicit and shape not in shapes:
                return Complaint(
                    "enumerated-default",
                    f"{what} has a default shape specified  which is not within the allowed enumerated shapes specified.",
                )
        elif flexibility == "shapeRange":
            implicit = True
            ranges = list(array.shapeRange.sizeRanges)
            for index, range_ in enumerate(ranges):
                problem = _size_range_error(range_)
                if problem:
                    return Complaint("range-invalid", f"{what} has an invalid range for dimension {index}. {problem}")
            if explicit:
                if len(shape) != len(ranges):
                    return Complaint(
                        "range-rank", f"{what} has a default {len(shape)}-d shape but a {len(ranges)}-d shape range"
                    )
                for size, range_ in zip(shape, ranges):
                    # C++: defaultShape[i] < (int)lowerbound: the bound is cast to a 32-bit int
                    lower = _as_int32(range_.lowerBound)
                    if size < lower or (range_.upperBound >= 0 and size > range_.upperBound):
                        return Complaint(
                            "range-default", f"{what} has a default shape that is out of the specified shape range"
                        )
    if io == "input" and not explicit and not implicit:
        return Complaint("shape-missing", f"{what} has missing shape constraints.")
    for index, size in enumerate(shape):
        if size < 0:
            return Complaint(
                "shape-negative", f"{what} has an invalid shape. Element {index} has non-positive value {size}."
            )
    dtype = _dtype(array.dataType)
    if dtype == "FLOAT16" and version < IOS16:
        return Complaint("dtype-float16", "")  # ML101
    if dtype == "INT8" and version < IOS26:
        return Complaint("dtype-int8", "")  # ML102
    if dtype not in ("DOUBLE", "FLOAT32", "INT32", "FLOAT16", "INT8"):
        return Complaint("dtype-invalid", "")  # ML103
    default = array.WhichOneof("defaultOptionalValue")
    if default is not None:
        return Complaint("default-value", "")  # ML105 (rules/interface_checks.py) ports the default-value checks
    return None


def _as_int32(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def _image_error(name: str, image: Any, version: int) -> Complaint | None:
    width, height = image.width, image.height
    has_default = width > 0 and height > 0
    what = f"Description of image feature '{name}'"
    if version >= IOS12:
        flexibility = image.WhichOneof("SizeFlexibility")
        if flexibility == "enumeratedSizes":
            sizes = list(image.enumeratedSizes.sizes)
            if not sizes:
                return Complaint("image-enumerated-empty", f"{what} has enumerated zero permitted sizes.")
            if not has_default:
                width, height = _as_int64(sizes[0].width), _as_int64(sizes[0].height)
            elif not any(width == _as_int64(s.width) and height == _as_int64(s.height) for s in sizes):
                return Complaint(
                    "image-enumerated-default",
                    f"{what} has a default size of {width} × {height} which is not within the allowed enumerated sizes specified.",
                )
        elif flexibility == "imageSizeRange":
            width_range, height_range = image.imageSizeRange.widthRange, image.imageSizeRange.heightRange
            problem = _size_range_error(width_range)
            if problem:
                return Complaint("image-range", f"{what} has an invalid flexible width range. {problem}")
            problem = _size_range_error(height_range)
            if problem:
                return Complaint("image-range", f"{what} has an invalid flexible height range. {problem}")
            if not has_default:
                width, height = _as_int64(width_range.lowerBound), _as_int64(height_range.lowerBound)
            else:
                if width < _as_int64(width_range.lowerBound) or (
                    width_range.upperBound >= 0 and width > width_range.upperBound
                ):
                    return Complaint(
                        "image-range-default",
                        f"{what} default width {width} is not within specified flexible width range",
                    )
                if height < _as_int64(height_range.lowerBound) or (
                    height_range.upperBound >= 0 and height > height_range.upperBound
                ):
                    return Complaint(
                        "image-range-default",
                        f"{what} default height {height} is not within specified flexible height range",
                    )
    if width <= 0 or height <= 0:
        return Complaint("image-size", "")  # ML111
    return None  # colorspace: ML101 / ML103


def _as_int64(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def description_units(description: Any) -> list[tuple[str, Any]]:
    """(location prefix, description) of each unit validateFeatureDescriptions runs on: the model
    description, or each function's description of a multi-function model (validateModelDescription)."""
    if len(description.functions) or description.defaultFunctionName:
        return [(f"functions/{function.name}", function) for function in description.functions]
    return [("", description)]


def optional_error(proto: Any) -> tuple[Complaint, str] | None:
    """validateOptional minus validateDefaultOptionalValues (ML105): (complaint, feature name)."""
    description = proto.description
    kind = proto.WhichOneof("Type")
    if kind in NEURAL_TYPES:
        inputs = list(description.input)
        required = any(i.type.WhichOneof("Type") == "stateType" or not i.type.isOptional for i in inputs)
        if inputs and not required:
            return Complaint(
                "optional-all-inputs", "At least one feature for a neural network must NOT be optional."
            ), inputs[0].name
    elif kind not in (
        "imputer",
        "treeEnsembleRegressor",
        "treeEnsembleClassifier",
        "pipeline",
        "pipelineRegressor",
        "pipelineClassifier",
        "itemSimilarityRecommender",
        "identity",
    ):
        for feature in description.input:
            if feature.type.isOptional:
                return Complaint("optional-input", "Features cannot be optional to this type of model."), feature.name
    for feature in description.output:
        if feature.type.isOptional:
            return Complaint("optional-output", "Outputs cannot be optional."), feature.name
    return None


# ----------------------------------------------------------------------------- Comparison.cpp


def _rank(array: Any) -> int | None:
    flexibility = array.WhichOneof("ShapeFlexibility")
    if flexibility == "enumeratedShapes":
        shapes = array.enumeratedShapes.shapes
        return len(shapes[0].shape) if shapes else None  # C++ reads shapes(0) of an empty list: undefined
    if flexibility == "shapeRange":
        return len(array.shapeRange.sizeRanges)
    return len(array.shape)


def types_equal(a: Any, b: Any) -> bool | None:
    """operator==(FeatureType, FeatureType) (optional flags ignored); None where C++ is undefined."""
    kind = a.WhichOneof("Type")
    if kind != b.WhichOneof("Type"):
        return False
    if kind == "multiArrayType":
        x, y = a.multiArrayType, b.multiArrayType
        if x.dataType != y.dataType:
            return False
        rx, ry = _rank(x), _rank(y)
        if rx is None or ry is None:
            return None
        if rx != ry:
            return False
        if x.WhichOneof("ShapeFlexibility") is None and y.WhichOneof("ShapeFlexibility") is None:
            return list(x.shape) == list(y.shape)[: len(x.shape)] and len(y.shape) >= len(x.shape)
        return True
    if kind == "dictionaryType":
        return a.dictionaryType.WhichOneof("KeyType") == b.dictionaryType.WhichOneof("KeyType")
    if kind == "imageType":
        x, y = a.imageType, b.imageType
        return (x.width, x.height, x.colorSpace) == (y.width, y.height, y.colorSpace)
    if kind == "sequenceType":
        return a.sequenceType.WhichOneof("Type") == b.sequenceType.WhichOneof("Type")
    if kind == "stateType":
        x, y = a.stateType.arrayType, b.stateType.arrayType
        rx, ry = _rank(x), _rank(y)
        if rx is None or ry is None:
            return None
        return (
            x.dataType == y.dataType
            and rx == ry
            and list(x.shape) == list(y.shape)[: len(x.shape)]
            and len(y.shape) >= len(x.shape)
        )
    return True


DESCRIPTION_TYPE_NAME = "CoreML.Specification.ModelDescription"  # model.description().GetTypeName()


# ----------------------------------------------------------------------------- classifiers and regressors

# FeatureTypes_enums.h MLFeatureTypeType_Name, by FeatureType.Type oneof member (None: NOT_SET)
FEATURE_TYPE_NAMES = {
    "int64Type": "MLFeatureTypeType_int64Type",
    "doubleType": "MLFeatureTypeType_doubleType",
    "stringType": "MLFeatureTypeType_stringType",
    "imageType": "MLFeatureTypeType_imageType",
    "multiArrayType": "MLFeatureTypeType_multiArrayType",
    "dictionaryType": "MLFeatureTypeType_dictionaryType",
    "sequenceType": "MLFeatureTypeType_sequenceType",
    "stateType": "MLFeatureTypeType_stateType",
    None: "MLFeatureTypeType_NOT_SET",
}


def schema_type_error(feature: Any, allowed: tuple[str, ...]) -> str | None:
    """ValidatorUtils-inl.hpp validateSchemaTypes (its trailing std::endl kept)."""
    kind = feature.type.WhichOneof("Type")
    if kind in allowed:
        return None
    names = ", ".join(FEATURE_TYPE_NAMES[a] for a in allowed)
    return f'Unsupported type "{FEATURE_TYPE_NAMES[kind]}" for feature "{feature.name}". Should be one of: {names}.\n'


def described_types_error(features: Any, max_count: int, allowed: tuple[str, ...]) -> str | None:
    """ValidatorUtils-inl.hpp validateDescriptionsContainFeatureWithTypes (``max_count`` 0: no maximum)."""
    if max_count and len(features) > max_count:
        return f"Feature descriptions exceeded {max_count}"
    for feature in features:
        problem = schema_type_error(feature, allowed)
        if problem:
            return problem
    return None


def named_feature_error(features: Any, name: str, allowed: tuple[str, ...]) -> str | None:
    """validateDescriptionsContainFeatureWithNameAndType."""
    for feature in features:
        if feature.name == name:
            return schema_type_error(feature, allowed)
    return f"Expected feature '{name}' to the model is not present in the model description."


def classifier_interface_error(
    proto: Any, params: Any, allow_empty_labels: bool = False, default_int64: bool = False
) -> str | None:
    """Validators.hpp validateClassifierInterface without its validateFeatureDescriptions call (ML110,
    ML130 and the other interface rules port that), then validateClassifierFeatureDescriptions."""
    labels = params.WhichOneof("ClassLabels")
    if labels == "int64ClassLabels":
        if not allow_empty_labels and not len(params.int64ClassLabels.vector):
            return "Classifier declared to have Int64 class labels must provide labels."
        expected = "int64Type"
    elif labels == "stringClassLabels":
        if not allow_empty_labels and not len(params.stringClassLabels.vector):
            return "Classifier declared to have String class labels must provide labels."
        expected = "stringType"
    else:
        if not allow_empty_labels:
            return "Classifier models must provide class labels."
        expected = "int64Type" if default_int64 else "stringType"
    description = proto.description
    # validateFeatureDescriptions comes here: Model::validate has made it already (validateGeneric), and the
    # rules that port it report its complaints before this one (rules/load/validator_order.py).
    if not description.predictedFeatureName:
        return "Specification is missing classifier predictedFeatureName"
    problem = named_feature_error(description.output, description.predictedFeatureName, (expected,))
    if problem:
        return problem
    if description.predictedProbabilitiesName:
        return named_feature_error(
            description.output, description.predictedProbabilitiesName, ("multiArrayType", "dictionaryType")
        )
    return None


def regressor_interface_error(proto: Any) -> str | None:
    """InterfaceValidators.cpp validateRegressorInterface (its validateFeatureDescriptions left to other rules)."""
    description = proto.description
    if not description.predictedFeatureName:
        return "Specification is missing regressor predictedFeatureName."
    # validateFeatureDescriptions: made already by validateGeneric, reported first (validator_order.py)
    return named_feature_error(description.output, description.predictedFeatureName, ("doubleType", "multiArrayType"))
