"""Safe fix: raise each model's ``specificationVersion`` to the lowest one its features need.

Core ML refuses a model whose spec version is below what one of its features
needs (FLOAT16 arrays need 7, state features 9 ...: ML101, ML102, ML104, ML106,
ML108, ML112, ML116, ML120) and warns of the rest (ML117); a pipeline must
declare at least its sub-models' versions (ML118). The version a node needs is
the ``deployment.min_spec_version`` fact mllint computes for it (from the tables
in :mod:`mllint.knowledge`), asked of each node of the pipeline tree on its own.

The fix only ever raises a version: the model keeps its meaning, and needs no
newer OS than its features already did.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ..analysis.deployment import Deployment
from ..linted import ISOLATED, lint_model
from .fix import FixRequest, pipeline_steps
from .model_files import serialize


def raise_spec_versions(request: FixRequest) -> list[str]:
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mllint-fix-") as folder:
        _raise_tree(request.spec, "", Path(folder), notes)
    return notes


def _raise_tree(spec: Any, where: str, scratch: Path, notes: list[str]) -> int:
    """Raise the sub-models first, then this node to at least its own need and its sub-models' versions."""
    step_versions = [
        _raise_tree(step, f"{where}/models[{i}]".lstrip("/"), scratch, notes)
        for i, step in enumerate(pipeline_steps(spec))
    ]
    declared = int(spec.specificationVersion)
    needed = max([needed_version(spec, scratch), *step_versions])
    if needed > declared:
        spec.specificationVersion = needed
        notes.append(f"{where or 'model'}: specificationVersion {declared} -> {needed}")
    return int(spec.specificationVersion)


def needed_version(spec: Any, scratch: Path) -> int:
    """The lowest spec version that holds every feature of this node and its sub-models."""
    handle, name = tempfile.mkstemp(suffix=".mlmodel", dir=scratch)
    with os.fdopen(handle, "wb") as stream:
        stream.write(serialize(spec))
    try:
        deployment = Deployment.from_facts(lint_model(name, select=["ML000"], configuration=ISOLATED).facts)
    finally:
        os.unlink(name)
    if deployment is None or deployment.min_spec_version < 1:
        return int(spec.specificationVersion)  # no plugin computes it: keep what is declared
    return deployment.min_spec_version
