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

from dataclasses import dataclass

NMS_MODEL_TYPE = "nonMaximumSuppression"  # Model.proto oneof Type, field 610


@dataclass(frozen=True)
class NmsForm:
    """One way a model can carry NMS, and where its thresholds live."""

    type_name: str  # model type, NN layer oneof name or MIL op type
    label: str  # how messages name it
    iou: str  # the IoU threshold parameter / argument
    score: str | None  # the score threshold parameter / argument (None: the form has none)
    source: str


NMS_FORMS: dict[str, NmsForm] = {
    NMS_MODEL_TYPE: NmsForm(
        NMS_MODEL_TYPE, "a NonMaximumSuppression model", "iouThreshold", "confidenceThreshold",
        "NonMaximumSuppression.proto fields 110, 111",
    ),
    "NonMaximumSuppression": NmsForm(
        "NonMaximumSuppression", "a NeuralNetwork NonMaximumSuppression layer", "iouThreshold", "scoreThreshold",
        "NeuralNetwork.proto NonMaximumSuppressionLayerParams fields 1, 2",
    ),
    "non_maximum_suppression": NmsForm(
        "non_maximum_suppression", "an ML program non_maximum_suppression op", "iou_threshold", "score_threshold",
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
