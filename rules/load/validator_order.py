"""Where each ported check sits in the order Core ML's validator makes its checks, as a finding's ``order``.

Core ML's validator stops at its first complaint, so the ML1 rules give each finding an ``order``
(:class:`mllint.Finding`): the report lists those first, sorted by it, and its first ML1 error is
the one Core ML reports. The order follows apple/coremltools ``mlmodel/src/Model.cpp``
``Model::validate``:

1. ``validateGeneric``: the specification version (missing, then too new); the model description
   (``InterfaceValidators.cpp validateModelDescription``: a multi-function model's top level, its
   functions, then ``Validators.hpp validateFeatureDescriptions`` on each description: no inputs, no
   outputs, then each input, output and state in turn, each through ``validateFeatureDescription``'s
   checks in their order); the updatable flags; ``validateOptional``.
2. The type's own validator (``validate<MLModelType_...>``): its steps are numbered by the rules that
   port them (e.g. :data:`NN_CLASSIFIER_INTERFACE` ... :data:`NN_OUTPUTS_PRODUCED` for a neural network).
   ``PipelineValidator.cpp validate`` checks each sub-model's inputs and then validates that sub-model
   (``Model::validate``) before the next one, so a sub-model's order is its pipeline's
   (:data:`TYPE`, :data:`PIPELINE_MODELS`, index, :data:`SUB_MODEL_VALIDATE`) followed by its own.
"""

from __future__ import annotations

from typing import Any

from mllint.view import Feature, Model

# Model::validate, validateGeneric first.
VERSION_MISSING, VERSION_TOO_NEW, DESCRIPTION, UPDATABLE, OPTIONAL, TYPE = range(6)

# validateModelDescription: a multi-function model's top level, the functions, then the default name.
TOP_LEVEL_NOT_EMPTY, MULTI_FUNCTION_UNSUPPORTED, MULTI_FUNCTION_VERSION, FEATURES, DEFAULT_FUNCTION = range(5)
# validateFeatureDescriptions on one description (the model's, or one function's).
NO_INPUTS, NO_OUTPUTS, EACH_FEATURE = range(3)
ROLES = ("input", "output", "state")

# validateFeatureDescription's checks in its order; names as validator_interface.Complaint.check, plus
# the parts other rules port (ML101 float16, ML102 int8, ML103 dtype/colorspace, ML104 sequence
# version, ML105 default value, ML106/ML107 states, ML111 missing sizes).
FEATURE_CHECKS: tuple[str, ...] = (
    "name-empty",
    "type-missing",
    "state-misplaced",
    # multiarray
    "enumerated-empty",
    "enumerated-rank-0",
    "enumerated-default",
    "range-invalid",
    "range-rank",
    "range-default",
    "shape-missing",
    "shape-negative",
    "dtype-float16",
    "dtype-int8",
    "dtype-invalid",
    "default-value",
    # dictionary
    "dictionary-key",
    # image
    "image-enumerated-empty",
    "image-enumerated-default",
    "image-range",
    "image-range-default",
    "image-size",
    "colorspace-float16",
    "colorspace-invalid",
    # sequence
    "sequence-version",
    "sequence-range",
    "sequence-type",
    # state
    "state-version",
    "state-optional",
    "state-shape-missing",
    "state-shape-negative",
    "state-dtype",
    "state-flexible",
    "state-default",
    "type-unset",
)

# validateOptional: default optional values (ML105), then inputs (ML131), then outputs (ML131).
OPTIONAL_DEFAULT_VALUES, OPTIONAL_INPUTS, OPTIONAL_OUTPUTS = range(3)

# PipelineValidator.cpp validate.
PIPELINE_EMPTY, PIPELINE_MODELS, PIPELINE_OUTPUTS, PIPELINE_UPDATABLE, PIPELINE_NAMES = range(5)
SUB_MODEL_INPUTS, SUB_MODEL_VALIDATE = range(2)

# The type validators' steps as the rules port them: checks a validator makes before looking at the
# features (a word tagger's output names, ML145), feature counts and kinds (ML135), the classifier or
# regressor interface (ML133; a GLM checks its feature kinds after it: (TYPE_INTERFACE, 1)), then the
# type's own parameters (ML134, ML136, ML137, ML139-ML145).
TYPE_PRELUDE, TYPE_FEATURE_TYPES, TYPE_INTERFACE, TYPE_PARAMETERS = range(4)
# NeuralNetworkValidator.cpp: validate<neuralNetwork*> then validateNeuralNetworkTopLevel.
NN_CLASSIFIER_INTERFACE = TYPE_INTERFACE  # ML133, or a plain network's output kinds (ML132)
NN_TOP_LEVEL = 3  # shape mappings (ML121), then layers present, input kinds and ranks (ML132)
NN_LAYERS = 4  # validateNeuralNetwork: layer by layer (nn_blob_walk), LAYER_* below
NN_UPDATABLE = 5
NN_OUTPUTS_PRODUCED = 6  # ML122
# NonMaximumSuppressionValidator.cpp: names, kinds and thresholds (ML136) then element types (ML115); ML136's
# port stops where ML115's checks fail, so its complaint always comes before them.
NMS_NAMES_AND_SHAPES, NMS_ELEMENT_TYPES = range(2)
# validateNeuralNetwork, one layer: tensors, validateLayer, its inputs present (ML124), outputs unique (ML123).
LAYER_TENSORS, LAYER_VALIDATE, LAYER_INPUTS, LAYER_OUTPUTS = range(4)
TOP_LEVEL_MAPPING, TOP_LEVEL_NETWORK = range(2)


def model_order(model: Model) -> tuple[int, ...]:
    """Where the validation of ``model`` starts: () for the root, inside its pipeline's walk otherwise."""
    if model.parent is None:
        return ()
    return (*model_order(model.parent), TYPE, TYPE_PARAMETERS, PIPELINE_MODELS, model.index or 0, SUB_MODEL_VALIDATE)


def step(model: Model, *steps: int) -> tuple[int, ...]:
    """The order of a check of ``model`` made at ``steps`` of its own validation."""
    return model_order(model) + steps


def feature_order(model: Model, feature: Feature, check: str) -> tuple[int, ...]:
    """The order of ``check`` (a name in :data:`FEATURE_CHECKS`) of validateFeatureDescription on ``feature``."""
    function_index, role, index = _feature_position(model, feature)
    return description_order(model, function_index, role, index, check)


def description_order(model: Model, function_index: int, role: int, index: int, check: str) -> tuple[int, ...]:
    """The order of ``check`` on the ``index``-th feature of role ``role`` (index in :data:`ROLES`) of the
    model's description (``function_index`` 0) or of its ``function_index``-th function."""
    return step(model, DESCRIPTION, FEATURES, function_index, EACH_FEATURE, role, index, FEATURE_CHECKS.index(check))


def _feature_position(model: Model, feature: Feature) -> tuple[int, int, int]:
    """(function index or 0, role index, index in its list) of a feature of ``model``."""
    description = model.proto.description
    if feature.role not in ROLES:
        return 0, len(ROLES), 0
    role = ROLES.index(feature.role)
    if feature.path.startswith(model.location("functions") + "/"):
        for function_index, function in enumerate(description.functions):
            if feature.path.startswith(model.location("functions", function.name, f"{feature.role}s") + "/"):
                return function_index, role, _index(getattr(function, feature.role), feature.proto)
        return 0, role, 0
    return 0, role, _index(getattr(description, feature.role), feature.proto)


def _index(descriptions: Any, wanted: Any) -> int:
    """The position of the first description equal to ``wanted`` (a list may repeat a name with other types;
    equal copies share their complaints, and the validator stops at the first)."""
    for index, description in enumerate(descriptions):
        if description == wanted:
            return index
    return 0
