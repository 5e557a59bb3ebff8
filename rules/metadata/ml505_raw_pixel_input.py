"""ML505 raw-pixel-input: an image input reaches a learned layer as raw 0-255 pixel values."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .interface_facts import image_inputs, image_transform, learned_consumers


@model_rule(
    code="ML505",
    name="raw-pixel-input",
    severity="info",
    heuristic=True,
    summary="An image input reaches a learned layer as raw 0-255 pixel values.",
    why="""
        Core ML hands an image input to the network as pixel values 0-255, then applies the
        image's scale and bias (an NN preprocessing scaler, or the `mul`/`add` ops coremltools
        puts in front of an ML program for `ct.ImageType(scale=..., bias=...)`). Most networks are
        trained on input scaled to [0, 1] or normalised by a mean and standard deviation; a
        conversion that forgets `scale=1/255` still runs, but every prediction is wrong. If the
        network really was trained on 0-255 pixels, this is fine.
    """,
    fix="""
        Convert with the training preprocessing, e.g. `ct.ImageType(name=..., scale=1/255.0)` or
        `scale=1/(0.226*255.0), bias=[-0.485/0.229, -0.456/0.224, -0.406/0.225]` for ImageNet
        statistics; or ignore this for a network trained on 0-255 pixels.
    """,
    evidence="inferred",
    sources=(
        "coremltools converters/mil/backend/mil/passes/insert_image_preprocessing_op.py",
        "coremltools NeuralNetwork.proto: NeuralNetworkImageScaler",
        "coremltools docs: Image Input and Output (scale and bias)",
    ),
)
def raw_pixel_input(model: Model) -> Iterator[Finding]:
    """Follows each image input to the first op that is not a `cast`/`identity` or a constant
    multiply/add (the ML program form of an ImageType's scale and bias), and reads an NN's
    preprocessing scaler. It fires when the pixels arrive unscaled and unshifted at a learned
    layer (convolution, inner product, matmul); an input that is first normalised in the graph
    (a `scale` or `batchnorm` layer, a `sub` op ...) or that never meets a learned layer (an
    image-to-image pass-through) is left alone.

    Example: `ct.convert(traced, inputs=[ct.ImageType(name="image", shape=(1, 3, 224, 224))])` for a
    torchvision model trained on normalised tensors: `image` goes straight into `conv`.
    """
    for feature in image_inputs(model):
        transform = image_transform(model, feature)
        if transform is None or not transform.is_identity:
            continue
        learned = learned_consumers(model, transform.reaches)
        if learned:
            first = learned[0]
            yield Finding(
                f"image input '{feature.name}' reaches {first.type} '{first.name}' as raw 0-255 pixel values:"
                " no scale or bias is applied",
                location=feature.path,
            )
