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


def test_layers_of_branch_and_loop_networks_are_ops_with_logical_paths() -> None:
    model = _root(fixture_path("ml122_branch_output_clean.mlmodel"))
    [graph] = model.graphs
    assert [(op.path, op.network) for op in graph.ops] == [
        ("layers/branch", ""),
        ("layers/branch/ifBranch/relu_if", "ifBranch"),
        ("layers/branch/elseBranch/linear_else", "elseBranch"),
    ]
    branch = graph.ops[0]
    assert all(op.parent is branch for op in graph.ops[1:])
    assert [op.path for op in graph.producers("y")] == [
        "layers/branch/ifBranch/relu_if",
        "layers/branch/elseBranch/linear_else",
    ]


def test_loop_condition_and_body_layers_follow_their_loop() -> None:
    import logging

    logging.getLogger("coremltools").setLevel(logging.ERROR)
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    from mllint.view import Model

    builder = NeuralNetworkBuilder(
        [("x", datatypes.Array(4))], [("y", datatypes.Array(4))], disable_rank5_shape_mapping=True
    )
    loop = builder.add_loop("loop", max_iterations=2)
    body = NeuralNetworkBuilder(nn_spec=loop.loop.bodyNetwork, disable_rank5_shape_mapping=True)
    body.add_activation("", "RELU", "x", "x2")
    builder.add_activation("out", "RELU", "x", "y")
    ops = Model(builder.spec).graphs[0].ops
    assert [(op.type, op.path) for op in ops] == [
        ("loop", "layers/loop"),
        ("activation", "layers/loop/bodyNetwork/activation#0"),
        ("activation", "layers/out"),
    ]
    assert ops[1].parent is ops[0] and ops[2].parent is None
