import pytest
from conftest import codes, fixture_path, lint_path


def lint201(name: str):
    return lint_path(fixture_path(name), select=["ML201"])


def test_fires_on_stride_two() -> None:
    found = lint201("ml201_strided_slice.mlpackage")
    assert codes(found) == ["ML201"]
    assert found[0].location == "main/part_cast_fp16"
    assert found[0].message == "slice_by_index: stride 2 on axis 3"


def test_fires_on_runtime_begin_only_on_unmasked_axes() -> None:
    found = lint201("ml201_runtime_begin.mlpackage")
    assert codes(found) == ["ML201"]
    assert found[0].location == "main/window_cast_fp16"
    assert found[0].message == "slice_by_index: begin is computed at run time (from concat 'begin') on axes 2, 3"


def test_fires_on_slice_of_function_input() -> None:
    found = lint201("ml201_input_slice.mlpackage")
    assert [(d.code, d.location, d.message) for d in found] == [
        ("ML201", "main/part", "slice_by_index: reads function input 'x' directly")
    ]


def test_neural_network_slice_layers() -> None:
    found = lint201("ml201_nn_slices.mlmodel")
    assert [(d.location, d.message) for d in found] == [
        ("layers/by_size_slice", "sliceBySize: begin is computed at run time (model input 'offset') on axis 2"),
        ("layers/dynamic_slice", "sliceDynamic: begin is computed at run time (model input 'start') on axes 2, 3"),
        ("layers/head_slice", "sliceStatic: reads model input 'x' directly"),
        ("layers/legacy_slice", "slice: stride 2 on the width axis (-1)"),
        ("layers/static_slice", "sliceStatic: stride 2 on axis 2"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "ml201_strided_slice_clean.mlpackage",  # stride 1
        "ml201_runtime_begin_clean.mlpackage",  # constant begin
        "ml201_runtime_begin_masked_clean.mlpackage",  # run-time begin, masked on every axis
        "ml201_input_slice_clean.mlpackage",  # slice of an intermediate
        "ml201_nn_slices_clean.mlmodel",  # stride 1, loadConstantND bounds, slice of an activation
    ],
)
def test_twins_are_clean(name: str) -> None:
    assert lint201(name) == []
