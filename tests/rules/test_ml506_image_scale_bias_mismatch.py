"""ML506 image-scale-bias-mismatch: the thresholds (the fixture cases are in
rules/metadata/ml506_image_scale_bias_mismatch.toml)."""

from mllint_rules.metadata.interface_facts import PixelTransform
from mllint_rules.metadata.ml506_image_scale_bias_mismatch import bias_mismatch


def test_mismatch_thresholds() -> None:
    def problem(scale: float, *bias: float) -> str | None:
        return bias_mismatch(PixelTransform(scale, bias, "x", "x"))

    assert problem(1.0, -0.485, -0.456, -0.406) is not None  # [0, 1] mean on 0-255 pixels
    assert problem(1.0, -123.68, -116.78, -103.94) is None  # 0-255 mean, no scale
    assert problem(2 / 255.0, -1.0) is None  # [-1, 1]
    assert problem(1 / 255.0, 0.0) is None
