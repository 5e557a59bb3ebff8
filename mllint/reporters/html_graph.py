"""A picture of a graph for the HTML report: a simple layered layout, drawn as SVG.

Longest-path layering: a graph input sits in layer 0 and every op one layer
below the lowest op (or input) it reads, from the producers in
:class:`mllint.view.Graph`; each output sits below what makes it. Within a
layer, nodes keep program order, then move under the mean position of what
they read (one barycenter sweep), so a chain of ops draws as a straight line.

``const`` and ``constexpr_*`` ops are not drawn (Core ML folds them at load;
drawn, every weight would be a node), nor ops inside a control-flow op's
blocks (they count towards that op). Past ``MAX_DRAWN_OPS`` ops the rest are
left out and the drawing says so.

Each op is coloured by where it is estimated to run, when a per-op compute
unit estimate is given (``units``), else by the family of its op type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..view import Graph, Op, join_path
from .op_families import FAMILIES, OTHER_FAMILY, UNIT_CLASSES, family

MAX_DRAWN_OPS = 400  # default for draw(); the HTML reporter passes its own

NODE_HEIGHT = 34
IO_HEIGHT = 26
LAYER_GAP = 22
NODE_GAP = 14
MARGIN = 16
CHAR_WIDTH = 6.6  # 11px monospace
MIN_NODE_WIDTH = 72
MAX_LABEL = 30


def is_const(op: Op) -> bool:
    return op.type == "const" or op.type.startswith("constexpr_") or op.type == "loadConstant"


@dataclass
class Node:
    """One box of the drawing: an op, a graph input or a graph output."""

    key: str  # the logical path diagnostics use: main/conv_3, inputs/image, outputs/logits
    kind: str  # "op", "input", "output"
    title: str  # first line: op type, or the feature name
    subtitle: str  # second line: op name, or "input" / "output"
    css: str  # colour class
    tooltip: str
    index: int  # program order (inputs first, outputs last)
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    width: float = MIN_NODE_WIDTH
    height: float = NODE_HEIGHT
    diagnostics: list[Diagnostic] = field(default_factory=list)
    anchor: str = ""  # the element id, unique in the page (set by draw)

    @property
    def worst(self) -> str:
        """The severity label of the worst diagnostic on this node, or ''."""
        return max(d.severity for d in self.diagnostics).label if self.diagnostics else ""

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Edge:
    path: str  # SVG path data
    target: Node  # the node it leads into
    long: bool = False  # skips rows (a residual connection): drawn dashed, as it passes behind nodes

    @property
    def marked(self) -> bool:
        """Into a node with a diagnostic."""
        return bool(self.target.diagnostics)


@dataclass
class Drawing:
    """A laid-out graph, ready for the template."""

    title: str  # the graph's logical path: main, layers, models[0]/main
    nodes: list[Node]
    edges: list[Edge]
    width: float
    height: float
    ops_total: int  # ops of the graph, const and nested included
    ops_drawn: int
    ops_hidden_const: int
    ops_nested: int
    ops_cut: int  # past MAX_DRAWN_OPS
    legend: list[tuple[str, str]]  # (css class, label) of the colours used

    @property
    def marked(self) -> int:
        return sum(1 for n in self.nodes if n.diagnostics)


def _shorten(text: str, limit: int = MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _width(*lines: str) -> float:
    return max(MIN_NODE_WIDTH, max(len(line) for line in lines) * CHAR_WIDTH + 20)


def _shape(shape: Iterable[int]) -> str:
    return "[" + ", ".join("?" if d < 0 else str(d) for d in shape) + "]"


def _anchor_of(location: str, keys: Mapping[str, Node]) -> Node | None:
    """The node a diagnostic location names, or its closest drawn ancestor path."""
    parts = location.split("/")
    while parts:
        node = keys.get("/".join(parts))
        if node is not None:
            return node
        parts.pop()
    return None


UnitOf = Callable[[Op], "tuple[str, str] | None"]  # op -> (unit, reason text) or None


def draw(
    graph: Graph,
    diagnostics: Iterable[Diagnostic] = (),
    unit_of: UnitOf | None = None,
    max_ops: int = MAX_DRAWN_OPS,
    id_prefix: str = "node",
) -> Drawing:
    """Lay out ``graph`` and mark the nodes that ``diagnostics`` point at.

    ``id_prefix`` makes the nodes' element ids unique when a page has several drawings.
    """
    model_path = graph.model.path
    all_ops = graph.ops
    top = [op for op in all_ops if op.parent is None]
    nested = len(all_ops) - len(top)
    consts = [op for op in top if is_const(op)]
    drawable = [op for op in top if not is_const(op)]
    drawn, cut = drawable[:max_ops], max(0, len(drawable) - max_ops)
    legend: dict[str, str] = {}

    nodes: list[Node] = []
    by_value: dict[str, Node] = {}  # value name -> node that makes it

    def add(node: Node) -> Node:
        node.anchor = f"{id_prefix}-{len(nodes)}"
        nodes.append(node)
        return node

    io_css = ("io", "model input / output")
    for info in graph.inputs:
        key = join_path(model_path, "inputs", info.name)
        tip = f"input {info.name}: {info.dtype or ''} {_shape(info.shape) if info.shape else ''}".strip()
        node = add(Node(key, "input", _shorten(info.name), "input", io_css[0], tip, len(nodes), height=IO_HEIGHT))
        node.width = _width(node.title, node.subtitle)
        by_value[info.name] = node
        legend[io_css[0]] = io_css[1]

    for op in drawn:
        estimate = unit_of(op) if unit_of is not None else None
        if estimate is not None:
            css, label = UNIT_CLASSES.get(estimate[0], UNIT_CLASSES["unknown"])
            reason = f"\n{label}" + (f": {estimate[1]}" if estimate[1] else "")
        else:
            css, label = family(op.type)
            reason = f"\n{label}"
        legend[css] = label
        outputs = ", ".join(f"{o.name} {o.dtype} {_shape(o.shape)}".strip() if o.dtype else o.name for o in op.outputs)
        blocks = f"\n{op.blocks} nested block(s)" if op.blocks else ""
        tip = f"{op.type} {op.path}\n→ {outputs}{blocks}{reason}"
        node = add(Node(op.path, "op", _shorten(op.type), _shorten(op.name), css, tip, len(nodes)))
        node.width = _width(node.title, node.subtitle)
        for name in op.output_names:
            by_value.setdefault(name, node)

    outputs_at = len(nodes)
    output_nodes: list[tuple[Node, str]] = []
    for name in graph.output_names:
        key = join_path(model_path, "outputs", name)
        node = add(
            Node(key, "output", _shorten(name), "output", io_css[0], f"output {name}", outputs_at, height=IO_HEIGHT)
        )
        node.width = _width(node.title, node.subtitle)
        output_nodes.append((node, name))
        legend[io_css[0]] = io_css[1]

    # Edges from the producers of what each node reads.
    preds: dict[int, list[Node]] = {id(n): [] for n in nodes}
    op_nodes = {op.path: n for op, n in zip(drawn, (n for n in nodes if n.kind == "op"))}
    for op in drawn:
        node = op_nodes[op.path]
        for name in dict.fromkeys(op.input_names):
            source = by_value.get(name)
            if source is not None and source is not node and source not in preds[id(node)]:
                preds[id(node)].append(source)
    for node, name in output_nodes:
        source = by_value.get(name)
        if source is not None:
            preds[id(node)].append(source)

    # Longest-path layering (program order is a topological order; a forward
    # reference in a malformed graph just does not push the node down).
    for node in nodes:
        node.layer = max((p.layer + 1 for p in preds[id(node)] if p.index < node.index), default=0)
        if node.kind == "op" and not preds[id(node)] and graph.inputs:
            node.layer = 1  # reads only constants: one row below the inputs

    _place(nodes, preds)

    edges = []
    for node in nodes:
        for source in preds[id(node)]:
            x1, y1 = source.center, source.y + source.height
            x2, y2 = node.center, node.y
            bend = max(12.0, (y2 - y1) / 2)
            data = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2 - 3:.1f}"
            edges.append(Edge(data, node, node.layer - source.layer > 2))

    width = max((n.x + n.width for n in nodes), default=0) + MARGIN
    height = max((n.y + n.height for n in nodes), default=0) + MARGIN
    drawing = Drawing(
        title=graph.path,
        nodes=nodes,
        edges=edges,
        width=round(width, 1),
        height=round(height, 1),
        ops_total=len(all_ops),
        ops_drawn=len(drawn),
        ops_hidden_const=len(consts),
        ops_nested=nested,
        ops_cut=cut,
        legend=sorted(legend.items(), key=lambda kv: _legend_order(kv[0])),
    )
    mark(drawing, diagnostics)
    return drawing


def mark(drawing: Drawing, diagnostics: Iterable[Diagnostic]) -> None:
    """Attach each diagnostic to the node its location names (or that node's closest drawn ancestor)."""
    by_key: dict[str, Node] = {}
    for node in drawing.nodes:
        by_key.setdefault(node.key, node)
    for d in diagnostics:
        target = _anchor_of(d.location, by_key)
        if target is not None:
            target.diagnostics.append(d)


def name_nodes(drawing: Drawing, id_prefix: str) -> None:
    """Give the nodes the element ids ``{id_prefix}-{i}``, unique in a page of several drawings."""
    for i, node in enumerate(drawing.nodes):
        node.anchor = f"{id_prefix}-{i}"


_LEGEND_ORDER = ["unit-ane", "unit-fallback", "unit-unknown", *(css for css, _, _ in FAMILIES), OTHER_FAMILY[0], "io"]


def _legend_order(css: str) -> int:
    return _LEGEND_ORDER.index(css) if css in _LEGEND_ORDER else len(_LEGEND_ORDER)


def _place(nodes: list[Node], preds: Mapping[int, list[Node]]) -> None:
    """Rows by layer; within a row, each node as close as it can get under what it reads."""
    layers: dict[int, list[Node]] = {}
    for node in nodes:
        layers.setdefault(node.layer, []).append(node)
    y = float(MARGIN)
    for layer in sorted(layers):
        row = layers[layer]
        height = max(n.height for n in row)
        wanted: dict[int, float] = {}
        cursor = float(MARGIN)
        for node in row:  # program order gives the starting guess
            parents = preds[id(node)]
            if parents and layer > 0:
                wanted[id(node)] = sum(p.center for p in parents) / len(parents)
            else:
                wanted[id(node)] = cursor + node.width / 2
            cursor += node.width + NODE_GAP
        row.sort(key=lambda n: (wanted[id(n)], n.index))
        for block in _blocks(row, wanted):
            x = block.left
            for node in block.nodes:
                node.x = x
                node.y = y + (height - node.height) / 2
                x += node.width + NODE_GAP
        y += height + LAYER_GAP
    # Centring a wide node under a narrow one can push it past the left edge: shift everything back.
    shift = MARGIN - min((n.x for n in nodes), default=MARGIN)
    for node in nodes:
        node.x += shift


@dataclass
class _Block:
    """Nodes of a row that touch, placed together: centred on the mean of what each wants."""

    nodes: list[Node]
    width: float
    wanted_lefts: float  # sum over nodes of (wanted left edge - offset in the block)

    @property
    def left(self) -> float:
        return self.wanted_lefts / len(self.nodes)


def _blocks(row: list[Node], wanted: Mapping[int, float]) -> list[_Block]:
    """Pack a sorted row without overlaps, moving each group of touching nodes as one.

    Two children of one op both want its centre: rather than the second being
    pushed right, the pair is centred under the parent.
    """
    blocks: list[_Block] = []
    for node in row:
        blocks.append(_Block([node], node.width, wanted[id(node)] - node.width / 2))
        while len(blocks) > 1 and blocks[-2].left + blocks[-2].width + NODE_GAP > blocks[-1].left:
            last = blocks.pop()
            into = blocks[-1]
            offset = into.width + NODE_GAP
            into.wanted_lefts += last.wanted_lefts - offset * len(last.nodes)
            into.nodes += last.nodes
            into.width += NODE_GAP + last.width
    return blocks
