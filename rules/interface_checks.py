"""ML103-ML116 (interface validity): feature descriptions Core ML's validator refuses at any version.

Part of the ML1 family registered by :mod:`mllint_rules.versions`: malformed
data types, states, default values, multi-function descriptions, shapes, opset
blocks, NMS element types and updatable flags, each with the validator's own
message.
"""

from __future__ import annotations

from typing import Any, Iterator

from mllint import Finding, Rule, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Feature, Model

from .validator_text import (
    INTERFACE_SOURCE,
    MODEL_SOURCE,
    NMS_SOURCE,
    VALIDATORS_SOURCE,
    array_dtype_name,
    interface_sets,
    uses_functions,
    validator_type_string,
    where,
)


# --------------------------------------------------------------------------- ML103


@model_rule(
    code="ML103",
    name="invalid-feature-data-type",
    severity="error",
    summary="A multiarray feature has no valid dataType, or an image feature has no valid colorSpace.",
    why="""
        Core ML needs every multiarray feature's element type (DOUBLE, FLOAT32, FLOAT16, INT32,
        INT8) and every image feature's colour space (RGB, BGR, GRAYSCALE, GRAYSCALE_FLOAT16).
        A spec written by hand or by an old tool often leaves `dataType` at 0
        (INVALID_ARRAY_DATA_TYPE); Core ML's validator refuses it.
    """,
    fix="""
        Set `type.multiArrayType.dataType` (usually FLOAT32) or `type.imageType.colorSpace` on the
        feature description, then save the spec again.
    """,
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (dataType and colorspace switches)",),
)
def invalid_feature_data_type(model: Model) -> Iterator[Finding]:
    """Looks at the dataType of every multiarray feature and the colorSpace of every image
    feature of the model.

    Example: an output `scores` whose multiArrayType has no dataType.
    """
    for feature in model.features:
        if feature.kind == "multiArrayType" and feature.dtype not in mf.VALID_ARRAY_DTYPES:
            yield Finding(
                f"Description of multiarray feature '{feature.name}' has an invalid or unspecified dataType. "
                f"It must be specified as DOUBLE, FLOAT32, FLOAT16 or INT32{where(model)}",
                location=feature.path,
            )
        elif feature.kind == "imageType" and feature.dtype not in mf.VALID_COLOR_SPACES:
            yield Finding(
                f"Description of image feature '{feature.name}' has missing or invalid colorspace. "
                f"It must be RGB, BGR or GRAYSCALE.{where(model)}",
                location=feature.path,
            )


# --------------------------------------------------------------------------- ML105


def _default_value_problem(feature: Feature) -> str | None:
    """The validator's complaint about a multiarray's default optional value, if any."""
    array = feature.proto.type.multiArrayType
    which = array.WhichOneof("defaultOptionalValue")
    dtype = array_dtype_name(array.dataType)
    mismatch = (
        f"Description of multiarray feature '{feature.name}' has mistmatch "
        "between dataType and the type of default optional value."
    )
    if which == "doubleDefaultValue" and dtype != "DOUBLE":
        return mismatch
    if which == "floatDefaultValue" and dtype not in ("FLOAT32", "FLOAT16"):
        return mismatch
    if which == "intDefaultValue":
        if dtype == "INT8" and not -128 <= array.intDefaultValue <= 127:
            return (
                f"The default optional value of multiarray feature '{feature.name}' is {array.intDefaultValue}, "
                "which is out of range for the data type INT8."
            )
        if dtype not in ("INT32", "INT8"):
            return mismatch
    return None


@model_rule(
    code="ML105",
    name="optional-default-value-invalid",
    severity="error",
    summary="A default value for an optional input that Core ML refuses: before spec 5, on a non-neural model, "
    "or of the wrong type.",
    why="""
        A multiarray may carry a default value that Core ML uses when an optional input is left
        out. The validator accepts it only on neural networks and ML programs, only from
        specification version 5 (iOS 14), and only when its type matches the array's dataType
        (double for DOUBLE, float for FLOAT32/FLOAT16, int for INT32/INT8 within -128..127).
    """,
    fix="""
        Set the model's version to 5 or later, make the default's type match the array's
        dataType, or remove the default (`ClearField('defaultOptionalValue')`).
    """,
    sources=(
        f"{INTERFACE_SOURCE} validateDefaultOptionalValues",
        f"{INTERFACE_SOURCE} validateFeatureDescription (defaultOptionalValue switch)",
    ),
)
def optional_default_value_invalid(model: Model) -> Iterator[Finding]:
    """Looks at the default optional value of every optional multiarray input (type and version)
    and of every multiarray feature (its type against the dataType).

    Example: a neural network at version 4 whose optional input `mask` has `floatDefaultValue`.
    """
    for feature in model.features:
        if feature.kind != "multiArrayType":
            continue
        problem = _default_value_problem(feature)
        if problem:
            yield Finding(problem + where(model), location=feature.path)
    for feature in model.inputs:  # the validator reads the top-level inputs only
        if not feature.optional or feature.proto.type.multiArrayType.WhichOneof("defaultOptionalValue") is None:
            continue
        if model.type not in mf.OPTIONAL_DEFAULT_TYPES:
            yield Finding(
                "Default optional values are only allowed for neural networks." + where(model),
                location=feature.path,
            )
        elif model.spec_version < mf.OPTIONAL_DEFAULT_VALUE.min_version:
            yield Finding(
                "Default value for optional inputs is supported from specification 5 (iOS 14) onwards! "
                f"(input '{feature.name}'; this model has version {model.spec_version}){where(model)}",
                location=feature.path,
            )


# --------------------------------------------------------------------------- ML107


def _state_problem(feature: Feature) -> str | None:
    """The first complaint of the validator about a state feature, in its order."""
    name = feature.name
    if feature.kind != "stateType":
        if feature.role == "state":
            return f"State feature description can declare only state features, but '{name}' is not."
        return None
    if feature.role not in ("state", "input"):
        return f"State feature '{name}' should only be declared in the state feature description."
    if feature.optional:
        return f"State feature '{name}' cannot be optional."
    array = feature.proto.type.stateType.arrayType
    if not array.shape:
        return f"Description of State feature '{name}' has missing shape constraints."
    for index, value in enumerate(array.shape):
        if value < 0:
            return (
                f"Description of State feature '{name}' has an invalid shape. "
                f"Element {index} has non-positive value {value}."
            )
    if array_dtype_name(array.dataType) not in mf.VALID_STATE_DTYPES:
        return (
            f"Description of State feature '{name}' has an invalid or unspecified dataType. "
            "It must be specified as FLOAT16"
        )
    if array.WhichOneof("ShapeFlexibility") is not None:
        return f"State feature '{name}' cannot have flexible shape."
    if array.WhichOneof("defaultOptionalValue") is not None:
        return f"State feature '{name}' cannot have default optional value."
    return None


@model_rule(
    code="ML107",
    name="state-feature-invalid",
    severity="error",
    summary="A state feature that is optional, shapeless, flexible, defaulted, not FLOAT16/INT8, or declared "
    "outside the states.",
    why="""
        Core ML allocates a state's buffer once, from its declared shape and type: a state must
        be a fixed-shape FLOAT16 (or INT8) array, never optional, with no default value, and be
        declared among the model's states (or, for backward compatibility, its inputs). The
        validator refuses anything else, and refuses a non-state feature listed as a state.
    """,
    fix="""
        Declare the state with `ct.StateType(wrapped_type=ct.TensorType(shape=..., dtype=np.float16))`
        and a fixed shape; keep it out of the outputs.
    """,
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (state checks)",),
)
def state_feature_invalid(model: Model) -> Iterator[Finding]:
    """Looks at every state feature (and every feature listed among the states) and reports the
    first problem the validator would, per feature.

    Example: a state `kv_cache` declared FLOAT32: "It must be specified as FLOAT16".
    """
    for feature in model.features:
        problem = _state_problem(feature)
        if problem:
            yield Finding(problem + where(model), location=feature.path)


# --------------------------------------------------------------------------- ML109

# ModelDescription field, how the validator names it, where mllint reports it.
_TOP_LEVEL_FIELDS = (
    ("input", "input feature description", "inputs"),
    ("output", "output feature description", "outputs"),
    ("state", "state feature description", "states"),
    ("predictedFeatureName", "predictedFeatureName field", ""),
    ("predictedProbabilitiesName", "predictedProbabilitiesName field", ""),
    ("trainingInput", "training input feature description", "training_inputs"),
)


@model_rule(
    code="ML109",
    name="multifunction-description-invalid",
    severity="error",
    summary="A multi-function description Core ML refuses: wrong model type, top-level features, or an unknown "
    "default function.",
    why="""
        Only ML programs may have several functions. A multi-function model describes its
        interface per function, so the top-level inputs, outputs, states, training inputs and
        predicted-feature names must be empty, and `defaultFunctionName` must name one of the
        functions. Core ML's validator refuses the model otherwise.
    """,
    fix="""
        Build multi-function models with `ct.utils.MultiFunctionDescriptor` and
        `ct.utils.save_multifunction`, which fill the per-function descriptions and the default
        function name.
    """,
    sources=(
        f"{INTERFACE_SOURCE} validateModelLevelFeatureDescriptionsAreEmpty, validateMultiFunctionDescription",
    ),
)
def multifunction_description_invalid(model: Model) -> Iterator[Finding]:
    """Looks at models that declare functions or a default function name: their type, the
    top-level description fields, and the default function name.

    Example: `defaultFunctionName: "main"` with functions `prefill` and `decode`.
    """
    if not uses_functions(model):
        return
    description = model.proto.description
    for field, label, folder in _TOP_LEVEL_FIELDS:
        value = getattr(description, field)
        if value:  # a non-empty list or string
            yield Finding(
                f"Multi-function model must not use top level {label}.{where(model)}",
                location=model.location(folder),
            )
    if model.type not in mf.MULTI_FUNCTION_TYPES:
        yield Finding(f"This model type doesn't support multi-function syntax.{where(model)}", location=model.path)
        return
    names = [function.name for function in description.functions]
    if description.defaultFunctionName not in names:
        yield Finding(
            f"The default function name '{description.defaultFunctionName}' is not found in the function name "
            f"list: {','.join(names)}{where(model)}",
            location=model.location("functions"),
        )


# --------------------------------------------------------------------------- ML110


@model_rule(
    code="ML110",
    name="empty-interface",
    severity="error",
    summary="A model (or function) with no inputs (allowed only from spec 9, and only for some types) or no outputs.",
    why="""
        Core ML's validator refuses a model without outputs, and a model without inputs unless
        it is a neural network, pipeline or ML program at specification version 9 (iOS 18) or
        later. In a multi-function model each function is checked.
    """,
    fix="""
        Give the model an input (a dummy scalar if needed) or convert with
        `minimum_deployment_target=ct.target.iOS18`; declare every output the model produces.
    """,
    sources=(f"{VALIDATORS_SOURCE} validateFeatureDescriptions", f"{MODEL_SOURCE} modelTypeAllowsEmptyInput"),
)
def empty_interface(model: Model) -> Iterator[Finding]:
    """Looks at the input and output lists of the model description, or of each function of a
    multi-function model.

    Example: a constant-producing ML program with no inputs at version 8.
    """
    for location, inputs, outputs in interface_sets(model):
        if not inputs:
            if model.type not in mf.EMPTY_INPUT_TYPES:
                yield Finding(f"Models must have one or more inputs.{where(model)}", location=location)
            elif model.spec_version < mf.EMPTY_INPUT.min_version:
                yield Finding(
                    f"Empty input is only valid in specification verison >= {mf.EMPTY_INPUT.min_version}. "
                    f"This model has version {model.spec_version}{where(model)}",
                    location=location,
                )
        if not outputs:
            yield Finding(f"Models must have one or more outputs.{where(model)}", location=location)


# --------------------------------------------------------------------------- ML111


def _image_default_size(image: Any, version: int) -> tuple[int, int]:
    """The width and height Core ML falls back to (InterfaceValidators.cpp, image case)."""
    width, height = int(image.width), int(image.height)
    if version < mf.FLEXIBLE_SHAPES.min_version or (width > 0 and height > 0):
        return width, height
    flexibility = image.WhichOneof("SizeFlexibility")
    if flexibility == "enumeratedSizes" and image.enumeratedSizes.sizes:
        first = image.enumeratedSizes.sizes[0]
        return int(first.width), int(first.height)
    if flexibility == "imageSizeRange":
        return int(image.imageSizeRange.widthRange.lowerBound), int(image.imageSizeRange.heightRange.lowerBound)
    return width, height


@model_rule(
    code="ML111",
    name="feature-shape-missing",
    severity="error",
    summary="A multiarray input without a shape, or an image feature without a width or height.",
    why="""
        Core ML needs a default shape for every multiarray input and a default size for every
        image feature: an explicit `shape` / `width` and `height`, or (from spec version 3) a
        flexible-shape range or enumeration to take one from. Below version 3 the validator
        ignores flexible shapes altogether. A missing default makes the validator refuse the model.
    """,
    fix="""
        Give the input a fixed `shape` (e.g. `ct.TensorType(shape=(1, 3, 224, 224))`) or a
        flexible range/enumeration with spec version 3 or later; give images a width and height.
    """,
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (missing shape constraints, image width/height)",),
)
def feature_shape_missing(model: Model) -> Iterator[Finding]:
    """Looks at every multiarray input (shape, or flexibility from version 3) and every image
    feature (width and height, or flexibility from version 3).

    Example: an input `x` of type multiArray FLOAT32 with no shape at all.
    """
    version = model.spec_version
    for feature in model.features:
        if feature.kind == "multiArrayType" and feature.role == "input":
            array = feature.proto.type.multiArrayType
            flexible = version >= mf.FLEXIBLE_SHAPES.min_version and array.WhichOneof("ShapeFlexibility")
            if not array.shape and not flexible:
                yield Finding(
                    f"Description of multiarray feature '{feature.name}' has missing shape constraints.{where(model)}",
                    location=feature.path,
                )
        elif feature.kind == "imageType":
            image = feature.proto.type.imageType
            width, height = _image_default_size(image, version)
            if width <= 0:
                yield Finding(
                    f"Description of image feature '{feature.name}' has missing or non-positive width "
                    f"{image.width}.{where(model)}",
                    location=feature.path,
                )
            elif height <= 0:
                yield Finding(
                    f"Description of image feature '{feature.name}' has missing or non-positive height "
                    f"{image.height}.{where(model)}",
                    location=feature.path,
                )


# --------------------------------------------------------------------------- ML113


@model_rule(
    code="ML113",
    name="mlprogram-opset-block-missing",
    severity="error",
    summary="An ML program function's `opset` names no block in its `block_specializations`.",
    why="""
        A MIL function keeps one block per opset in `block_specializations` and runs the one its
        `opset` names; MIL.proto says the key must exist. Without it the function has no body:
        coremltools refuses to load it ("Missing block specialization for opset ...") and so
        does Core ML.
    """,
    fix="""
        Set the function's `opset` to the key of the block it should run (usually the only key),
        or re-convert the model.
    """,
    sources=(
        "apple/coremltools mlmodel/format/MIL.proto (Function.opset: this key must exist in block_specializations)",
        "apple/coremltools coremltools/converters/mil/frontend/milproto/load.py _load_function",
    ),
)
def mlprogram_opset_block_missing(model: Model) -> Iterator[Finding]:
    """Looks at each function of an ML program: its `opset` must be a key of its
    `block_specializations`.

    Example: `opset: "CoreML7"` with `block_specializations: {"CoreML6": ...}` after a hand edit.
    """
    if model.type != "mlProgram":
        return
    for name, function in sorted(model.body.functions.items()):
        if function.opset not in function.block_specializations:
            blocks = ", ".join(sorted(function.block_specializations)) or "none"
            yield Finding(
                f"Missing block specialization for opset {function.opset} "
                f"(function '{name}' has blocks for: {blocks}){where(model)}",
                location=model.location(name),
            )


# --------------------------------------------------------------------------- ML115


def _nms_features(model: Model) -> dict[str, Feature] | None:
    """The NMS model's four array features by role, or None if one is missing or not an array."""
    nms = model.body
    inputs = {f.name: f for f in model.inputs}
    outputs = {f.name: f for f in model.outputs}
    found = {
        "input confidence": inputs.get(nms.confidenceInputFeatureName),
        "output confidence": outputs.get(nms.confidenceOutputFeatureName),
        "input coordinates": inputs.get(nms.coordinatesInputFeatureName),
        "output coordinates": outputs.get(nms.coordinatesOutputFeatureName),
    }
    if any(f is None or f.kind != "multiArrayType" for f in found.values()):
        return None
    return found  # type: ignore[return-value]


@model_rule(
    code="ML115",
    name="nms-element-type",
    severity="error",
    summary="A NonMaximumSuppression model's confidence/coordinates arrays are of mixed types, not DOUBLE below "
    "spec 5, or neither DOUBLE nor FLOAT32.",
    why="""
        Core ML's NonMaximumSuppression model needs its input and output `confidence` and
        `coordinates` arrays to share one element type: DOUBLE, or from specification version 5
        (iOS 14) also FLOAT32. FLOAT16 is refused at every version, so an NMS model that copies
        a float16 detector's outputs fails to load even at version 7.
    """,
    fix="""
        Declare all four NMS arrays FLOAT32 (spec version 5 or later) or DOUBLE, and make the
        detector in front of it output the same type.
    """,
    sources=(f"{NMS_SOURCE} (element type checks)", "ultralytics/ultralytics#19953"),
)
def nms_element_type(model: Model) -> Iterator[Finding]:
    """Looks at the four arrays a nonMaximumSuppression model names (confidence and coordinates,
    in and out) and checks their dataType the way the NMS validator does.

    Example: an NMS model at version 4 with FLOAT32 arrays: "must be MultiArray<DOUBLE> for
    model specification version earlier than 5".
    """
    if model.type != "nonMaximumSuppression":
        return
    features = _nms_features(model)
    if features is None:
        return
    types = {role: f.proto.type.multiArrayType.dataType for role, f in features.items()}
    shown = {role: validator_type_string(f.proto.type) for role, f in features.items()}
    listing = (
        f"'input confidence' is {shown['input confidence']}, "
        f"'output confidence' is {shown['output confidence']}, "
        f"'input coordinates' are {shown['input coordinates']}, "
        f"and 'output coordinates' are {shown['output coordinates']}."
    )
    location = features["input confidence"].path
    first = array_dtype_name(types["input confidence"])
    if len(set(types.values())) > 1:
        message = f"'confidence' and 'coordinates' must use a same element type, but {listing}"
    elif model.spec_version >= mf.NMS_FLOAT32.min_version:
        if first in ("DOUBLE", "FLOAT32"):
            return
        message = (
            "The element data type of 'confidence' and 'coordinates' must be either MultiArray<DOUBLE> or "
            f"MultiArray<FLOAT32>, but {listing}"
        )
    else:
        if first == "DOUBLE":
            return
        needed = mf.NMS_FLOAT32.min_version
        message = (
            "The element data type of 'confidence' and 'coordinates' must be MultiArray<DOUBLE> for model "
            f"specification version earlier than {needed}, but {listing} To enable MultiArray<FLOAT32>, use the "
            f"model specification version {needed} or later."
        )
    yield Finding(message + where(model), location=location)


# --------------------------------------------------------------------------- ML116

_UPDATABLE_TYPES = frozenset(
    {"neuralNetwork", "neuralNetworkRegressor", "neuralNetworkClassifier", "kNearestNeighborsClassifier",
     "pipeline", "pipelineRegressor", "pipelineClassifier"}
)  # Model.cpp / InterfaceValidators.cpp validateCanModelBeUpdatable


@model_rule(
    code="ML116",
    name="updatable-model-invalid",
    severity="error",
    summary="A model marked updatable below spec version 4 (iOS 13), or of a type that cannot be updated on device.",
    why="""
        On-device training (`isUpdatable`) exists from specification version 4, and only for
        neural networks, k-nearest-neighbours classifiers and pipelines of them. Core ML's
        validator refuses other updatable models.
    """,
    fix="Set `specificationVersion` to 4 or later, or clear `isUpdatable` on models that cannot be trained.",
    sources=(f"{MODEL_SOURCE} validateGeneric", f"{INTERFACE_SOURCE} validateCanModelBeUpdatable"),
)
def updatable_model_invalid(model: Model) -> Iterator[Finding]:
    """Looks at `isUpdatable` on each model: its version and its type.

    Example: an updatable neural network saved at version 1.
    """
    if not model.proto.isUpdatable:
        return
    needed = mf.UPDATABLE.min_version
    if model.spec_version < needed:
        yield Finding(
            f"Model specification version for an updatable model must be '{needed}' or above. "
            f"(this model has version {model.spec_version}){where(model)}",
            location=model.path,
        )
    elif model.type not in _UPDATABLE_TYPES:
        yield Finding(f"This model type is not supported for on-device update.{where(model)}", location=model.path)


RULES: tuple[Rule, ...] = (
    invalid_feature_data_type,
    optional_default_value_invalid,
    state_feature_invalid,
    multifunction_description_invalid,
    empty_interface,
    feature_shape_missing,
    mlprogram_opset_block_missing,
    nms_element_type,
    updatable_model_invalid,
)
