from conftest import codes, fixture_path, lint_path


def test_fires_on_unscaled_image_into_conv() -> None:
    found = lint_path(fixture_path("ml505_raw_pixels.mlpackage"), select=["ML505"])
    assert codes(found) == ["ML505"]
    assert found[0].location == "inputs/image"
    assert found[0].message == (
        "image input 'image' reaches conv 'conv' as raw 0-255 pixel values: no scale or bias is applied"
    )


def test_scaled_image_is_clean() -> None:
    assert lint_path(fixture_path("ml505_raw_pixels_clean.mlpackage"), select=["ML505"]) == []
