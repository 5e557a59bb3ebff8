"""ML143 feature-print-invalid: a Vision or Sound feature-print model whose type, version or outputs Core ML refuses."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_feature_prints import AUDIO_SOURCE, FEATURE_PRINT_ERRORS, SOUND_SOURCE, VISION_SOURCE
from .validator_findings import type_validator_finding


@model_rule(
    code="ML143",
    name="feature-print-invalid",
    severity="error",
    summary="A Vision feature print (scene, objects), an audio feature print or a sound-analysis preprocessing "
    "model with no type, an invalid version, or outputs or shapes that version does not take.",
    why="""
        Core ML's built-in feature extractors are chosen by the spec's type and version: a scene print
        of version 1 or 2 makes one multiarray, an objects print of version 1 two named multiarrays, a
        sound print of version 1 one multiarray, and the VGGish preprocessing reads 15600 FLOAT32
        samples into a FLOAT32 [1, 96, 64] array. A missing type, version 0 or an unknown version, or
        other outputs make the validator refuse the model.
    """,
    fix="""
        Keep the feature print's type and version as Create ML or coremltools wrote them, and its
        outputs (names, count, multiarray kind) as that version declares them.
    """,
    evidence="validator",
    sources=(
        f"{VISION_SOURCE} validate<MLModelType_visionFeaturePrint>",
        f"{AUDIO_SOURCE} validate<MLModelType_audioFeaturePrint>",
        f"{SOUND_SOURCE} validate<MLModelType_soundAnalysisPreprocessing>",
    ),
)
def feature_print_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of the model type's validator past its interface check (rules/load/validator_feature_prints.py)
    and reports its first complaint.

    Example: an audio feature print whose sound version is 0 (SOUND_VERSION_INVALID) gets "Version for
    sound is invalid".
    """
    yield from type_validator_finding(model, FEATURE_PRINT_ERRORS)
