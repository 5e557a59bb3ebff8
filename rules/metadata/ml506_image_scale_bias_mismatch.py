"""ML506 image-scale-bias-mismatch: an image input's bias and scale look written for different pixel ranges."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .interface_facts import PixelTransform, image_inputs, image_transform

# Beyond these ratios between the bias and the span of the scaled pixel values
# (255 * scale), the bias and the scale look like they were written for different
# pixel ranges: -123.68 after scale=1/255, or -0.485 with no scale.
BIAS_TOO_LARGE = 4.0
BIAS_TOO_SMALL = 0.01


def _format_number(value: float) -> str:
    return f"{value:.6g}"


def bias_mismatch(transform: PixelTransform) -> str | None:
    span = 255.0 * abs(transform.scale)
    if span == 0:
        return None
    largest = max(abs(b) for b in transform.bias)
    if largest == 0:
        return None
    biases = ", ".join(_format_number(b) for b in transform.bias)
    pixels = f"pixels scaled by {_format_number(transform.scale)} span 0..{_format_number(span)}"
    if largest > BIAS_TOO_LARGE * span:
        return f"{pixels} but the bias is [{biases}]: a bias for 0-255 pixels applied after scaling"
    if largest < BIAS_TOO_SMALL * span:
        return f"{pixels} but the bias is only [{biases}]: a bias for [0, 1] pixels applied without scaling"
    return None


@model_rule(
    code="ML506",
    name="image-scale-bias-mismatch",
    severity="warning",
    heuristic=True,
    summary="An image input's bias and scale look written for different pixel ranges.",
    why="""
        Core ML computes `scale * pixel + bias` with pixels in 0-255. A bias meant for 0-255 pixels
        (an ImageNet mean of -123.68) after `scale=1/255`, or a bias meant for [0, 1] pixels
        (-0.485) without any scale, shifts the input far from what the network was trained on;
        predictions are quietly wrong.
    """,
    fix="""
        Express the bias in the units after scaling: for mean m and std s over [0, 1] pixels use
        `scale=1/(s*255)` and `bias=-m/s`; for a mean over 0-255 pixels with no std, `scale=1` and
        `bias=-m`.
    """,
    evidence="apple-statement",
    sources=(
        "coremltools NeuralNetwork.proto: NeuralNetworkImageScaler (Y = channelScale * X + bias)",
        "coremltools converters/mil/backend/mil/passes/insert_image_preprocessing_op.py",
        "coremltools docs: Image Input and Output (scale and bias)",
    ),
)
def image_scale_bias_mismatch(model: Model) -> Iterator[Finding]:
    """Reads each image input's scale and bias (NN preprocessing scaler, or the constant
    `mul`/`add` ops in front of an ML program) and compares the bias with the span of the
    scaled pixels, 255 * scale: a bias more than 4 times that span, or under 1% of it, was
    written for the other pixel range.

    Example: `ct.ImageType(scale=1/255.0, bias=[-123.68, -116.78, -103.94])`.
    """
    for feature in image_inputs(model):
        transform = image_transform(model, feature)
        if transform is None:
            continue
        problem = bias_mismatch(transform)
        if problem:
            yield Finding(f"image input '{feature.name}': {problem}", location=transform.location or feature.path)
