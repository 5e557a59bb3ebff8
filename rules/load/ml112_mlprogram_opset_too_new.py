"""ML112 mlprogram-opset-too-new: an ML program below spec version 6, or a function whose opset needs a
newer spec version than the model declares.

Evidence: Apple's code (coremltools' opset table, Utils.cpp's feature table) and device reports. The
open-source validator accepts both cases (Model.cpp validate returns {} for mlProgram). Core ML on an
OS that does not know an opset refuses the program on load: "Error compiling model: "Failed to parse
the model specification. Error: Unable to parse ML Program: at unknown location: Unknown opset
'CoreML7'."" (apple/coremltools#2116, an iOS 17 program on a Mac whose Core ML predates that
opset), and the same with 'CoreML8' (apple/coremltools#2283, an iOS 18 program). Those reports show
the failure on the OSes that a too-low declared version claims, not on the OSes that know the opset,
and no report says Core ML refuses the mismatch there; so this stays a warning, like ML117 and
ML120. No report covers an ML program below version 6 on iOS 15 or later.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge.spec_versions import (
    LOWEST_MLPROGRAM_SPEC_VERSION,
    OPSET_SPEC_VERSION,
)
from mllint.view import Model

from .validator_text import UTILS_SOURCE, since, where


@model_rule(
    code="ML112",
    name="mlprogram-opset-too-new",
    severity="warning",
    summary="An ML program below spec version 6, or a function whose opset needs a newer spec version than the "
    "model declares.",
    why="""
        ML programs exist from specification version 6 (iOS 15), and each opset belongs to one
        version: CoreML5 to 6, CoreML6 to 7, CoreML7 to 8, CoreML8 to 9, CoreML9 to 10. An OS that
        reads the declared version does not know a newer opset's ops, so the program cannot be
        compiled there. coremltools always writes the pair together; a mismatch comes from
        editing `specificationVersion` by hand or from another writer.
    """,
    fix="""
        Re-convert with the `minimum_deployment_target` you need instead of editing the version;
        or set `specificationVersion` to the version of the newest opset the program uses.
    """,
    evidence="device-report",
    fixer="raise-spec-versions",
    fix_applicability="safe",
    sources=(
        f"{UTILS_SOURCE} hasIOS15Features (mlProgram), hasCoreML6Opsets ... hasCoreML8Opsets",
        "apple/coremltools coremltools/__init__.py _OPSET, _LOWEST_ALLOWED_SPECIFICATION_VERSION_FOR_MILPROGRAM",
        "apple/coremltools#2116 (Unable to parse ML Program: at unknown location: Unknown opset 'CoreML7'.)",
        "apple/coremltools#2283 (Unable to parse ML Program: at unknown location: Unknown opset 'CoreML8'.)",
    ),
)
def mlprogram_opset_too_new(model: Model) -> Iterator[Finding]:
    """Looks at ML programs: the model's version against 6, and each function's `opset` against
    the version that introduced it. The message wording is mllint's: Core ML's own check is
    in the closed-source framework.

    Example: an ML program whose `main` is written in CoreML7 but whose version is 7.
    """
    if model.type != "mlProgram":
        return
    version = model.spec_version
    if version < LOWEST_MLPROGRAM_SPEC_VERSION:
        yield Finding(
            f"mlProgram models are only valid in specification version >= {since(LOWEST_MLPROGRAM_SPEC_VERSION)}. "
            f"This model has version {version}{where(model)}",
            location=model.path,
        )
    for name, function in sorted(model.body.functions.items()):
        needed = OPSET_SPEC_VERSION.get(function.opset)
        if needed is not None and needed > max(version, LOWEST_MLPROGRAM_SPEC_VERSION):
            yield Finding(
                f"Function '{name}' uses opset {function.opset}, which is only valid in specification version "
                f">= {since(needed)}. This model has version {version}{where(model)}",
                location=model.location(name),
            )
