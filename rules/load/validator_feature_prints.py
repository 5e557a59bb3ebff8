"""Ports of Core ML's validators of the Vision and Sound feature-print models, past their interface checks.

apple/coremltools ``mlmodel/src/Validation/VisionFeaturePrintValidator.cpp``,
``AudioFeaturePrintValidator.cpp`` and ``SoundAnalysisPreprocessingValidator.cpp``
(``validate<MLModelType_...>``). Their first check, the input's (and a preprocessing model's output's)
count and kind, is the table rules/load/validator_feature_types.py (ML135); each function below returns
the first complaint after it: the print's type and version, and the outputs or shapes that version takes.
Messages word for word (``std::endl`` kept as a line break).
"""

from __future__ import annotations

from typing import Any

from .validator_interface import described_types_error

VISION_SOURCE = "apple/coremltools mlmodel/src/Validation/VisionFeaturePrintValidator.cpp"
AUDIO_SOURCE = "apple/coremltools mlmodel/src/Validation/AudioFeaturePrintValidator.cpp"
SOUND_SOURCE = "apple/coremltools mlmodel/src/Validation/SoundAnalysisPreprocessingValidator.cpp"

VGGISH_INPUT_LENGTH = 15600  # FRONTEND_PROCESSING_INPUT_LENGTH
VGGISH_OUTPUT_SHAPE = [1, 96, 64]  # 1 x FRONTEND_PROCESSING_OUTPUT_NUM_FRAMES x FRONTEND_PROCESSING_OUTPUT_NUM_BANDS
_ARRAY_TYPE_NAMES = {
    0: "INVALID",
    65568: "MLArrayDataTypeFLOAT32",
    65600: "MLArrayDataTypeDOUBLE",
    131104: "MLArrayDataTypeINT32",
    65552: "MLArrayDataTypeFLOAT16",
    131080: "MLArrayDataTypeINT8",
}


def vision_feature_print_error(proto: Any) -> str | None:
    """validate<MLModelType_visionFeaturePrint> after the input check."""
    prints = proto.visionFeaturePrint
    outputs = proto.description.output
    kind = prints.WhichOneof("VisionFeaturePrintType")
    if kind == "scene":
        version = prints.scene.version
        if version == 0:
            return "Version for scene is invalid"
        if version in (1, 2):
            return described_types_error(outputs, 1, ("multiArrayType",))
        return f"Version: '{version}' for scene print is invalid"
    if kind == "objects":
        version = prints.objects.version
        if version == 0:
            return "Version for objects is invalid"
        if version != 1:
            return f"Version: '{version}' for object print is invalid"
        if len(prints.objects.output) != 2:
            return "Two outputs for objects need to be provided"
        problem = described_types_error(outputs, 2, ("multiArrayType",))
        if problem:
            return problem
        for feature in outputs:
            if feature.name not in prints.objects.output:
                return (
                    f"Model description declares an output: {feature.name} but it is not declared in Vision "
                    "Feature Print output"
                )
        return None
    return "Type for vision feature print not set"


def audio_feature_print_error(proto: Any) -> str | None:
    """validate<MLModelType_audioFeaturePrint> after the input check."""
    prints = proto.audioFeaturePrint
    if prints.WhichOneof("AudioFeaturePrintType") != "sound":
        return "Type for audio feature print not set"
    version = prints.sound.version
    if version == 0:
        return "Version for sound is invalid"
    if version == 1:
        return described_types_error(proto.description.output, 1, ("multiArrayType",))
    return None


def _array_type_name(value: int) -> str:
    return _ARRAY_TYPE_NAMES.get(value, "")


def sound_preprocessing_error(proto: Any) -> str | None:
    """validate<MLModelType_soundAnalysisPreprocessing> after the input and output checks."""
    if proto.soundAnalysisPreprocessing.WhichOneof("SoundAnalysisPreprocessingType") != "vggish":
        return "Type for sound analysis preprocessing not set"
    description = proto.description
    if not len(description.input) or not len(description.output):
        return None  # C++ reads input(0) / output(0) of an empty list: undefined
    first_input, first_output = description.input[0], description.output[0]
    in_array, out_array = first_input.type.multiArrayType, first_output.type.multiArrayType
    if list(in_array.shape) != [VGGISH_INPUT_LENGTH]:
        return f"Incorrect input shape, should be 1-dimension, of length: {VGGISH_INPUT_LENGTH}\n"
    float32 = _array_type_name(65568)
    if in_array.dataType != 65568:
        return (
            f'Unsupported array type "{_array_type_name(in_array.dataType)}" for feature "{first_input.name}". '
            f"Should be of: {float32}.\n"
        )
    if list(out_array.shape) != VGGISH_OUTPUT_SHAPE:
        return "Incorrect output shape, should be 3-dimension, of size: 1x96x64\n"
    if out_array.dataType != 65568:
        # the validator names the input feature here too
        return (
            f'Unsupported array type "{_array_type_name(out_array.dataType)}" for feature "{first_input.name}". '
            f"Should be of: {float32}.\n"
        )
    return None


FEATURE_PRINT_ERRORS = {
    "visionFeaturePrint": vision_feature_print_error,
    "audioFeaturePrint": audio_feature_print_error,
    "soundAnalysisPreprocessing": sound_preprocessing_error,
}
