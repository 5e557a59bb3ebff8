from conftest import codes, fixture_path, lint_path


def test_gather_fires() -> None:
    found = lint_path(fixture_path("ml216_ane_mix.mlpackage"), select=["ML218"])
    assert codes(found) == ["ML218"]
    [diagnostic] = found
    assert diagnostic.location == "main/shuffle_cast_fp16"
    assert diagnostic.message == (
        "1 of 7 compute ops estimated off the Neural Engine as gather/scatter/embedding ops (gather x1): "
        "main/shuffle_cast_fp16"
    )


def test_without_gather_is_clean() -> None:
    assert lint_path(fixture_path("ml216_ane_mix_clean.mlpackage"), select=["ML218"]) == []
