"""Port of Core ML's tree-ensemble builder, the whole of what its validator checks, in its order.

apple/coremltools ``mlmodel/src/TreeEnsembleCommon.cpp`` ``constructAndValidateTreeEnsembleFromSpec``
(called by ``Validation/TreeEnsembleValidator.cpp`` for both tree ensemble types, which returns the
message of the ``std::logic_error`` it throws). The builder collects its complaints into one message:
each is ``"\\n  " + complaint + ";"``; a fatal one (or the 50th) stops it at once with ``Errors
encountered during processing tree model:\\n`` in front, otherwise they are reported together at the
end after ``Error(s) in tree structure: \\n``. A node with a branch mode it does not know stops it with
that one sentence. Stages, as in the source: (1) each node of the spec (duplicates, leaf values),
(2) linking children, (3) one root per tree, nodes reachable from a root, (4) default values,
(5) a classifier's class count.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

TREE_SOURCE = "apple/coremltools mlmodel/src/TreeEnsembleCommon.cpp"
BAD_BRANCH_MODE = "Branch mode hit bad value -- this is confusing; error in validator?"
LEAF_NODE = 6  # TreeEnsembleParameters.TreeNode.TreeNodeBehavior.LeafNode
BRANCH_MODES = frozenset(range(6))  # BranchOnValueLessThanEqual ... BranchOnValueNotEqual
MAX_ERRORS = 50


class _Stop(Exception):
    """The builder throws: its message is the validator's."""


@dataclass(eq=False)
class _Node:
    tree_id: int
    node_id: int
    is_leaf: bool
    false_child_id: int = 0
    true_child_id: int = 0
    parent: _Node | None = None
    false_child: _Node | None = None
    true_child: _Node | None = None


@dataclass
class _Errors:
    lines: list[str] = field(default_factory=list)

    def add(self, error: str, fatal: bool = False) -> None:
        """add_error_message."""
        self.lines.append(f"\n  {'FATAL: ' if fatal else ''}{error};")
        if len(self.lines) >= MAX_ERRORS:
            self.lines.append("\n  FATAL: maximum number of errors reached; aborting processing.")
            fatal = True
        if fatal:
            raise _Stop("Errors encountered during processing tree model:\n" + "".join(self.lines))


def tree_ensemble_error(proto: Any) -> str | None:
    """The validator's message about a tree ensemble classifier or regressor, or None if it builds."""
    try:
        _build(proto)
    except _Stop as stop:
        return str(stop)
    return None


def _build(proto: Any) -> None:
    kind = proto.WhichOneof("Type")
    ensemble = getattr(proto, kind).treeEnsemble
    errors = _Errors()
    dimension = ensemble.numPredictionDimensions
    if dimension == 0:
        errors.add("Given output dimension equals 0.", fatal=True)

    # Stage 1: translation.
    nodes: dict[tuple[int, int], _Node] = {}
    for spec_node in ensemble.nodes:
        key = (spec_node.treeId, spec_node.nodeId)
        if key in nodes:
            errors.add(
                f"Tree Node with TreeID={spec_node.treeId}and NodeID={spec_node.nodeId} duplicated in specification."
            )
            continue
        nodes[key] = _import_node(spec_node, dimension, errors)
    ordered = [nodes[key] for key in sorted(nodes)]  # std::map order

    # Stage 2: connecting nodes.
    def get(tree_id: int, node_id: int) -> _Node | None:
        found = nodes.get((tree_id, node_id))
        if found is None:
            errors.add(
                f"Tree Node with TreeID={tree_id} and NodeID={node_id} referenced but not declared in specification."
            )
        return found

    for node in ordered:
        if node.is_leaf:
            continue
        for side in ("false", "true"):
            child = get(node.tree_id, node.false_child_id if side == "false" else node.true_child_id)
            if child is None:
                break
            if child is node:
                errors.add(
                    f"{side.capitalize()} child and parent have same ID (TreeID={node.tree_id}, NodeID={node.node_id})"
                )
                break
            if child.parent is not None:
                errors.add(
                    f"In TreeID={node.tree_id}, {side} child of NodeID={node.node_id} is already the child of node "
                    f"NodeID={child.parent.node_id}"
                )
                break
            setattr(node, f"{side}_child", child)
            child.parent = node

    # Stage 3: one root per tree, every node under a root.
    roots = [node for node in ordered if node.parent is None]
    root_ids = sorted((node.tree_id, node.node_id) for node in roots)
    i = 0
    while i < len(root_ids) - 1:
        tree_id = root_ids[i][0]
        if root_ids[i + 1][0] == tree_id:
            j = i + 1
            while j < len(root_ids) and root_ids[j][0] == tree_id:
                j += 1
            listed = ", ".join(f"NodeID={node_id}" for _, node_id in root_ids[i:j])
            errors.add(f"Tree TreeID={tree_id} has multiple root nodes: {listed}.")
            i = j
        else:
            i += 1
    connected: set[int] = set()
    for root in roots:
        stack: list[list[Any]] = [[root, 0]]
        while stack:
            top = stack[-1]
            current: _Node | None = top[0]
            if current is None:
                errors.add("Internal error: null child node; likely specification error.", fatal=True)
                break  # not reached: the call above raises
            if current.is_leaf or top[1] == 2:
                stack.pop()
                continue
            child = current.false_child if top[1] == 0 else current.true_child
            top[1] += 1
            connected.add(id(child))  # a missing child (None) counts once, as C++'s nullptr
            stack.append([child, 0])
    connected.update(id(root) for root in roots)
    if len(connected) != len(ordered):
        loose = "".join(f"(TreeID={n.tree_id}, NodeID={n.node_id}) " for n in ordered if id(n) not in connected)
        errors.add(f"Node detected that are not connected to any single root node. Note: {loose}")

    # Stage 4: default values.
    defaults = len(ensemble.basePredictionValue)
    if defaults != 0 and defaults != dimension:
        errors.add(
            f"Dimension of default value array ({defaults}) does not match specified output dimension ({dimension})."
        )

    # Stage 5: a classifier's classes.
    if kind == "treeEnsembleClassifier":
        model = proto.treeEnsembleClassifier
        labels = model.WhichOneof("ClassLabels")
        classes = len(getattr(model, labels).vector) if labels else 0
        if classes and not ((dimension == 1 and classes == 2) or (dimension >= 2 and classes == dimension)):
            errors.add(
                f"Specified output dimension ({dimension}) does not match the given number of classes ({classes})."
            )

    # Stage 6.
    if errors.lines:
        raise _Stop("Error(s) in tree structure: \n" + "".join(errors.lines))


def _import_node(spec_node: Any, dimension: int, errors: _Errors) -> _Node:
    """import_data_from_spec: a node, its branch mode and its leaf values checked."""
    behaviour = spec_node.nodeBehavior
    node = _Node(spec_node.treeId, spec_node.nodeId, behaviour == LEAF_NODE)
    if not node.is_leaf:
        if behaviour not in BRANCH_MODES:
            raise _Stop(BAD_BRANCH_MODE)
        node.false_child_id, node.true_child_id = spec_node.falseChildNodeId, spec_node.trueChildNodeId
        return node
    values = sorted((info.evaluationIndex, info.evaluationValue) for info in spec_node.evaluationInfo)
    where = f"Leaf Node (TreeID={node.tree_id}, NodeID={node.node_id})"
    if not values:
        errors.add(f"{where} has no evaluation value(s) specified.")
        return node
    for index, _ in values:
        if index >= dimension:
            errors.add(
                f"{where} specifies evaluation value applied to dimension {index}; which is out of range. "
                f"Dimension must be less than {dimension}."
            )
    for (first, _), (second, _) in itertools.pairwise(values):
        if first == second:
            errors.add(f"{where} specifies multipule evaluation values applied to dimension {first}.")
    return node
