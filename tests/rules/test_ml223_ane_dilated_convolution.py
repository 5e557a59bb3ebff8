from conftest import codes, fixture_path, lint_path


def test_dilated_conv_fires() -> None:
    found = lint_path(fixture_path("ml223_dilated_conv.mlpackage"), select=["ML223"])
    assert codes(found) == ["ML223"]
    [diagnostic] = found
    assert diagnostic.location == "main/atrous_cast_fp16"
    assert diagnostic.message == (
        "1 of 5 compute ops estimated off the Neural Engine as dilated convolutions (conv x1): "
        "main/atrous_cast_fp16 (dilations [2, 2])"
    )


def test_undilated_conv_is_clean() -> None:
    assert lint_path(fixture_path("ml223_dilated_conv_clean.mlpackage"), select=["ML223"]) == []
