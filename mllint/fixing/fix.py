"""What a fix is: a function that edits a spec in place, and what it needs to know.

A fixer gets a :class:`FixRequest` (the spec, the findings that asked for it,
the values given on the command line) and returns one line per thing it
changed; an empty list means it had nothing to do. A fixer that sees the
findings but cannot repair this model raises :class:`NotFixable` with the
reason, and nothing of that fix is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..rule import FixerName


class NotFixable(Exception):
    """This model's findings cannot be repaired by the fix (the message says why)."""


@dataclass(frozen=True)
class FixValues:
    """Values the unsafe fixes take from the command line (None: not given)."""

    author: str | None = None
    license: str | None = None
    version_string: str | None = None


@dataclass
class FixRequest:
    spec: Any  # CoreML.Specification.Model, edited in place
    findings: list[Diagnostic]
    values: FixValues = field(default_factory=FixValues)


Fixer = Callable[[FixRequest], list[str]]


@dataclass(frozen=True)
class Fix:
    """One repair: its name (what rules declare as ``fixer=``), what it does, and the function that does it.

    Whether applying it is safe or unsafe is declared by each rule whose findings it repairs.
    """

    name: FixerName
    description: str
    apply: Fixer


def pipeline_steps(spec: Any) -> list[Any]:
    """The sub-models of a pipeline, pipelineClassifier or pipelineRegressor spec ([] for other types)."""
    kind = spec.WhichOneof("Type")
    if kind == "pipeline":
        return list(spec.pipeline.models)
    if kind in ("pipelineClassifier", "pipelineRegressor"):
        return list(getattr(spec, kind).pipeline.models)
    return []
