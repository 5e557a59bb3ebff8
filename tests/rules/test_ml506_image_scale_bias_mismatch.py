from conftest import codes, fixture_path, lint_path


def test_fires_on_0_255_mean_after_1_over_255_scale() -> None:
    found = lint_path(fixture_path("ml506_bias_after_scaling.mlmodel"), select=["ML506"])
    assert codes(found) == ["ML506"]
    assert found[0].location == "layers/preprocessing/image"
    assert found[0].message == (
        "image input 'image': pixels scaled by 0.00392157 span 0..1 but the bias is [-123.68, -116.78, -103.94]:"
        " a bias for 0-255 pixels applied after scaling"
    )


def test_imagenet_normalisation_is_clean() -> None:
    assert lint_path(fixture_path("ml506_bias_after_scaling_clean.mlmodel"), select=["ML506"]) == []


def test_mismatch_thresholds() -> None:
    from mllint_rules.interface_facts import PixelTransform
    from mllint_rules.metadata import _mismatch

    def problem(scale: float, *bias: float) -> str | None:
        return _mismatch(PixelTransform(scale, bias, "x", "x"))

    assert problem(1.0, -0.485, -0.456, -0.406) is not None  # [0, 1] mean on 0-255 pixels
    assert problem(1.0, -123.68, -116.78, -103.94) is None  # 0-255 mean, no scale
    assert problem(2 / 255.0, -1.0) is None  # [-1, 1]
    assert problem(1 / 255.0, 0.0) is None
