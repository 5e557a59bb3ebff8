"""Ports of Core ML's validators of the scaler, imputer, categorical-mapping, feature-vectorizer,
array-feature-extractor and Bayesian probit models, in their order.

apple/coremltools ``mlmodel/src/Validation/ScalarValidator.cpp`` (the scaler),
``ImputerValidator.cpp``, ``CategoricalMappingValidator.cpp``, ``FeatureVectorizerValidator.cpp``,
``ArrayFeatureExtractorValidator.cpp`` and ``BayesianProbitRegressionValidator.cpp``,
``validate<MLModelType_...>``. The first checks of most (inputs and outputs of given counts and kinds)
are the table rules/load/validator_feature_types.py (ML135); these functions return the first
complaint after them.
The categorical mapping checks its mapping before its features, so its port includes the features.
"""

from __future__ import annotations

from typing import Any

from .validator_interface import FEATURE_TYPE_NAMES, described_types_error

VALIDATION_DIR = "apple/coremltools mlmodel/src/Validation"
SCALER_SOURCE = f"{VALIDATION_DIR}/ScalarValidator.cpp"
IMPUTER_SOURCE = f"{VALIDATION_DIR}/ImputerValidator.cpp"
CATEGORICAL_SOURCE = f"{VALIDATION_DIR}/CategoricalMappingValidator.cpp"
TYPE_MISMATCH = "Type of input feature does not match the output type feature."
SHAPE_MISMATCH = "Shape of output array does not match shape of input array."


def _first_pair(proto: Any) -> tuple[Any, Any] | None:
    description = proto.description
    if not len(description.input) or not len(description.output):
        return None  # C++ reads input()[0] of an empty list: undefined (ML110 reports the empty interface)
    return description.input[0], description.output[0]


def _kind(feature: Any) -> str | None:
    return feature.type.WhichOneof("Type")


def _vector_shapes_error(input_: Any, output: Any, what: str) -> str | None:
    shape_in, shape_out = list(input_.type.multiArrayType.shape), list(output.type.multiArrayType.shape)
    if len(shape_in) != 1:
        return f"Only 1 dimensional arrays input features are supported by the {what}."
    if len(shape_out) != 1 or shape_in[0] != shape_out[0]:
        return SHAPE_MISMATCH
    return None


def scaler_error(proto: Any) -> str | None:
    """validate<MLModelType_scaler> after its feature checks."""
    pair = _first_pair(proto)
    if pair is None:
        return None
    input_, output = pair
    if _kind(input_) == "int64Type":
        if _kind(output) not in ("int64Type", "doubleType"):
            return "Input type Int64 must output to Int64 or Double."
    elif _kind(output) != _kind(input_):
        return TYPE_MISMATCH
    shifts, scales = len(proto.scaler.shiftValue), len(proto.scaler.scaleValue)
    if _kind(input_) == "multiArrayType":
        problem = _vector_shapes_error(input_, output, "scaler")
        if problem:
            return problem
        length = input_.type.multiArrayType.shape[0]
        if shifts not in (0, 1, length):
            return (
                "For input type array, specified shift values must be empty, a scalar, or a vector of the "
                "matching length."
            )
        if scales not in (0, 1, length):
            return (
                "For input type array, specified scale values must be empty, a scalar, or a vector of the "
                "matching length."
            )
        return None
    if shifts not in (0, 1):
        return "For a scalar imput type, specified shift value must be empty or a scalar."
    if scales not in (0, 1):
        return "For input type array, specified scale values must be empty or a scalar."
    return None


# ImputedValue case -> (input kinds it takes, replace-value cases it takes, checks the array length)
_IMPUTED: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "imputedDoubleValue": (("doubleType", "multiArrayType"), ("replaceDoubleValue",), ""),
    "imputedInt64Value": (("int64Type",), ("replaceInt64Value",), ""),
    "imputedDoubleArray": (("multiArrayType",), ("replaceDoubleValue",), "imputedDoubleArray"),
    "imputedStringValue": (("stringType",), ("replaceStringValue",), ""),
    "imputedInt64Array": (("multiArrayType",), ("replaceInt64Value",), "imputedInt64Array"),
    "imputedStringDictionary": (("dictionaryType",), (), ""),
    "imputedInt64Dictionary": (("dictionaryType",), (), ""),
}


def imputer_error(proto: Any) -> str | None:
    """validate<MLModelType_imputer> after its feature checks."""
    pair = _first_pair(proto)
    if pair is None:
        return None
    input_, output = pair
    if _kind(output) != _kind(input_):
        return TYPE_MISMATCH
    if _kind(input_) == "multiArrayType":
        problem = _vector_shapes_error(input_, output, "imputer")
        if problem:
            return problem
    imputer = proto.imputer
    imputed = imputer.WhichOneof("ImputedValue")
    if imputed is None:
        return "Imputer parameter must be set."
    kinds, replacements, array = _IMPUTED[imputed]
    if _kind(input_) not in kinds:
        return f'Type of input feature "{input_.name}" is not compatible with given imputed value type.'
    replace = imputer.WhichOneof("ReplaceValue")
    if replace is not None and replace not in replacements:
        return "Type of given replace value not compatible with input feature type."
    if array:
        shape = input_.type.multiArrayType.shape
        if not shape:
            return None  # C++ reads shape(0) of an empty shape: undefined
        if shape[0] != len(getattr(imputer, array).vector):
            return "Shape of imputed array value does not match shape of input array."
    return None


def categorical_mapping_error(proto: Any) -> str | None:
    """validate<MLModelType_categoricalMapping>."""
    mapping = proto.categoricalMapping
    kind = mapping.WhichOneof("MappingType")
    unknown = mapping.WhichOneof("ValueOnUnknown")
    if kind == "stringToInt64Map":
        if unknown == "strValue":
            return "ValueOnUnknown set to string value while mapping produces int64."
        needed_in, needed_out = "stringType", "int64Type"
    elif kind == "int64ToStringMap":
        if unknown == "int64Value":
            return "ValueOnUnknown set to Int64 value while mapping produces string."
        needed_in, needed_out = "int64Type", "stringType"
    else:
        return "Mapping not set."
    description = proto.description
    problem = described_types_error(description.input, 1, (needed_in, "sequenceType")) or described_types_error(
        description.output, 1, (needed_out, "sequenceType")
    )
    if problem:
        return problem
    pair = _first_pair(proto)
    if pair is None or _kind(pair[0]) != "sequenceType":
        return None
    input_, output = pair
    if input_.type.sequenceType.WhichOneof("Type") != needed_in:
        return f"Input sequence type does not match input type {FEATURE_TYPE_NAMES[needed_in]}of categorical mapping."
    if _kind(output) != "sequenceType":
        return "Output of a sequence categorical mapping must be a sequence"
    if output.type.sequenceType.WhichOneof("Type") != needed_out:
        return f"Output sequence type does not match input type {FEATURE_TYPE_NAMES[needed_out]}of categorical mapping."
    return None


def feature_vectorizer_error(proto: Any) -> str | None:
    """validate<MLModelType_featureVectorizer> (FeatureVectorizerValidator.cpp) after its feature checks."""
    if any(element.inputDimensions <= 0 for element in proto.featureVectorizer.inputList):
        return "Dimension size must be greater tha zero."
    return None


def array_feature_extractor_error(proto: Any) -> str | None:
    """validate<MLModelType_arrayFeatureExtractor> (ArrayFeatureExtractorValidator.cpp) after its feature checks."""
    description = proto.description
    if len(description.input) != 1:
        return "Exactly one input array column must be specified."
    if (
        len(description.output)
        and _kind(description.output[0]) == "doubleType"
        and len(proto.arrayFeatureExtractor.extractIndex) != 1
    ):
        return "If output type is Double in interface, exactly one extraction index must be specified."
    return None


_ARRAY_TYPE_NAMES = {
    0: "INVALID",
    65568: "MLArrayDataTypeFLOAT32",
    65600: "MLArrayDataTypeDOUBLE",
    131104: "MLArrayDataTypeINT32",
    65552: "MLArrayDataTypeFLOAT16",
    131080: "MLArrayDataTypeINT8",
}
INT32 = 131104


def bayesian_probit_error(proto: Any) -> str | None:
    """validate<MLModelType_bayesianProbitRegressor> (BayesianProbitRegressionValidator.cpp): each input an
    INT32 multiarray of rank 1 or 2 (validateSchemaTypesIsMultiArray)."""
    for feature in proto.description.input:
        if _kind(feature) != "multiArrayType":
            return (
                f'Unsupported type "{FEATURE_TYPE_NAMES[_kind(feature)]}" for feature "{feature.name}". Should be of: '
                f"{FEATURE_TYPE_NAMES['multiArrayType']} with data type of: {_ARRAY_TYPE_NAMES[INT32]}.\n"
            )
        array = feature.type.multiArrayType
        if array.dataType != INT32:
            return (
                f'Unsupported array type "{_ARRAY_TYPE_NAMES.get(array.dataType, "")}" for feature "{feature.name}". '
                f"Should be of: {_ARRAY_TYPE_NAMES[INT32]}.\n"
            )
        if not 1 <= len(array.shape) <= 2:
            return f"Unsupported array rank {len(array.shape)} should be in range [1,2].\n"
    return None


TRANSFORMER_ERRORS = {
    "scaler": scaler_error,
    "imputer": imputer_error,
    "categoricalMapping": categorical_mapping_error,
    "featureVectorizer": feature_vectorizer_error,
    "arrayFeatureExtractor": array_feature_extractor_error,
    "bayesianProbitRegressor": bayesian_probit_error,
}
