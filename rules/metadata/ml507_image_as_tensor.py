"""ML507 image-as-tensor: a [1, 3, H, W] float multiarray input feeding a convolution, probably meant as an image."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Feature, Model

from .interface_facts import reaches_convolution

# An input of this size or more per side is a picture, not a small feature map.
MIN_IMAGE_SIDE = 32


def _looks_like_image_tensor(feature: Feature) -> bool:
    if feature.array is None or feature.dtype not in ("FLOAT32", "DOUBLE"):
        return False
    shape = feature.shape
    if len(shape) == 4 and shape[0] == 1:
        shape = shape[1:]
    return len(shape) == 3 and shape[0] == 3 and min(shape[1:]) >= MIN_IMAGE_SIDE


@model_rule(
    code="ML507",
    name="image-as-tensor",
    severity="info",
    heuristic=True,
    summary="A [1, 3, H, W] float multiarray input feeds a convolution: probably meant as an image.",
    why="""
        With a multiarray input the app must resize the picture, convert it to planar float RGB and
        normalise it itself, for every frame, on the CPU. An ImageType input takes a CVPixelBuffer
        or CGImage directly, Vision can crop and scale for it, and the scale and bias run inside
        the model.
    """,
    fix="""
        Convert with `inputs=[ct.ImageType(name=..., shape=(1, 3, H, W), scale=..., bias=...)]`
        instead of a TensorType (ultralytics: export without `dynamic=True`, or keep the tensor if
        the app already produces one).
    """,
    evidence="apple-statement",
    sources=("coremltools docs: Image Input and Output", "coremltools converters/mil/input_types.py: ImageType"),
)
def image_as_tensor(model: Model) -> Iterator[Finding]:
    """Fires for a FLOAT32 or DOUBLE multiarray input shaped [1, 3, H, W] (or [3, H, W]) with H and
    W of at least 32 that reaches a convolution, looking through casts, transposes and constant
    arithmetic. A [1, 1, H, W] input is left alone: it is as often a spectrogram as a grey image.

    Example: ultralytics `export(format="coreml", dynamic=True)` gives `image` as
    multiArray FLOAT32 [1, 3, 640, 640].
    """
    for feature in model.inputs:
        if not _looks_like_image_tensor(feature):
            continue
        conv = reaches_convolution(model, feature.name)
        if conv is not None:
            shape = ", ".join(str(d) for d in feature.shape)
            yield Finding(
                f"input '{feature.name}' is a {feature.dtype} multiarray [{shape}] that feeds {conv.type}"
                f" '{conv.name}': an ImageType input would take pixel buffers directly",
                location=feature.path,
            )
