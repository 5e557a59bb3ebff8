"""The model view: producers, consumers, const resolution, paths, pipelines."""

from __future__ import annotations

from conftest import CORPUS, fixture_path, needs_corpus
from mllint.discovery import resolve
from mllint.loader import load


def _root(path):
    [artifact] = resolve([str(path)])
    return load(artifact).root


def test_producer_lookup_through_the_converters_cast() -> None:
    model = _root(fixture_path("ml202_output_reshape.mlpackage"))
    [graph] = model.graphs
    assert graph.name == "main" and graph.opset == "CoreML6"
    [output] = model.outputs
    direct = graph.producer(output.name)
    assert direct is not None and direct.type == "cast"
    behind = model.output_producer(output.name)
    assert behind is not None and behind.type == "reshape"
    assert behind.path == "main/flatten_out_cast_fp16"
    assert graph.consumers(behind.output_names[0]) == [direct]


def test_const_inputs_resolve_to_values() -> None:
    model = _root(fixture_path("ml202_output_reshape.mlpackage"))
    reshape = model.output_producer(model.outputs[0].name)
    shape = reshape.const("shape")
    assert shape is not None and shape.as_list() == [1, 128]
    assert reshape.const("x") is None  # computed at run time
    assert reshape.input("x") in {o.name for op in model.graphs[0].ops for o in op.outputs}


def test_function_inputs_and_feature_paths() -> None:
    model = _root(fixture_path("ml202_output_reshape.mlpackage"))
    [feature] = model.inputs
    assert feature.path == "inputs/x"
    assert feature.describe() == "multiArray FLOAT32 [1, 8, 4, 4]"
    assert model.graphs[0].input_names == frozenset({"x"})


@needs_corpus
def test_pipeline_sub_models_have_their_own_paths_and_versions() -> None:
    model = _root(CORPUS / "ultralytics" / "yolo11n_nms.mlpackage")
    assert model.type == "pipeline"
    assert [m.path for m in model.walk()] == ["", "models[0]", "models[1]"]
    assert [m.type for m in model.sub_models] == ["mlProgram", "nonMaximumSuppression"]
    assert model.sub_models[1].outputs[0].path.startswith("models[1]/outputs/")
    assert all(op.path.startswith("models[0]/main/") for op in model.sub_models[0].ops)


@needs_corpus
def test_neural_network_layers_are_ops_with_producers() -> None:
    model = _root(CORPUS / "github" / "SwiftBrain__awesome-CoreML-models" / "MNIST.mlmodel")
    [graph] = model.graphs
    assert graph.name == "layers" and graph.kind == "neuralNetwork"
    assert graph.ops[0].path == f"layers/{graph.ops[0].name}"
    for output in model.outputs:
        assert graph.producer(output.name) is not None or output.name in (
            model.proto.description.predictedFeatureName,
            model.proto.description.predictedProbabilitiesName,
        )
