"""ML120-ML126: graphs Core ML refuses to load.

Neural-network layers newer than the model's specification version, input shape
mappings the validator rejects, outputs nothing produces, values produced twice
or consumed before they exist, and ML program ops newer than (or unknown to)
their function's opset. The neural-network messages are the C++ validator's
(apple/coremltools ``mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp``),
word for word where it has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from mllint import Finding, Rule, Severity, hookimpl, model_rule, op_rule, protos
from mllint.knowledge.mil_ops import MIL_OPS, NEWEST_OPSET
from mllint.knowledge.nn_layers import (
    ND_SHAPE_MAPPING_SPEC_VERSION,
    NN_LAYERS,
    OPTIONS_BY_LAYER,
    OptionRequirement,
)
from mllint.knowledge.spec_versions import OPSET_SPEC_VERSION, ios_macos_label
from mllint.view import NEURAL_NETWORK_TYPES, Graph, Model, Op, join_path

MODEL_INPUT = "__input"  # the validator's producer name for model inputs


def _declared_version(model: Model) -> int:
    """The oldest OS that reads this model: the highest version along its pipeline chain.

    Core ML validates the root and each sub-model against its own version; an OS that
    refuses any of them refuses the file.
    """
    version = model.spec_version
    node = model.parent
    while node is not None:
        version = max(version, node.spec_version)
        node = node.parent
    return version


def _nn_graph(model: Model) -> Graph | None:
    if model.type not in NEURAL_NETWORK_TYPES:
        return None
    return model.graphs[0] if model.graphs else None


# --------------------------------------------------------------------------- NN layers, nested


@dataclass(frozen=True)
class _Layer:
    """A neural-network layer at any depth (branch and loop bodies included)."""

    proto: Any
    type: str
    name: str
    path: str


def _nested_networks(layer: Any, layer_type: str) -> Iterator[tuple[str, Any]]:
    """(label, NeuralNetwork-like message) of each network inside a branch or loop layer."""
    if layer_type == "branch":
        yield "ifBranch", layer.branch.ifBranch
        yield "elseBranch", layer.branch.elseBranch
    elif layer_type == "loop":
        yield "conditionNetwork", layer.loop.conditionNetwork
        yield "bodyNetwork", layer.loop.bodyNetwork


def _layers_of(layers: Iterable[Any], prefix: str) -> list[_Layer]:
    found = []
    for index, layer in enumerate(layers):
        layer_type = layer.WhichOneof("layer") or "unknown"
        found.append(_Layer(layer, layer_type, layer.name, join_path(prefix, layer.name or f"{layer_type}#{index}")))
    return found


def _all_layers(graph: Graph) -> Iterator[_Layer]:
    """Every layer, depth first: a branch or loop layer, then the layers of its networks."""
    stack = list(reversed(_layers_of(graph.proto.layers, graph.path)))
    while stack:
        layer = stack.pop()
        yield layer
        nested = []
        for label, network in _nested_networks(layer.proto, layer.type):
            nested += _layers_of(network.layers, join_path(layer.path, label))
        stack.extend(reversed(nested))


# --------------------------------------------------------------------------- ML120


@dataclass
class _Newer:
    what: str
    needs: int
    first: _Layer
    more: int = 0


def _option_used(layer: _Layer, option: OptionRequirement) -> bool:
    if option.test == "inputs_at_least":
        return len(layer.proto.input) >= option.value
    value = getattr(getattr(layer.proto, layer.type), option.field)
    if option.test == "set":
        return bool(len(value)) if hasattr(value, "__len__") else bool(value)
    if option.test == "any_true":
        return any(value)
    return value == option.value  # "equals"


def layer_requirements(layer: _Layer) -> list[tuple[int, str]]:
    """(spec version, what needs it) for the layer type and each newer option it uses.

    ``what`` completes "layer 'x' (type) ... specification version N".
    """
    needs: list[tuple[int, str]] = []
    introduced = NN_LAYERS.get(layer.type)
    if introduced is not None:
        needs.append((introduced.spec_version, "is a layer type added in"))
    for option in OPTIONS_BY_LAYER.get(layer.type, ()):
        if _option_used(layer, option):
            needs.append((option.spec_version, f"uses {option.feature}, added in"))
    return needs


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
        used.append(f"imageInputShapeMapping {_enum_name(nn.NeuralNetworkImageShapeMapping, network.imageInputShapeMapping)}")
    return used


def _enum_name(enum: Any, value: int) -> str:
    """The enum value's name, or its number for a value this protobuf does not know (proto3 enums are open)."""
    return enum.Name(value) if value in enum.values() else str(value)


@model_rule(
    code="ML120",
    name="nn-layer-newer-than-spec",
    severity="error",
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
    graph = _nn_graph(model)
    if graph is None:
        return
    declared = _declared_version(model)
    mappings = _shape_mappings_in_use(model)
    if mappings and declared < ND_SHAPE_MAPPING_SPEC_VERSION:
        verb = "needs" if len(mappings) == 1 else "need"
        yield Finding(
            f"the network's {' and '.join(mappings)} {verb} specification version {ND_SHAPE_MAPPING_SPEC_VERSION} "
            f"({ios_macos_label(ND_SHAPE_MAPPING_SPEC_VERSION)}); the model declares {declared} ({ios_macos_label(declared)})",
            location=graph.path,
        )
    newer: dict[str, _Newer] = {}
    for layer in _all_layers(graph):
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


# --------------------------------------------------------------------------- ML121


def is_ios12_layer(layer: _Layer) -> bool:
    """``Utils.cpp isIOS12NeuralNetworkLayer``: the layer and its options all predate spec 4."""
    return all(needs < 4 for needs, _ in layer_requirements(layer)) and layer.type in NN_LAYERS


@model_rule(
    code="ML121",
    name="nn-rank5-array-mapping",
    severity="error",
    summary="A neural network keeps the legacy rank-5 input mapping but uses layers that need N-d tensors.",
    why="""
        With RANK5_ARRAY_MAPPING every multiarray input becomes a rank-5 [Seq, Batch, C, H, W]
        tensor, which layers added in spec version 4 (iOS 13) do not accept. The validator
        rejects the model.
    """,
    fix="""
        Set the network's arrayInputShapeMapping to EXACT_ARRAY_MAPPING (and give inputs their
        real rank), as coremltools does with NeuralNetworkBuilder(disable_rank5_shape_mapping=True).
    """,
    sources=("apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validateNeuralNetworkTopLevel)",),
)
def nn_rank5_array_mapping(model: Model) -> Iterator[Finding]:
    """Ports the two shape-mapping checks of ``validateNeuralNetworkTopLevel``: a network
    with a multiarray input whose arrayInputShapeMapping is RANK5_ARRAY_MAPPING must contain
    only iOS 12 layers (``isIOS12NeuralNetworkLayer``: no layer or option of spec 4 or later)
    and must keep imageInputShapeMapping RANK5_IMAGE_MAPPING. Looks at top-level layers,
    as the validator does. The finding sits on the first newer layer.

    Example: a network with a ``batchedMatmul`` layer and a multiarray input, saved with the
    default (rank-5) array mapping.
    """
    graph = _nn_graph(model)
    if graph is None or model.body.arrayInputShapeMapping != 0:
        return
    if not any(f.kind == "multiArrayType" for f in model.inputs):
        return
    newer = next((layer for layer in _layers_of(graph.proto.layers, graph.path) if not is_ios12_layer(layer)), None)
    if newer is not None:
        yield Finding(
            "Neural Network Multi-Array input shape mapping cannot be 'RANK5_ARRAY_MAPPING' if the network "
            "contains a layer added in version 4 (iOS 13) or later. Use 'EXACT_ARRAY_MAPPING' instead.",
            location=newer.path,
        )
    elif model.body.imageInputShapeMapping != 0:
        yield Finding(
            "Neural Network Multi-Array input shape mapping cannot be 'RANK5_ARRAY_MAPPING' if the image input "
            "Shape mapping is not 'RANK5_IMAGE_MAPPING'",
            location=graph.path,
        )


# --------------------------------------------------------------------------- NN blob walk (ML122-ML124)


@dataclass(frozen=True)
class _Problem:
    kind: str  # "duplicate", "missing-input", "branch-condition"
    message: str
    location: str


@dataclass
class _NetworkWalk:
    """What ``NeuralNetworkSpecValidator::validateNeuralNetwork`` tracks: producers per blob."""

    blobs: dict[str, set[str]]
    problems: list[_Problem] = field(default_factory=list)


def _copy(blobs: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: set(producers) for name, producers in blobs.items()}


def _merge(into: dict[str, set[str]], name: str, producers: set[str]) -> None:
    into.setdefault(name, set()).update(producers)


def _walk_network(layers: list[_Layer], blobs: dict[str, set[str]], problems: list[_Problem]) -> None:
    for layer in layers:
        condition_missing = False
        if layer.type == "branch":
            condition = layer.proto.input[0] if layer.proto.input else None
            if condition is not None and condition not in blobs:
                condition_missing = True
                problems.append(
                    _Problem(
                        "branch-condition",
                        f"Branch Layer '{layer.name}' requires the condition blob '{condition}' which is not "
                        "present in the network prior to this layer.",
                        layer.path,
                    )
                )
            _walk_branch(layer, blobs, problems)
        elif layer.type == "loop":
            _walk_loop(layer, blobs, problems)
        for name in layer.proto.input:
            if name not in blobs and not condition_missing:
                problems.append(
                    _Problem(
                        "missing-input",
                        f"Layer '{layer.name}' consumes an input named '{name}' which is not present in this network.",
                        layer.path,
                    )
                )
        for name in layer.proto.output:
            if name in blobs and layer.type != "copy":
                problems.append(
                    _Problem(
                        "duplicate",
                        f"Layer '{layer.name}' produces an output named '{name}' which is also an output produced "
                        f"by the layer '{min(blobs[name])}'.",
                        layer.path,
                    )
                )
            blobs.setdefault(name, set()).add(layer.name)


def _walk_branch(layer: _Layer, blobs: dict[str, set[str]], problems: list[_Problem]) -> None:
    """``validateBranchLayer``: each branch sees a copy; blobs made by both join the parent."""
    params = layer.proto.branch
    if_blobs = _copy(blobs)
    _walk_network(_layers_of(params.ifBranch.layers, join_path(layer.path, "ifBranch")), if_blobs, problems)
    if not params.elseBranch.layers:
        return
    else_blobs = _copy(blobs)
    _walk_network(_layers_of(params.elseBranch.layers, join_path(layer.path, "elseBranch")), else_blobs, problems)
    for name, producers in if_blobs.items():
        if name in else_blobs:
            _merge(blobs, name, producers | else_blobs[name])


def _walk_loop(layer: _Layer, blobs: dict[str, set[str]], problems: list[_Problem]) -> None:
    """``validateLoopLayer``: the condition network's blobs join the parent; then the body's."""
    params = layer.proto.loop
    has_condition = len(params.conditionNetwork.layers) > 0
    condition_blobs = _copy(blobs)
    if has_condition:
        path = join_path(layer.path, "conditionNetwork")
        _walk_network(_layers_of(params.conditionNetwork.layers, path), condition_blobs, problems)
        for name, producers in condition_blobs.items():
            _merge(blobs, name, producers)
    body_blobs = _copy(blobs)
    _walk_network(_layers_of(params.bodyNetwork.layers, join_path(layer.path, "bodyNetwork")), body_blobs, problems)
    if not has_condition:
        for name, producers in body_blobs.items():
            _merge(blobs, name, producers)
    else:
        for name in condition_blobs:
            if name in body_blobs:
                _merge(blobs, name, body_blobs[name])


def walk_neural_network(model: Model, graph: Graph) -> _NetworkWalk:
    """Producers of every blob after the whole network, and the topology problems on the way."""
    blobs = {feature.name: {MODEL_INPUT} for feature in model.inputs}
    walk = _NetworkWalk(blobs)
    _walk_network(_layers_of(graph.proto.layers, graph.path), walk.blobs, walk.problems)
    return walk


def _produced_outputs(model: Model, walk: _NetworkWalk) -> set[str]:
    """The validator's ``outputBlobNames``: blobs a layer makes (an input only if remade)."""
    inputs = {feature.name for feature in model.inputs}
    return {name for name, producers in walk.blobs.items() if name not in inputs or len(producers) > 1}


# --------------------------------------------------------------------------- ML122


def _nn_unproduced_outputs(model: Model, graph: Graph) -> Iterator[Finding]:
    produced = _produced_outputs(model, walk_neural_network(model, graph))
    description = model.proto.description
    if model.type == "neuralNetworkClassifier":
        probabilities = model.body.labelProbabilityLayerName
        if probabilities and probabilities not in produced:
            yield Finding(
                f"For this neural network classifier, the probabilities are obtained from the layer "
                f"'{probabilities}' which was not found in the network.",
                location=graph.path,
            )
        exempt = {description.predictedFeatureName, description.predictedProbabilitiesName}
        for output in model.outputs:
            if output.name not in produced and output.name not in exempt:
                yield Finding(
                    f"Output layer '{output.name}' is not produced by any layer of the neural network.",
                    location=output.path,
                )
        return
    for output in model.outputs:
        if output.name not in produced:
            yield Finding(
                f"Interface specifies output '{output.name}' which is not produced by any layer in the neural network.",
                location=output.path,
                # The validator checks regressors' outputs nowhere; prediction cannot find the value.
                severity=Severity.WARNING if model.type == "neuralNetworkRegressor" else None,
            )


def _described_outputs(model: Model) -> list[tuple[str, Sequence[Any], str]]:
    """(function name, output descriptions, location prefix) for each described function."""
    description = model.proto.description
    if description.functions:
        return [
            (function.name, function.output, model.location("functions", function.name, "outputs"))
            for function in description.functions
        ]
    return [("main", description.output, model.location("outputs"))]


def _program_unproduced_outputs(model: Model) -> Iterator[Finding]:
    for function_name, outputs, prefix in _described_outputs(model):
        graph = model.graph(function_name)
        if graph is None or graph.block is None:
            continue  # a missing function or block is not this rule's business
        block_outputs = graph.output_names
        for output in outputs:
            if output.name not in block_outputs:
                listed = ", ".join(f"'{name}'" for name in block_outputs) or "nothing"
                yield Finding(
                    f"Interface specifies output '{output.name}' which is not an output of function "
                    f"'{function_name}' (its block returns {listed}).",
                    location=join_path(prefix, output.name),
                )
        made = set(graph.input_names)
        for op in graph.ops:
            if op.parent is None:
                made.update(op.output_names)
        for name in block_outputs:
            if name not in made:
                yield Finding(
                    f"Function '{function_name}' returns '{name}', which no op of its block produces "
                    "and which is not a function input.",
                    location=join_path(graph.path, "outputs", name),
                )


@model_rule(
    code="ML122",
    name="output-not-produced",
    severity="error",
    summary="A model output is not produced by any layer or op.",
    why="""
        Core ML reads each output from the value of the same name in the graph. A name no
        layer makes (often after renaming a layer or an output by hand) fails validation of
        a neural network, and an ML program whose block returns a value it never defines,
        or whose interface names an output the block does not return, fails to load.
    """,
    fix="""
        Rename the output (or the layer/op output) so that they match, e.g. with
        coremltools.utils.rename_feature, which renames both sides together.
    """,
    sources=(
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validate<MLModelType_neuralNetwork/Classifier>)",
        "apple/coremltools mlmodel/format/MIL.proto (Block.outputs)",
    ),
)
def output_not_produced(model: Model) -> Iterator[Finding]:
    """Neural networks: replays the validator's walk over the layers (branch and loop bodies
    included) and checks that every described output is a blob some layer produces (a model
    input counts only if a layer, e.g. ``copy``, produces it again). Classifiers may leave
    ``predictedFeatureName`` and ``predictedProbabilitiesName`` unproduced, and their
    ``labelProbabilityLayerName`` must be produced. The validator does not check regressors;
    for them the finding is a warning.

    ML programs: every described output of a function (``description.output`` for ``main``,
    ``description.functions[i].output`` otherwise) must be among its block's outputs, and
    each block output must be made by an op of the block or be a function input.

    Example: a network whose last layer writes ``logits`` while the interface declares
    ``probabilities``.
    """
    graph = _nn_graph(model)
    if graph is not None:
        yield from _nn_unproduced_outputs(model, graph)
    elif model.type == "mlProgram":
        yield from _program_unproduced_outputs(model)


# --------------------------------------------------------------------------- ML123, ML124


def _nn_problems(model: Model, kinds: set[str]) -> Iterator[Finding]:
    graph = _nn_graph(model)
    if graph is None:
        return
    for problem in walk_neural_network(model, graph).problems:
        if problem.kind in kinds:
            yield Finding(problem.message, location=problem.location)


@model_rule(
    code="ML123",
    name="duplicate-producer",
    severity="error",
    summary="Two neural-network layers produce a value with the same name.",
    why="""
        Every value of a neural network has one producer (a model input or one layer); the
        validator rejects a layer whose output name is already taken, and Core ML refuses
        the model. Only `copy` layers may overwrite a value (loops use them for state).
    """,
    fix="""
        Give the later layer's output a new name and update the layers that read it
        (or use a copy layer if the value is meant to be overwritten in a loop).
    """,
    sources=("apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validateNeuralNetwork)",),
)
def duplicate_producer(model: Model) -> Iterator[Finding]:
    """Replays the validator's walk over the layers, in order and into branch and loop
    bodies (each branch starts from a copy of the values so far; values made by both
    branches, by a loop's condition network or by a loop body join the enclosing network),
    and reports each layer, other than ``copy``, that produces a name already produced by a
    model input (``__input``) or an earlier layer.

    Example: two ``innerProduct`` layers that both write ``hidden``.
    """
    yield from _nn_problems(model, {"duplicate"})


@model_rule(
    code="ML124",
    name="nn-input-not-present",
    severity="error",
    summary="A neural-network layer reads a value that no model input or earlier layer produces.",
    why="""
        Layers run in list order and read only model inputs and values produced before them.
        A misspelt or out-of-order input name makes the validator reject the model.
    """,
    fix="""
        Fix the input name, or move the layer after the layer that produces the value.
    """,
    sources=(
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkValidator.cpp (validateNeuralNetwork)",
        "apple/coremltools mlmodel/src/Validation/NeuralNetwork/NeuralNetworkLayerValidator.cpp (validateBranchLayer)",
    ),
)
def nn_input_not_present(model: Model) -> Iterator[Finding]:
    """Replays the validator's walk (as ML123) and reports every layer input that is not a
    model input nor produced by an earlier layer (in scope: inside a branch, the values
    before the branch and those of the same branch). A branch's missing condition gets the
    branch layer's own message.

    Example: a layer reading ``fc1_out`` placed before the layer that writes ``fc1_out``.
    """
    yield from _nn_problems(model, {"missing-input", "branch-condition"})


# --------------------------------------------------------------------------- ML125, ML126

NEWER_THAN_FIRST_OPSET = frozenset(
    op_type for op_type, op in MIL_OPS.items() if OPSET_SPEC_VERSION[op.first_opset] > min(OPSET_SPEC_VERSION.values())
)


@op_rule(
    code="ML125",
    name="op-newer-than-opset",
    severity="error",
    op_types=NEWER_THAN_FIRST_OPSET,
    summary="An ML program op is newer than the opset of the function that uses it.",
    why="""
        Each ML program function declares an opset (CoreML5 for iOS 15 ... CoreML8 for iOS 18)
        and Core ML interprets its ops with that opset's definitions. An op added in a later
        opset does not exist there, so the program fails to compile. This happens when a
        spec is edited by hand or written by a tool that lowers the opset without rewriting
        the ops.
    """,
    fix="""
        Convert again with a minimum_deployment_target at least as new as the op's opset
        (the message names it), or replace the op with ops of the older opset.
    """,
    sources=(
        "apple/coremltools coremltools/converters/mil/mil/ops/registry.py (SSAOpRegistry.core_ops)",
        "apple/coremltools coremltools/converters/mil/mil/ops/defs/iOS15..iOS18",
        "mllint/knowledge/mil_ops.py (generated by tools/generate_mil_ops.py)",
    ),
)
def op_newer_than_opset(op: Op) -> Iterator[Finding]:
    """Compares each op's type with ``mllint/knowledge/mil_ops.py`` (the first opset of every
    op type, generated from coremltools' op registry) and the opset of the function it sits
    in (``Function.opset``). Functions with an opset the table does not know are skipped.

    Example: ``scaled_dot_product_attention`` (CoreML8, iOS 18) in a function declared
    ``opset: CoreML7``.
    """
    declared = OPSET_SPEC_VERSION.get(op.graph.opset or "")
    known = MIL_OPS.get(op.type)
    if declared is None or known is None:
        return
    needs = OPSET_SPEC_VERSION[known.first_opset]
    if needs > declared:
        yield Finding(
            f"{op.type} '{op.name}' needs opset {known.first_opset} ({ios_macos_label(needs)}), but function "
            f"'{op.graph.name}' is declared with opset {op.graph.opset} ({ios_macos_label(declared)})"
        )


@model_rule(
    code="ML126",
    name="unknown-op-type",
    severity="error",
    summary="An ML program uses an op type that no Core ML opset up to the function's defines.",
    why="""
        Core ML compiles an ML program op by op from its opset's op definitions. An op type
        that no opset defines (a typo, a converter-internal op that was never lowered, a
        dialect op such as torch_* or complex_*) makes compilation fail.
    """,
    fix="""
        Convert the model again with coremltools (its passes lower dialect ops to core ops),
        or replace the op with Core ML ops.
    """,
    sources=(
        "apple/coremltools coremltools/converters/mil/mil/ops/registry.py (SSAOpRegistry.core_ops)",
        "apple/coremltools coremltools/converters/mil/backend/mil/load.py (op types written by the serialiser)",
    ),
)
def unknown_op_type(model: Model) -> Iterator[Finding]:
    """Looks up each op type of every function in ``mllint/knowledge/mil_ops.py``: the core
    ops of coremltools' registry plus ``write_state`` and ``custom_layer``, which its
    serialiser writes. Functions whose opset is newer than the newest opset the table was
    generated for are skipped (their ops may be newer than the table), as are functions
    with an opset the table does not know. One finding per op type, at its first op.

    Example: a ``torch_upsample_nearest_neighbor`` op left in a CoreML7 function.
    """
    newest = OPSET_SPEC_VERSION[NEWEST_OPSET]
    for graph in model.graphs:
        if graph.kind != "mlProgram":
            continue
        declared = OPSET_SPEC_VERSION.get(graph.opset or "")
        if declared is None or declared > newest:
            continue
        unknown: dict[str, list[Op]] = {}
        for op in graph.ops:
            if op.type not in MIL_OPS:
                unknown.setdefault(op.type, []).append(op)
        for op_type, ops in unknown.items():
            more = f" ({len(ops) - 1} more like it)" if len(ops) > 1 else ""
            yield Finding(
                f"op '{ops[0].name}' has type '{op_type}', which no opset up to {graph.opset} defines{more}",
                location=ops[0].path,
            )


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [
        nn_layer_newer_than_spec,
        nn_rank5_array_mapping,
        output_not_produced,
        duplicate_producer,
        nn_input_not_present,
        op_newer_than_opset,
        unknown_op_type,
    ]
