from conftest import codes, fixture_path, lint_path


def test_fires_on_float_tensor_into_conv() -> None:
    found = lint_path(fixture_path("ml507_image_as_tensor.mlpackage"), select=["ML507"])
    assert codes(found) == ["ML507"]
    assert found[0].location == "inputs/image"
    assert found[0].message == (
        "input 'image' is a FLOAT32 multiarray [1, 3, 32, 32] that feeds conv 'conv':"
        " an ImageType input would take pixel buffers directly"
    )


def test_image_type_input_is_clean() -> None:
    assert lint_path(fixture_path("ml507_image_as_tensor_clean.mlpackage"), select=["ML507"]) == []
