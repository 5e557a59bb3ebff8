"""Small in-memory specs for the ML1 (interface and spec version) tests.

Each test builds just the part of a spec a check reads, then runs one rule over
the whole model tree through the engine, as ``mllint`` would.
"""

from __future__ import annotations

from typing import Any, Iterable

from mllint import Rule, protos
from mllint.diagnostics import Diagnostic
from mllint.discovery import Artifact
from mllint.engine import RuleSet, check_model
from mllint.loader import LoadedModel
from mllint.view import Model


def new_spec(version: int, model_type: str = "neuralNetwork") -> Any:
    """A spec of the given version whose ``Type`` oneof is set to an empty ``model_type``."""
    spec = protos.model_class()()
    spec.specificationVersion = version
    getattr(spec, model_type).SetInParent()
    return spec


def add_array(features: Any, name: str, dtype: str = "FLOAT32", shape: Iterable[int] = (2,)) -> Any:
    """Append a multiarray feature description to ``features`` (e.g. ``spec.description.output``)."""
    array_type = protos.module("FeatureTypes_pb2").ArrayFeatureType
    feature = features.add(name=name)
    feature.type.multiArrayType.dataType = array_type.ArrayDataType.Value(dtype)
    feature.type.multiArrayType.shape.extend(shape)
    return feature


def simple_spec(version: int, model_type: str = "neuralNetwork", dtype: str = "FLOAT32") -> Any:
    """``x -> y``: one multiarray input and one output of ``dtype``."""
    spec = new_spec(version, model_type)
    add_array(spec.description.input, "x", dtype)
    add_array(spec.description.output, "y", dtype)
    return spec


def lint_spec(spec: Any, rule: Rule) -> list[Diagnostic]:
    """Run one rule over every model of the spec's tree."""
    artifact = Artifact(path="memory.mlmodel", kind="mlmodel", real="/memory.mlmodel")
    loaded = LoadedModel(artifact, "memory.mlmodel", Model(spec), None, spec.ByteSize())
    return check_model(loaded, RuleSet((rule,)))


def messages(spec: Any, rule: Rule) -> list[tuple[str, str]]:
    """(location, message) of each finding, in report order."""
    return sorted((d.location, d.message) for d in lint_spec(spec, rule))
