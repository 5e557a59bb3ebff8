"""ML120 nn-layer-newer-than-spec: layers and options newer than the declared version."""

from __future__ import annotations

import logging

import pytest
from mllint_rules.load.ml120_nn_layer_newer_than_spec import nn_layer_newer_than_spec

from mllint import protos
from mllint.knowledge.nn_layers import NN_LAYER_OPTIONS, NN_LAYERS
from mllint.view import Model

# ---------------------------------------------------------------- the table


def _layer_fields() -> dict[str, int]:
    nn = protos.module("NeuralNetwork_pb2")
    oneof = nn.NeuralNetworkLayer.DESCRIPTOR.oneofs_by_name["layer"]
    return {f.name: f.number for f in oneof.fields}


def test_table_covers_every_layer_of_the_installed_proto() -> None:
    assert {name: row.field_number for name, row in NN_LAYERS.items()} == _layer_fields()


def test_table_versions_follow_the_proto_field_ranges() -> None:
    # NeuralNetwork.proto: fields 600-1400 "available only after ... version >= 4",
    # 1450 onwards ">= 5"; 500 is custom (v2); 211/212 are resizeBilinear/cropResize (v3).
    for name, row in NN_LAYERS.items():
        number = row.field_number
        expected = 2 if number == 500 else 3 if number in (211, 212) else 1 if number < 600 else 4 if number <= 1400 else 5
        assert row.spec_version == expected, name


def test_every_option_names_a_real_layer_and_field() -> None:
    nn = protos.module("NeuralNetwork_pb2")
    layer_message = nn.NeuralNetworkLayer.DESCRIPTOR
    for option in NN_LAYER_OPTIONS:
        params = layer_message.fields_by_name[option.layer].message_type
        if option.field:
            assert option.field in params.fields_by_name, (option.layer, option.field)
        assert option.spec_version > NN_LAYERS[option.layer].spec_version


# ---------------------------------------------------------------- in-memory models


@pytest.fixture(scope="module")
def builder_cls():
    logging.getLogger("coremltools").setLevel(logging.ERROR)
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    def make(rank5: bool = False):
        return NeuralNetworkBuilder(
            [("x", datatypes.Array(4))], [("y", datatypes.Array(4))], disable_rank5_shape_mapping=not rank5
        )

    return make


def _messages(spec) -> list[str]:
    return [finding.message for finding in nn_layer_newer_than_spec.run(Model(spec))]


def test_one_finding_per_layer_type_with_a_count(builder_cls) -> None:
    builder = builder_cls()
    builder.add_squeeze("s1", "x", "a", squeeze_all=True)
    builder.add_squeeze("s2", "a", "b", squeeze_all=True)
    builder.add_squeeze("s3", "b", "y", squeeze_all=True)
    builder.spec.specificationVersion = 3
    builder.spec.neuralNetwork.arrayInputShapeMapping = 0
    assert _messages(builder.spec) == [
        "layer 's1' (squeeze) is a layer type added in specification version 4 (iOS13/macOS10.15); "
        "the model declares 3 (iOS12/macOS10.14) (2 more squeeze layer(s) like it)"
    ]


def test_exact_mapping_below_v4(builder_cls) -> None:
    builder = builder_cls()
    builder.add_activation("relu", "RELU", "x", "y")
    builder.spec.specificationVersion = 3
    assert _messages(builder.spec) == [
        "the network's arrayInputShapeMapping EXACT_ARRAY_MAPPING needs specification version 4 "
        "(iOS13/macOS10.15); the model declares 3 (iOS12/macOS10.14)"
    ]


def test_layers_inside_a_branch_are_checked(builder_cls) -> None:
    from coremltools.models.neural_network import NeuralNetworkBuilder

    builder = builder_cls()
    layer = builder.add_branch("branch", "x")
    inner = NeuralNetworkBuilder(nn_spec=layer.branch.ifBranch, disable_rank5_shape_mapping=True)
    inner.add_one_hot("hot", ["x"], "y", one_hot_vector_size=4)
    builder.spec.specificationVersion = 4
    assert _messages(builder.spec) == [
        "layer 'hot' (oneHot) is a layer type added in specification version 5 (iOS14/macOS11); "
        "the model declares 4 (iOS13/macOS10.15)"
    ]
    [finding] = nn_layer_newer_than_spec.run(Model(builder.spec))
    assert finding.location == "layers/branch/ifBranch/hot"


def test_all_false_squeeze_masks_need_no_newer_version(builder_cls) -> None:
    builder = builder_cls()
    builder.add_slice_static("slice", "x", "y", begin_ids=[0], end_ids=[2], strides=[1], begin_masks=[False], end_masks=[False])
    builder.spec.neuralNetwork.layers[0].sliceStatic.squeezeMasks.extend([False])
    builder.spec.specificationVersion = 4
    assert _messages(builder.spec) == []
    builder.spec.neuralNetwork.layers[0].sliceStatic.squeezeMasks[0] = True
    assert _messages(builder.spec) == [
        "layer 'slice' (sliceStatic) uses squeezeMasks, added in specification version 5 (iOS14/macOS11); "
        "the model declares 4 (iOS13/macOS10.15)"
    ]


def test_pipeline_root_version_covers_its_sub_model(builder_cls) -> None:
    from coremltools.proto import Model_pb2

    builder = builder_cls()
    builder.add_clamped_relu("clamp", "x", "y")
    builder.spec.specificationVersion = 4
    pipeline = Model_pb2.Model()
    pipeline.specificationVersion = 5
    pipeline.pipeline.models.add().CopyFrom(builder.spec)
    [sub_model] = Model(pipeline).sub_models
    assert nn_layer_newer_than_spec.run(sub_model) == []
    pipeline.specificationVersion = 4
    [sub_model] = Model(pipeline).sub_models
    assert len(nn_layer_newer_than_spec.run(sub_model)) == 1
