"""ML120 nn-layer-newer-than-spec: a neural-network layer or layer option newer than the model's spec
version.

Evidence: NeuralNetwork.proto's comments and Utils.cpp's feature table. The open-source validator
accepts a layer newer than the declared version, so this is a warning.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mllint import Finding, model_rule, protos
from mllint.knowledge.nn_layers import ND_SHAPE_MAPPING_SPEC_VERSION
from mllint.knowledge.spec_versions import ios_macos_label
from mllint.view import Model, Op

from .nn_versions import declared_version, layer_requirements, nn_graph


@dataclass
class _Newer:
    what: str
    needs: int
    first: Op
    more: int = 0


def _shape_mappings_in_use(model: Model) -> list[str]:
    """The non-legacy input shape mappings that apply to an input of the model.

    Each needs spec version 4; an older OS ignores the field and maps the inputs to rank 5.
    A mapping for a kind of input the model does not have changes nothing there.
    """
    nn = protos.module("NeuralNetwork_pb2")
    network = model.body
    kinds = {feature.kind for feature in model.inputs}
    used = []
    if network.arrayInputShapeMapping != 0 and "multiArrayType" in kinds:
        name = _enum_name(nn.NeuralNetworkMultiArrayShapeMapping, network.arrayInputShapeMapping)
        used.append(f"arrayInputShapeMapping {name}")
    if network.imageInputShapeMapping != 0 and "imageType" in kinds:
        used.append(
            f"imageInputShapeMapping {_enum_name(nn.NeuralNetworkImageShapeMapping, network.imageInputShapeMapping)}"
        )
    return used


def _enum_name(enum: Any, value: int) -> str:
    """The enum value's name, or its number for a value this protobuf does not know (proto3 enums are open)."""
    return enum.Name(value) if value in enum.values() else str(value)


@model_rule(
    code="ML120",
    name="nn-layer-newer-than-spec",
    severity="warning",
    summary="A neural-network layer or layer option is newer than the model's specification version.",
    why="""
        specificationVersion tells Core ML and Xcode the oldest OS that can run the model
        (Xcode's generated class is marked available from it). An OS older than a layer does
        not know its protobuf field: the layer has no type and the model fails to load. An
        option newer than its layer (align-corners upsampling, squeeze masks, int8 dynamic
        quantization ...) is silently ignored there, so the layer computes something else.
    """,
    fix="""
        Raise specificationVersion to the version named in the message (the model then needs
        that OS), or rebuild the model for the older OS without the newer layers and options
        (e.g. convert with an older minimum_deployment_target).
    """,
    evidence="apple-statement",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(
        "apple/coremltools mlmodel/src/Utils.cpp (isIOS12NeuralNetworkLayer, hasIOS13/14NeuralNetworkFeatures)",
        "apple/coremltools mlmodel/format/NeuralNetwork.proto (layer oneof: 'available only after ... version >= 4/5')",
        "apple/coremltools coremltools/converters/mil/_deployment_compatibility.py (iOS14Features)",
    ),
)
def nn_layer_newer_than_spec(model: Model) -> Iterator[Finding]:
    """Compares every layer of a neural network (branch and loop bodies included) with the
    table in ``mllint/knowledge/nn_layers.py``: the spec version that introduced each layer
    type (v1, custom v2, resizeBilinear/cropResize v3, fields 600-1400 v4, 1450+ v5) and
    each option that needs a newer version than its layer (convolution with 2 inputs v4;
    int8DynamicQuantize, align-corners or fractional upsample, PIXEL_SHUFFLE, interleaved
    concatND, squeeze masks, 7-input sliceDynamic and 2-input tile v5). A non-legacy input
    shape mapping (EXACT_ARRAY_MAPPING, RANK4_IMAGE_MAPPING) needs v4 when the model has an
    input of that kind. The version compared
    is the highest along the model's pipeline chain. One finding per layer type or option,
    at its first layer, with a count of the others.

    Example: a spec v1 model with a ``reshapeStatic`` layer (added in v4, iOS 13).

    Differences from coremltools: Utils.cpp counts any squeezeMasks on sliceDynamic, this
    rule only a True mask (all-False masks mean no squeeze, which older OSes also do).
    """
    graph = nn_graph(model)
    if graph is None:
        return
    declared = declared_version(model)
    mappings = _shape_mappings_in_use(model)
    if mappings and declared < ND_SHAPE_MAPPING_SPEC_VERSION:
        verb = "needs" if len(mappings) == 1 else "need"
        yield Finding(
            f"the network's {' and '.join(mappings)} {verb} specification version {ND_SHAPE_MAPPING_SPEC_VERSION} "
            f"({ios_macos_label(ND_SHAPE_MAPPING_SPEC_VERSION)}); the model declares {declared} ({ios_macos_label(declared)})",
            location=graph.path,
        )
    newer: dict[str, _Newer] = {}
    for layer in graph.ops:
        for needs, what in layer_requirements(layer):
            if needs <= declared:
                continue
            key = f"{layer.type} {what}"
            if key in newer:
                newer[key].more += 1
            else:
                newer[key] = _Newer(what, needs, layer)
    for item in newer.values():
        more = f" ({item.more} more {item.first.type} layer(s) like it)" if item.more else ""
        yield Finding(
            f"layer '{item.first.name}' ({item.first.type}) {item.what} specification version {item.needs} "
            f"({ios_macos_label(item.needs)}); the model declares {declared} ({ios_macos_label(declared)}){more}",
            location=item.first.path,
        )
