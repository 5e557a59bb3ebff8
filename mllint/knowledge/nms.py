"""Non-maximum suppression in Core ML: its three forms, their thresholds, and known traps.

Sources:
- ``mlmodel/format/NonMaximumSuppression.proto`` (the model type, ``Model`` field 610) and
  ``mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp`` (coremltools 9.0);
- ``mlmodel/format/NeuralNetwork.proto`` ``NonMaximumSuppressionLayerParams`` (layer 1400);
- coremltools ``ops/defs/iOS15/tensor_operation.py`` ``non_maximum_suppression`` (iOS17
  drops ``score_threshold``);
- ultralytics/ultralytics#22309 and PR #22310 (80-class padding workaround).
"""

from __future__ import annotations

from typing import NamedTuple

NMS_MODEL_TYPE = "nonMaximumSuppression"  # Model.proto oneof Type, field 610


class NmsForm(NamedTuple):
    """One way a model can carry NMS, and where its thresholds live."""

    type_name: str  # model type, NN layer oneof name or MIL op type
    label: str  # how messages name it
    iou: str  # the IoU threshold parameter / argument
    score: str | None  # the score threshold parameter / argument (None: the form has none)
    source: str


NMS_FORMS: dict[str, NmsForm] = {
    NMS_MODEL_TYPE: NmsForm(
        NMS_MODEL_TYPE,
        "a NonMaximumSuppression model",
        "iouThreshold",
        "confidenceThreshold",
        "NonMaximumSuppression.proto fields 110, 111",
    ),
    "NonMaximumSuppression": NmsForm(
        "NonMaximumSuppression",
        "a NeuralNetwork NonMaximumSuppression layer",
        "iouThreshold",
        "scoreThreshold",
        "NeuralNetwork.proto NonMaximumSuppressionLayerParams fields 1, 2",
    ),
    "non_maximum_suppression": NmsForm(
        "non_maximum_suppression",
        "an ML program non_maximum_suppression op",
        "iou_threshold",
        "score_threshold",
        "coremltools ops/defs/iOS15/tensor_operation.py (iOS17 has no score_threshold)",
    ),
}

# The NMS layers and ops (not the model type), for op-level lookups.
NMS_OP_TYPES = frozenset(t for t in NMS_FORMS if t != NMS_MODEL_TYPE)

# NeuralNetwork NMS layer: inputs 3 and 4, when present, replace iouThreshold and scoreThreshold
# (NeuralNetwork.proto, comment above NonMaximumSuppressionLayerParams).
NN_NMS_OVERRIDE_INPUT = {"iouThreshold": 2, "scoreThreshold": 3}

# NonMaximumSuppressionValidator.cpp: the ranges the validator enforces, and its messages.
VALIDATOR_IOU_MESSAGE = "iouThreshold must be a value between 0.0 and 1.0."
VALIDATOR_CONFIDENCE_MESSAGE = (
    "confidenceThreshold must be a non-negative value. If you do not want to eliminate any predictions "
    "based on confidence, set it to 0.0."
)


def validator_label_count_message(labels: int, confidence_dim: int | None) -> str:
    """The validator's message when class labels disagree with the confidence output's dimension 1."""
    if confidence_dim is None:
        return (
            f"Number of classes is not consistent for class labels ({labels}) and dimension 1 of output "
            "confidence shape range"
        )
    return (
        f"Number of classes is not consistent for class labels ({labels}) and dimension 1 of output "
        f"confidence shape ({confidence_dim})"
    )


# Core ML's NMS after an ML program returns wrong or missing boxes unless the class
# dimension is a multiple of 80; Ultralytics pads the scores with zeros (PR #22310,
# "Pads class scores to the next multiple of 80 for MLProgram exports when NMS is enabled").
CLASS_DIMENSION_MULTIPLE = 80
CLASS_PADDING_SOURCE = "ultralytics/ultralytics#22309 (fixed by padding in PR #22310)"


# What makes a NonMaximumSuppression model with FLOAT16 arrays load (ML101 on an NMS model, ML115).
# Its validator accepts only DOUBLE, or from spec 5 FLOAT32, at every version
# (apple/coremltools mlmodel/src/Validation/NonMaximumSuppressionValidator.cpp), so raising the
# version never helps. Ultralytics copies the detector's outputs into the NMS model
# (ultralytics/ultralytics engine/exporter.py _pipeline_coreml); since PR #20042 (the fix for
# ultralytics/ultralytics#19953, 2025-04-06) and `ultralytics 8.3.106` (PR #20100) it converts the
# detector without an iOS16 target, so those outputs stay FLOAT32. coremltools'
# `utils.change_input_output_tensor_type` (coremltools/models/utils.py) casts an ML program's
# outputs; a pipeline built this way passes Core ML's validator (checked with mllint's fixture
# builder and the open-source validator), as does the output of `mllint fix` (mllint/fixing).
NMS_FLOAT32_FIX = """
    Make the NMS model's four arrays (confidence and coordinates, in and out) FLOAT32 with spec
    version 5 or later, or DOUBLE: FLOAT16 is refused at every version, so raising the version
    alone does not help. They are copies of the detector's outputs, so make those FLOAT32.

    To repair this model as it is: `mllint fix MODEL.mlpackage -o fixed.mlpackage` (its safe
    `nms-float32` fix casts the detector's outputs to FLOAT32; docs/fix-and-diff.md).

    With Ultralytics: upgrade (`pip install -U "ultralytics>=8.3.106"`) and export again with
    `nms=True`; since ultralytics/ultralytics#20042 the detector's outputs, and so the NMS
    arrays, are FLOAT32.

    With coremltools: cast the detector's outputs before building the NMS model from them:

        import coremltools as ct
        from coremltools.proto.FeatureTypes_pb2 import ArrayFeatureType
        detector = ct.utils.change_input_output_tensor_type(
            detector, from_type=ArrayFeatureType.FLOAT16, to_type=ArrayFeatureType.FLOAT32)
"""
