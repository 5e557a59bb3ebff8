"""ML5xx: metadata and interface.

What a model tells the app developer about itself (description, author,
licence, version) and whether its interface is the one the app will want to
feed: image inputs with sensible pixel scaling, images passed as images, and a
classifier whose labels match its probability vector.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from mllint import Finding, Rule, hookimpl, model_rule
from mllint.view import Feature, Model

from .interface_facts import (
    PixelTransform,
    classifier_label_checks,
    image_transform,
    learned_consumers,
    reaches_convolution,
)

# ----------------------------------------------------------------------------- metadata


def _root_only(model: Model) -> bool:
    """Xcode and Core ML show the root model's metadata; a pipeline's parts carry none."""
    return model.parent is None


# Values that fill a metadata field without saying anything (CreateML writes "Unspecified").
PLACEHOLDERS = frozenset({"unspecified", "unknown", "none", "n/a", "na", "todo", "tbd", "-"})


def _missing(model: Model, field: str, shown: str) -> Iterator[Finding]:
    if not _root_only(model):
        return
    value = getattr(model.metadata, field).strip()
    if not value:
        yield Finding(f"the model has no {shown} (metadata.{field} is empty)", location=model.location("metadata"))
    elif value.lower() in PLACEHOLDERS:
        yield Finding(
            f"the model's {shown} is the placeholder {value!r} (metadata.{field})", location=model.location("metadata")
        )


@model_rule(
    code="ML501",
    name="missing-description",
    severity="info",
    summary="The model has no short description.",
    why="""
        Xcode shows `metadata.shortDescription` on the model's page and in the generated class's
        documentation; without it a developer who finds the model in a project has to guess what it
        does.
    """,
    fix="""
        Set it before saving: `model.short_description = "Classifies ..."` (coremltools), or
        `spec.description.metadata.shortDescription`.
    """,
    sources=("coremltools Model.proto: Metadata.shortDescription", "coremltools MLModel.short_description"),
)
def missing_description(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.shortDescription` (a pipeline's sub-models are not
    checked: Xcode shows only the root's metadata).

    Example: every scikit-learn model converted with `ct.converters.sklearn.convert` and not
    given a description afterwards.
    """
    yield from _missing(model, "shortDescription", "short description")


@model_rule(
    code="ML502",
    name="missing-author",
    severity="info",
    summary="The model does not name its author.",
    why="""
        `metadata.author` is the one place a model file says who made it and whom to ask about it;
        Xcode shows it on the model's page.
    """,
    fix="Set `model.author = \"Team or person\"` (coremltools) before saving.",
    sources=("coremltools Model.proto: Metadata.author",),
)
def missing_author(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.author`.

    Example: a model saved straight from `ct.convert(...)`, which fills in only the
    coremltools version keys of `metadata.userDefined`.
    """
    yield from _missing(model, "author", "author")


@model_rule(
    code="ML503",
    name="missing-license",
    severity="info",
    summary="The model does not state its licence.",
    why="""
        A model file travels without its repository; `metadata.license` is how whoever ships it in
        an app learns the terms (Xcode shows it). Weights trained on licensed data or derived from
        a licensed architecture often come with conditions.
    """,
    fix="Set `model.license = \"MIT\"` (or the real terms) before saving.",
    sources=("coremltools Model.proto: Metadata.license",),
)
def missing_license(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.license`; a placeholder such as "Unspecified" (what
    Create ML writes) counts as missing.

    Example: CatBoost's Core ML export sets author and description but leaves the licence empty.
    """
    yield from _missing(model, "license", "licence")


@model_rule(
    code="ML504",
    name="missing-version",
    severity="info",
    summary="The model has no version string.",
    why="""
        `metadata.versionString` lets an app, a crash report or a colleague tell one export of a
        model from the next; without it two files with the same name cannot be told apart.
    """,
    fix="Set `model.version = \"1.2.0\"` (coremltools) before saving.",
    sources=("coremltools Model.proto: Metadata.versionString",),
)
def missing_version(model: Model) -> Iterator[Finding]:
    """Looks at the root model's `metadata.versionString` (not the coremltools version that
    converters record in `metadata.userDefined`).

    Example: a model converted with `ct.convert(...)` and saved without `model.version = ...`.
    """
    yield from _missing(model, "versionString", "version string")


# ----------------------------------------------------------------------------- image inputs


def _image_inputs(model: Model) -> Iterator[Feature]:
    return (f for f in model.inputs if f.image is not None)


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
    for feature in _image_inputs(model):
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


# Beyond these ratios between the bias and the span of the scaled pixel values
# (255 * scale), the bias and the scale look like they were written for different
# pixel ranges: -123.68 after scale=1/255, or -0.485 with no scale.
BIAS_TOO_LARGE = 4.0
BIAS_TOO_SMALL = 0.01


def _format_number(value: float) -> str:
    return f"{value:.6g}"


def _mismatch(transform: PixelTransform) -> str | None:
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
    for feature in _image_inputs(model):
        transform = image_transform(model, feature)
        if transform is None:
            continue
        problem = _mismatch(transform)
        if problem:
            yield Finding(f"image input '{feature.name}': {problem}", location=transform.location or feature.path)


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


# ----------------------------------------------------------------------------- classifiers


@model_rule(
    code="ML508",
    name="classifier-label-count",
    severity="error",
    summary="A classifier has a different number of class labels than its probability vector.",
    why="""
        Core ML pairs the i-th probability with the i-th class label. A neural-network classifier
        whose last layer has another size fails every prediction ("the size of the output layer
        does not match the number of classes"); an ML program `classify` op with too few or too
        many classes maps probabilities to the wrong labels or fails.
    """,
    fix="""
        Pass the label list that matches the model's output (`ct.ClassifierConfig(labels)` with one
        label per output unit), or fix the last layer's size.
    """,
    sources=(
        "coremltools NeuralNetwork.proto: NeuralNetworkClassifier (labelProbabilityLayerName)",
        "coremltools converters/mil/mil/ops/defs/iOS15/classify.py",
    ),
)
def classifier_label_count(model: Model) -> Iterator[Finding]:
    """Counts the class labels of a neural-network classifier (`stringClassLabels` /
    `int64ClassLabels`) and of each ML program `classify` op (`classes`), and compares them with
    the size of the probability vector: the typed last dimension of `classify`'s `probabilities`,
    or for an NN the output channels of the inner product / convolution that makes the
    probability layer, looking through softmax, activation and flatten layers.

    Example: a 1000-unit ImageNet head converted with `ClassifierConfig` of 10 labels.
    """
    for check in classifier_label_checks(model):
        if check.labels != check.probabilities:
            yield Finding(
                f"{check.labels} class labels for {check.probabilities} probabilities from {check.source}",
                location=check.location,
            )


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [
        missing_description,
        missing_author,
        missing_license,
        missing_version,
        raw_pixel_input,
        image_scale_bias_mismatch,
        image_as_tensor,
        classifier_label_count,
    ]

