from conftest import codes, fixture_path, lint_path


def test_scale_4_fires() -> None:
    found = lint_path(fixture_path("ml227_upsample_factor.mlpackage"), select=["ML227"])
    assert codes(found) == ["ML227"]
    [diagnostic] = found
    assert diagnostic.location == "main/up_cast_fp16"
    assert diagnostic.message == (
        "1 of 5 compute ops estimated off the Neural Engine as upsampling ops with a scale factor above 2 "
        "(upsample_nearest_neighbor x1): main/up_cast_fp16 (scale [4, 4])"
    )


def test_scale_2_is_clean() -> None:
    assert lint_path(fixture_path("ml227_upsample_factor_clean.mlpackage"), select=["ML227"]) == []
