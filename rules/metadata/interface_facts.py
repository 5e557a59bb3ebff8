"""Reading a model's interface for the ML5xx rules: image pixel transforms, the
layers an input reaches, and classifier label counts.

Kept apart from the rules so that each check reads like its docs sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from math import prod
from typing import Any, NamedTuple

from mllint.view import Feature, Graph, Model, Op

# Ops with learned weights that read their input directly.
# NN: NeuralNetwork.proto layer oneof names; ML program: coremltools ops/defs/iOS15 (conv.py, linear.py).
LEARNED_OPS = frozenset(
    {
        # NeuralNetwork layers
        "convolution",
        "convolution3d",
        "innerProduct",
        "batchedMatmul",
        "embedding",
        "embeddingND",
        # ML program ops
        "conv",
        "conv_transpose",
        "linear",
        "matmul",
        "einsum",
    }
)
CONVOLUTION_OPS = frozenset({"convolution", "convolution3d", "conv", "conv_transpose"})

# Ops that only retype or move values: an input seen through them is still the input.
# ML program (ops/defs/iOS15 tensor_transformation.py, elementwise_unary.py cast) and NN layers.
MOVE_OPS = frozenset(
    {
        "cast",
        "identity",
        "transpose",
        "reshape",
        "expand_dims",
        "squeeze",
        "pad",
        "permute",
        "padding",
        "reshapeStatic",
        "expandDims",
        "copy",
    }
)

# Constant elementwise arithmetic: the ML program form of an ImageType's scale and bias
# (coremltools backend/mil/passes/insert_image_preprocessing_op.py inserts mul then add).
ARITHMETIC_OPS = frozenset({"mul", "add", "sub", "real_div"})

NN_TYPES = ("neuralNetwork", "neuralNetworkClassifier", "neuralNetworkRegressor")


class PixelTransform(NamedTuple):
    """``scale * pixel + bias`` applied to an image input before the network reads it."""

    scale: float
    bias: tuple[float, ...]  # one value, or one per channel
    reaches: str  # the value name the network's first real op reads
    location: str  # where the scale and bias are written (a scaler or the last arithmetic op)

    @property
    def is_identity(self) -> bool:
        return self.scale == 1.0 and all(b == 0.0 for b in self.bias)


def _main_graph(model: Model) -> Graph | None:
    return model.graphs[0] if model.graphs else None


def _nn_preprocessing(model: Model, feature: Feature) -> Any | None:
    """The NeuralNetworkPreprocessing entry for an image input (an empty name means the only image)."""
    entries = list(model.body.preprocessing)
    images = [f for f in model.inputs if f.image is not None]
    for entry in entries:
        if entry.featureName == feature.name or (not entry.featureName and len(images) == 1):
            return entry
    return None


def _nn_transform(model: Model, feature: Feature, graph: Graph) -> PixelTransform | None:
    entry = _nn_preprocessing(model, feature)
    if entry is None:
        return PixelTransform(1.0, (0.0,), feature.name, feature.path)
    kind = entry.WhichOneof("preprocessor")
    if kind != "scaler":
        return None  # a mean image: normalised in a way this reading does not model
    scaler = entry.scaler
    if feature.dtype in ("GRAYSCALE", "GRAYSCALE_FLOAT16"):
        bias: tuple[float, ...] = (scaler.grayBias,)
    else:
        bias = (scaler.redBias, scaler.greenBias, scaler.blueBias)
    if scaler.channelScale == 0.0:
        return None  # unset in proto3; what Core ML makes of 0 is not documented
    location = model.location(graph.name, "preprocessing", feature.name)
    return PixelTransform(float(scaler.channelScale), tuple(float(b) for b in bias), feature.name, location)


def _other_operand(op: Op, name: str) -> tuple[str, str] | None:
    """(the argument holding ``name``, the other argument) of a binary op."""
    x, y = op.input("x"), op.input("y")
    if x == name:
        return "x", "y"
    if y == name:
        return "y", "x"
    return None


def _mil_transform(feature: Feature, graph: Graph) -> PixelTransform:
    name = feature.name
    scale, bias = 1.0, [0.0]
    location = feature.path
    while True:
        consumers = graph.consumers(name)
        if len(consumers) != 1 or not consumers[0].output_names:
            break
        op = consumers[0]
        if op.type in ("cast", "identity"):
            name = op.output_names[0]
            continue
        if op.type not in ARITHMETIC_OPS:
            break
        sides = _other_operand(op, name)
        constant = op.const(sides[1]) if sides else None
        values = constant.as_list() if constant is not None else None
        if sides is None or not values or len(values) not in (1, 3):
            break
        numbers = [float(v) for v in values]
        if op.type == "mul" and len(numbers) == 1:
            scale *= numbers[0]
            bias = [b * numbers[0] for b in bias]
        elif op.type == "real_div" and sides[0] == "x" and len(numbers) == 1 and numbers[0] != 0:
            scale /= numbers[0]
            bias = [b / numbers[0] for b in bias]
        elif op.type in ("add", "sub"):
            sign = 1.0 if op.type == "add" else -1.0
            if op.type == "sub" and sides[0] == "y":  # constant - pixels
                scale, bias, sign = -scale, [-b for b in bias], 1.0
            if len(bias) == 1 and len(numbers) == 3:
                bias = bias * 3
            if len(numbers) == 1:
                numbers = numbers * len(bias)
            bias = [b + sign * n for b, n in zip(bias, numbers)]
        else:
            break
        name = op.output_names[0]
        location = op.path
    return PixelTransform(scale, tuple(bias), name, location)


def image_transform(model: Model, feature: Feature) -> PixelTransform | None:
    """The scale and bias an image input gets before the network, or None if unknown."""
    graph = _main_graph(model)
    if graph is None:
        return None
    if model.type in NN_TYPES:
        return _nn_transform(model, feature, graph)
    return _mil_transform(feature, graph)


def _through_moves(graph: Graph, name: str, limit: int = 8) -> list[Op]:
    """The ops that read ``name``, looking through ops that only move or retype it."""
    found: list[Op] = []
    frontier = [name]
    seen: set[str] = set()
    while frontier and limit > 0:
        limit -= 1
        current = frontier.pop()
        if current in seen:
            continue
        seen.add(current)
        for op in graph.consumers(current):
            if op.type in MOVE_OPS and op.output_names:
                frontier.append(op.output_names[0])
            else:
                found.append(op)
    return found


def learned_consumers(model: Model, name: str) -> list[Op]:
    """Learned layers (convolution, inner product, matmul) that read ``name`` directly."""
    graph = _main_graph(model)
    if graph is None:
        return []
    return [op for op in _through_moves(graph, name) if op.type in LEARNED_OPS]


def reaches_convolution(model: Model, name: str) -> Op | None:
    """The convolution an input feeds, through moves and constant arithmetic, if any."""
    graph = _main_graph(model)
    if graph is None:
        return None
    frontier, seen = [name], set()
    for _ in range(8):
        if not frontier:
            break
        next_frontier: list[str] = []
        for current in frontier:
            if current in seen:
                continue
            seen.add(current)
            for op in _through_moves(graph, current):
                if op.type in CONVOLUTION_OPS:
                    return op
                if op.type in ARITHMETIC_OPS | {"scale", "bias"} and op.output_names:
                    next_frontier.append(op.output_names[0])
        frontier = next_frontier
    return None


# ----------------------------------------------------------------------------- classifiers

# Layers that keep the size of the vector they pass on (NeuralNetwork.proto).
NN_SIZE_KEEPING = frozenset(
    {"softmax", "softmaxND", "activation", "flatten", "flattenTo2D", "squeeze", "expandDims", "unary", "copy"}
)


class LabelCheck(NamedTuple):
    labels: int
    probabilities: int
    source: str  # what makes the probability vector, for the message
    location: str


def _nn_probability_size(graph: Graph, name: str) -> tuple[int, Op] | None:
    op = graph.producer(name)
    for _ in range(16):
        if op is None:
            return None
        if op.type not in NN_SIZE_KEEPING:
            break
        if not op.input_names:
            return None
        op = graph.producer(op.input_names[0])
    if op is None:
        return None
    params = op.params
    if op.type in ("innerProduct", "convolution"):
        return int(params.outputChannels), op
    if op.type == "batchedMatmul" and params.weightMatrixSecondDimension:
        return int(params.weightMatrixSecondDimension), op
    return None


def _nn_label_check(model: Model, graph: Graph) -> LabelCheck | None:
    body = model.body
    which = body.WhichOneof("ClassLabels")
    if which is None:
        return None
    labels = len(getattr(body, which).vector)
    name = body.labelProbabilityLayerName
    if not name:
        if not graph.ops or not graph.ops[-1].output_names:
            return None
        name = graph.ops[-1].output_names[0]
    found = _nn_probability_size(graph, name)
    if found is None:
        return None
    size, op = found
    return LabelCheck(labels, size, f"{op.type} '{op.name}'", op.path)


def _list_length(value: Any) -> int | None:
    """Length of a MIL list Value (``classes`` of ``classify``)."""
    if value is None:
        return None
    if value.WhichOneof("value") == "immediateValue" and value.immediateValue.WhichOneof("value") == "list":
        return len(value.immediateValue.list.values)
    list_type = value.type.listType if value.type.WhichOneof("type") == "listType" else None
    if list_type is not None and list_type.length.WhichOneof("dimension") == "constant":
        return int(list_type.length.constant.size)
    return None


def _mil_label_checks(graph: Graph) -> Iterator[LabelCheck]:
    for op in graph.ops_of_type("classify"):
        bindings = op.arguments.get("classes", ())
        if not bindings:
            continue
        value = bindings[0].value
        if value is None and bindings[0].name:
            producer = graph.producer(bindings[0].name)
            if producer is not None and producer.type == "const" and "val" in producer.proto.attributes:
                value = producer.proto.attributes["val"]
        labels = _list_length(value)
        probabilities = op.input("probabilities")
        if labels is None or probabilities is None:
            continue
        maker = graph.producer(probabilities)
        if maker is None:
            continue
        info = next((o for o in maker.outputs if o.name == probabilities), None)
        if info is None or not info.shape or any(d < 0 for d in info.shape):
            continue
        yield LabelCheck(labels, prod(info.shape), f"'{probabilities}' {list(info.shape)}", op.path)


def classifier_label_checks(model: Model) -> Iterator[LabelCheck]:
    """Label count and probability size of each classifier head this reading can size."""
    graph = _main_graph(model)
    if graph is None:
        return
    if model.type == "neuralNetworkClassifier":
        check = _nn_label_check(model, graph)
        if check is not None:
            yield check
    elif model.type == "mlProgram":
        for each in model.graphs:
            yield from _mil_label_checks(each)


def image_inputs(model: Model) -> Iterator[Feature]:
    """The model's image inputs."""
    return (f for f in model.inputs if f.image is not None)
