"""The requirement table against Core ML's own (Utils.cpp hasIOS*Features), on specs built in memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import fixture_path, run_mllint

from mllint import protos
from mllint.analysis.deployment_requirements import (
    min_spec_version,
    requirements,
    tree_requirements,
)
from mllint.view import Model


def spec(model_type: str = "neuralNetwork", edit: Callable[[Any], None] | None = None) -> Model:
    proto = protos.model_class()()
    proto.specificationVersion = 1
    getattr(proto, model_type).SetInParent()
    feature = proto.description.input.add()
    feature.name = "x"
    feature.type.multiArrayType.shape.append(4)
    feature.type.multiArrayType.dataType = feature.type.multiArrayType.FLOAT32
    if edit is not None:
        edit(proto)
    return Model(proto)


def needs(model: Model) -> int:
    return min_spec_version(tree_requirements(model))


def _dtype(name: str) -> Callable[[Any], None]:
    def edit(proto: Any) -> None:
        array = proto.description.input[0].type.multiArrayType
        array.dataType = getattr(array, name)

    return edit


def _opset(opset: str) -> Callable[[Any], None]:
    def edit(proto: Any) -> None:
        proto.mlProgram.functions["main"].opset = opset
        proto.mlProgram.functions["main"].block_specializations[opset].SetInParent()

    return edit


def _state(proto: Any) -> None:
    state = proto.description.state.add()
    state.name = "cache"
    state.type.stateType.arrayType.shape.append(4)
    state.type.stateType.arrayType.dataType = state.type.stateType.arrayType.FLOAT16


def _functions(proto: Any) -> None:
    function = proto.description.functions.add()
    function.name = "main"
    function.input.add().CopyFrom(proto.description.input[0])
    del proto.description.input[:]
    proto.description.defaultFunctionName = "main"


def _no_inputs(proto: Any) -> None:
    del proto.description.input[:]


def _flexible(proto: Any) -> None:
    ranges = proto.description.input[0].type.multiArrayType.shapeRange.sizeRanges.add()
    ranges.lowerBound, ranges.upperBound = 1, 8


def _fp16_weights(proto: Any) -> None:
    layer = proto.neuralNetwork.layers.add()
    layer.name = "fc"
    layer.input.append("x")
    layer.output.append("y")
    layer.innerProduct.weights.float16Value = b"\x00\x3c" * 4


def _custom_layer(proto: Any) -> None:
    layer = proto.neuralNetwork.layers.add()
    layer.name = "mine"
    layer.custom.className = "MyLayer"


def _updatable(proto: Any) -> None:
    proto.isUpdatable = True


def _optional_default(proto: Any) -> None:
    feature = proto.description.input[0]
    feature.type.isOptional = True
    feature.type.multiArrayType.floatDefaultValue = 1.0


CASES = [
    ("nothing new", "neuralNetwork", None, 1),
    ("fp16 NN weights", "neuralNetwork", _fp16_weights, 2),
    ("custom layer", "neuralNetwork", _custom_layer, 2),
    ("flexible shape", "neuralNetwork", _flexible, 3),
    ("NMS model", "nonMaximumSuppression", None, 5),  # FLOAT32 I/O on NMS needs 5
    ("updatable", "neuralNetwork", _updatable, 4),
    ("default optional value", "neuralNetwork", _optional_default, 5),
    ("kNN classifier", "kNearestNeighborsClassifier", None, 4),
    ("ML program CoreML5", "mlProgram", _opset("CoreML5"), 6),
    ("FLOAT16 input", "neuralNetwork", _dtype("FLOAT16"), 7),
    ("opset CoreML6", "mlProgram", _opset("CoreML6"), 7),
    ("opset CoreML7", "mlProgram", _opset("CoreML7"), 8),
    ("ClassConfidenceThresholding", "classConfidenceThresholding", None, 8),
    ("opset CoreML8", "mlProgram", _opset("CoreML8"), 9),
    ("state", "mlProgram", _state, 9),
    ("multi-function", "mlProgram", _functions, 9),
    ("empty input", "mlProgram", _no_inputs, 9),
    ("INT8 input", "neuralNetwork", _dtype("INT8"), 10),
]


@pytest.mark.parametrize(("what", "model_type", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_feature_table(what: str, model_type: str, edit: Callable[[Any], None] | None, expected: int) -> None:
    assert needs(spec(model_type, edit)) == expected


def test_pipeline_needs_what_its_sub_models_need() -> None:
    def edit(proto: Any) -> None:
        sub = proto.pipeline.models.add()
        sub.specificationVersion = 7
        sub.mlProgram.functions["main"].opset = "CoreML6"
        sub.description.input.add().CopyFrom(proto.description.input[0])

    pipeline = spec("pipeline", edit)
    assert min_spec_version(requirements(pipeline)) == 1
    assert needs(pipeline) == 7


def test_facts_in_json_and_text_header() -> None:
    import json

    path = fixture_path("ml301_attention_ios18.mlpackage")
    result = run_mllint("check", str(path), "--select", "ML301", "--format", "json")
    [model] = json.loads(result.stdout)["models"]
    assert model["deployment"]["oldest_os"] == "iOS18"
    assert model["deployment"]["min_spec_version"] == 9
    assert model["deployment"]["spec_version"] == 9
    assert model["deployment"]["reasons"][0] == "ML program opset CoreML8 (main)"
    text = run_mllint("check", str(path), "--select", "ML301", "--verbose")  # headers of clean models: --verbose
    assert "(mlProgram, spec v9, needs iOS18)" in text.stdout


def test_deployment_is_computed_once_and_reads_back_from_the_facts() -> None:
    from mllint.analysis.deployment import Deployment

    model = spec("mlProgram", _opset("CoreML8"))
    deployment = Deployment.of(model)
    assert Deployment.of(model) is deployment
    assert (deployment.oldest_os, deployment.oldest_os_all, deployment.min_spec_version) == ("iOS18", "iOS18/macOS15", 9)
    assert deployment.declared_below_needed  # the spec declares version 1
    assert deployment.reasons == ("ML program opset CoreML8 (main)",)
    assert Deployment.from_facts(deployment.as_facts()) == deployment
    assert Deployment.from_facts({}) is None
    assert Deployment.from_facts({"deployment": "iOS18"}) is None  # another plugin's value of another shape


def test_a_pipeline_needs_the_versions_of_its_sub_models() -> None:
    """Issue 11: a version-1 pipeline around a version-3 sub-model that uses nothing of version 3 still
    needs iOS 12, since the validator checks each sub-model at its own declared version."""

    def edit(proto: Any) -> None:
        sub = proto.pipeline.models.add()
        sub.specificationVersion = 3
        sub.neuralNetwork.SetInParent()
        sub.description.input.add().CopyFrom(proto.description.input[0])

    pipeline = spec("pipeline", edit)
    assert needs(pipeline) == 3
    [reason] = [r for r in tree_requirements(pipeline) if r.spec_version == 3]
    assert reason.feature == "sub-model of specification version 3" and reason.location == "models[0]"


def _custom_layer_with_parameters(proto: Any) -> None:
    _custom_layer(proto)
    layer = proto.neuralNetwork.layers[0]
    layer.custom.parameters["scale"].doubleValue = 2.0
    layer.custom.parameters["mode"].stringValue = "fast"
    layer.custom.weights.add().float16Value = b"\x00\x3c" * 2


def test_a_custom_layer_with_parameters_is_analysed(tmp_path: Any) -> None:
    """Issue 11: the analysis recursed into the custom layer's ``parameters`` map and met its keys
    (str): "builtin-deployment failed to compute facts: AttributeError: 'str' object has no attribute
    'ListFields'", the model lost its oldest-OS line. Found by bench/validator_diff.py (77 of mutants
    1000000..1009999, e.g. seed 1000162 [custom_layer] over the fixtures of that commit)."""
    import json

    model = spec("neuralNetwork", _custom_layer_with_parameters)
    assert needs(model) == 2  # the custom layer (and its FLOAT16 weights)
    path = tmp_path / "custom.mlmodel"
    path.write_bytes(model.proto.SerializeToString())
    result = run_mllint("check", str(path), "--select", "ML3", "--format", "json")
    [report] = json.loads(result.stdout)["models"]
    assert "ML900" not in result.stdout and "ML901" not in result.stdout
    assert report["deployment"]["min_spec_version"] == 2
