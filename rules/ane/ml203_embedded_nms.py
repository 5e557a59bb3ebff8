"""ML203 embedded-nms: non-maximum suppression inside the model (NMS model, layer or op)."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.nms import NMS_FORMS, NMS_MODEL_TYPE
from mllint.view import Model

from .nms_model import nms_ops, upstream_of


def _place_in_pipeline(model: Model) -> str:
    if model.parent is None or model.index is None:
        return "(the whole model)"
    steps = len(model.parent.sub_models)
    upstream = upstream_of(model, model.body.confidenceInputFeatureName)
    after = f", after {upstream.model.type} {upstream.model.display_path}" if upstream else ""
    return f"(pipeline step {model.index + 1} of {steps}{after})"


# What every ML203 message adds: where NMS stands with the estimate, and what is frozen.
OUTSIDE_THE_ESTIMATE = (
    "outside the Neural Engine estimate; its thresholds, class handling and output shape are fixed at export"
)


@model_rule(
    code="ML203",
    name="embedded-nms",
    severity="warning",
    heuristic=True,
    summary="Non-maximum suppression runs inside the model (NMS model in a pipeline, NMS layer or NMS op).",
    why="""
        mllint's Neural Engine estimate leaves NMS out: a NonMaximumSuppression model is not a neural
        network (it is never compiled for the ANE), and no public measurement says where Core ML runs
        an NMS layer or op, so the estimate's share and verdict say nothing about that step. What is
        known is what embedding it costs: the IoU and confidence thresholds, the class-aware
        (perClass) suppression and the label list are baked in at export, and the output has a fixed
        shape (a padded box count, a confidence per class). Exports with embedded NMS are behind a series
        of field reports: wrong or missing boxes unless classes are padded to 80, confidences always
        1.0, class mix-ups, and slow post-processing inside Core ML.
    """,
    fix="""
        Export the detector without NMS (Ultralytics: `nms=False`) and suppress boxes in app code, where
        thresholds and class-agnostic suppression are yours to choose. Keep the embedded NMS only if you
        need Vision's VNRecognizedObjectObservation results, which require it.
    """,
    evidence="device-report",
    sources=(
        "ultralytics/ultralytics#22309 and PR #22310 (missing or wrong boxes with nms=True)",
        "ultralytics/ultralytics#19857 (confidence always 1.0)",
        "ultralytics/ultralytics#8118 (NMS is class-aware)",
        "MultimediaTechLab/YOLO#46 (speed drops with the post-processing in Core ML)",
    ),
)
def embedded_nms(model: Model) -> Iterator[Finding]:
    """Looks for the three forms of NMS: a model of type `nonMaximumSuppression` anywhere in
    the tree, a NeuralNetwork `NonMaximumSuppression` layer, an ML program
    `non_maximum_suppression` op. The message names the form and where it sits.

    Example: an Ultralytics `export(format="coreml", nms=True)` is a pipeline
    [mlProgram, nonMaximumSuppression]: "non-maximum suppression runs in a
    NonMaximumSuppression model (pipeline step 2 of 2, after mlProgram models[0])".
    """
    if model.type == NMS_MODEL_TYPE:
        yield Finding(
            f"non-maximum suppression runs in {NMS_FORMS[NMS_MODEL_TYPE].label} {_place_in_pipeline(model)}: "
            + OUTSIDE_THE_ESTIMATE,
            location=model.path,
        )
    for op in nms_ops(model):
        where = f"function '{op.graph.name}'" if op.is_mil else "the neural network's layers"
        yield Finding(
            f"non-maximum suppression runs in {NMS_FORMS[op.type].label} ({where}): " + OUTSIDE_THE_ESTIMATE,
            location=op.path,
        )
