from conftest import codes, fixture_path, lint_path


def test_non_zero_fires() -> None:
    found = lint_path(fixture_path("ml225_data_dependent_shape.mlpackage"), select=["ML225"])
    assert codes(found) == ["ML225"]
    [diagnostic] = found
    assert diagnostic.location == "main/positive_cast_fp16"
    assert diagnostic.message == (
        "1 of 3 compute ops estimated off the Neural Engine as ops whose output shape is known only at "
        "run time (non_zero x1): main/positive_cast_fp16 (output shape [?, 2] depends on the data)"
    )


def test_static_shapes_are_clean() -> None:
    assert lint_path(fixture_path("ml225_data_dependent_shape_clean.mlpackage"), select=["ML225"]) == []


def test_enumerated_input_dims_are_not_runtime_shapes() -> None:
    """Unknown dims that only echo a flexible input are ML210's business."""
    assert lint_path(fixture_path("ml210_flexible_enumerated.mlmodel"), select=["ML225"]) == []
