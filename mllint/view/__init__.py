"""One read-only view over every kind of Core ML model, for every rule.

The view wraps the parsed protobuf without copying it. A rule sees:

- :class:`Model`: one node of the model tree (the root, or a pipeline's
  sub-model at ``models[i]``), with its own spec version, interface
  (:class:`Feature`) and, for neural networks and ML programs, its graphs.
- :class:`Graph`: an ML program function (``main``) or a neural network's
  layer list (``layers``), with producers and consumers of every value.
- :class:`Op`: one ML program operation or one neural-network layer.
- :class:`ConstValue`: a constant resolved from an inline value or a
  ``const`` op (weights in ``weight.bin`` stay on disk: only the blob
  reference is kept).

Every node has a logical path used in diagnostics: ``main/conv_3``,
``layers/fc1``, ``models[1]``, ``models[0]/inputs/image``.

The view is split by what it shows: :mod:`.model` (the tree), :mod:`.graph`
(graphs and ops), :mod:`.features` (the interface), :mod:`.values` (constants
and tensor types), :mod:`.enums`, :mod:`.paths` and :mod:`.cache`. Rules import
every name from ``mllint.view``.
"""

from __future__ import annotations

from .cache import cached_property
from .enums import enum_names
from .features import Feature
from .graph import PASS_THROUGH_OPS, Graph, Op
from .model import NEURAL_NETWORK_TYPES, PIPELINE_TYPES, Model
from .paths import join_path
from .values import Binding, BlobRef, ConstValue, TensorInfo, decode_value, tensor_type_info

__all__ = [
    "NEURAL_NETWORK_TYPES",
    "PASS_THROUGH_OPS",
    "PIPELINE_TYPES",
    "Binding",
    "BlobRef",
    "ConstValue",
    "Feature",
    "Graph",
    "Model",
    "Op",
    "TensorInfo",
    "cached_property",
    "decode_value",
    "enum_names",
    "join_path",
    "tensor_type_info",
]
