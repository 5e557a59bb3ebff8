from conftest import codes, fixture_path, lint_path


def test_floor_fires() -> None:
    found = lint_path(fixture_path("ml229_floor.mlpackage"), select=["ML229"])
    assert codes(found) == ["ML229"]
    [diagnostic] = found
    assert diagnostic.location == "main/floored_cast_fp16"
    assert diagnostic.message == (
        "1 of 5 compute ops estimated off the Neural Engine as other ops without an ANE implementation "
        "(floor x1): main/floored_cast_fp16"
    )


def test_clip_is_clean() -> None:
    assert lint_path(fixture_path("ml229_floor_clean.mlpackage"), select=["ML229"]) == []
