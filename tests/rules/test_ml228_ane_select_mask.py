from conftest import codes, fixture_path, lint_path


def test_select_fires() -> None:
    found = lint_path(fixture_path("ml228_select_mask.mlpackage"), select=["ML228"])
    assert codes(found) == ["ML228"]
    [diagnostic] = found
    assert diagnostic.location == "main/leaky_cast_fp16"
    assert diagnostic.message == (
        "1 of 7 compute ops estimated off the Neural Engine as select/band-part masking ops (select x1): "
        "main/leaky_cast_fp16"
    )


def test_arithmetic_mask_is_clean() -> None:
    assert lint_path(fixture_path("ml228_select_mask_clean.mlpackage"), select=["ML228"]) == []
