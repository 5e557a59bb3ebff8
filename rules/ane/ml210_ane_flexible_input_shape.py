"""ML210 ane-flexible-input-shape: an input with a shape range (warning) or enumerated shapes (info).

Enumerated shapes are a warning when the model has a layer_norm: that model lost the ANE
(apple/coremltools#1909); the shared estimate marks those layer_norm ops as fallbacks with
the cause ``enumerated_layer_norm``, which this rule reports.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, Severity, model_rule
from mllint.analysis.ane_estimate import estimate
from mllint.rule import RunContext
from mllint.view import Feature, Model


def _range_dims(feature: Feature) -> list[str] | None:
    """The flexible ranges of a range-shaped input, or None if every range is one size."""
    array, image = feature.array, feature.image
    ranges: list[tuple[int, int]] = []
    if array is not None and array.WhichOneof("ShapeFlexibility") == "shapeRange":
        ranges = [(int(r.lowerBound), int(r.upperBound)) for r in array.shapeRange.sizeRanges]
    elif image is not None and image.WhichOneof("SizeFlexibility") == "imageSizeRange":
        size_range = image.imageSizeRange
        ranges = [
            (int(size_range.heightRange.lowerBound), int(size_range.heightRange.upperBound)),
            (int(size_range.widthRange.lowerBound), int(size_range.widthRange.upperBound)),
        ]
    if not any(upper < 0 or upper != lower for lower, upper in ranges):
        return None
    return [f"{lower}..{'unbounded' if upper < 0 else upper}" for lower, upper in ranges]


def _enumerated(feature: Feature) -> list[str]:
    array, image = feature.array, feature.image
    if array is not None and array.WhichOneof("ShapeFlexibility") == "enumeratedShapes":
        return ["[" + ", ".join(str(d) for d in s.shape) + "]" for s in array.enumeratedShapes.shapes]
    if image is not None and image.WhichOneof("SizeFlexibility") == "enumeratedSizes":
        return [f"{s.height}x{s.width}" for s in image.enumeratedSizes.sizes]
    return []


@model_rule(
    code="ML210",
    name="ane-flexible-input-shape",
    severity="warning",
    heuristic=True,
    summary="An input has a flexible shape (a range, or enumerated shapes).",
    why="""
        The Neural Engine runs a compiled, fixed-shape plan. With a range (shapeRange or
        imageSizeRange) Core ML compiles the ANE plan for the default shape only; any other shape
        runs on the CPU or GPU, and some Core ML versions refuse the ANE for range inputs outright
        ("MLE5Engine is not currently supported for models with range shape inputs that try to
        utilize the Neural Engine"), so a model with a range input is never "good" in the estimate.
        Enumerated shapes are compiled for each listed shape and can use the ANE (info), except
        that a model with layer_norm lost the ANE under enumerated shapes (a warning; measured on
        macOS 13 / iOS 16, no newer measurement shows it fixed).
    """,
    fix="""
        Export with a fixed shape, or with ct.EnumeratedShapes listing the few shapes the app uses;
        pad or resize inputs in app code to one of them.
    """,
    evidence="measurement",
    sources=(
        "apple/coremltools#1764 (flexible-shape model ran on the CPU only)",
        "apple/coremltools#2370 (the ANE is used only at the RangeDim default; EnumeratedShapes work)",
        "apple/coremltools#1029 (MLE5Engine error for range shape inputs on the Neural Engine)",
        "apple/coremltools#1909 (layer_norm model off the ANE with EnumeratedShapes, on it with fixed shapes)",
        "smpanaro/more-ane-transformers src/experiments/NOTES.md 2023-10-25 (rank-3 layer_norm + enumerated fails)",
    ),
)
def ane_flexible_input_shape(model: Model, context: RunContext) -> Iterator[Finding]:
    """Looks at the inputs of every model that runs a graph (a pipeline's sub-models, not the
    pipeline's own copy of the interface): a shapeRange or imageSizeRange with an unbounded or
    lower != upper range is a warning; enumeratedShapes or enumeratedSizes is an info, or a
    warning naming the layer_norm ops the estimate puts off the ANE under enumerated shapes. A
    range whose bounds are all equal is a fixed shape and stays clean.

    Example: `x` as multiArray with shapeRange [1..1, 3..3, 64..unbounded] (warning).
    """
    if not _runs_a_graph(model):
        return
    for feature in model.inputs:
        ranges = _range_dims(feature)
        if ranges is not None:
            default = "[" + ", ".join(str(d) for d in feature.shape) + "]"
            yield Finding(
                f"input '{feature.name}' has a flexible shape (ranges {', '.join(ranges)}): the Neural "
                f"Engine runs only the default shape {default}; other shapes run on the CPU or GPU",
                location=feature.path,
            )
            continue
        shapes = _enumerated(feature)
        if shapes:
            listed = f"{', '.join(shapes[:4])}{', ...' if len(shapes) > 4 else ''}"
            norms = _layer_norms_off_the_ane(model, context.chip)
            if norms:
                yield Finding(
                    f"input '{feature.name}' has {len(shapes)} enumerated shapes ({listed}) and the model has "
                    f"{len(norms)} layer_norm op(s) ({', '.join(norms[:3])}{', ...' if len(norms) > 3 else ''}): "
                    "layer_norm models lost the Neural Engine under enumerated shapes (apple/coremltools#1909)",
                    location=feature.path,
                )
                continue
            yield Finding(
                f"input '{feature.name}' has {len(shapes)} enumerated shapes ({listed}): each is compiled on its "
                "own and can use the Neural Engine; check every shape in Xcode's performance report",
                location=feature.path,
                severity=Severity.INFO,
            )


def _layer_norms_off_the_ane(model: Model, chip: str | None) -> list[str]:
    found = estimate(model, chip)
    return [e.op.path for e in found.with_cause("enumerated_layer_norm")] if found is not None else []


def _runs_a_graph(model: Model) -> bool:
    """The Neural Engine interface rules look at models that run a graph (NN or ML program)."""
    return bool(model.graphs)
