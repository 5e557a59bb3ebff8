from conftest import codes, fixture_path, lint_path


def test_topk_fires() -> None:
    found = lint_path(fixture_path("ml216_ane_mix.mlpackage"), select=["ML219"])
    assert codes(found) == ["ML219"]
    [diagnostic] = found
    assert diagnostic.location == "main/best_cast_fp16"
    assert diagnostic.message == (
        "1 of 7 compute ops estimated off the Neural Engine as top-k/sort/NMS ops (topk x1): main/best_cast_fp16"
    )


def test_reduce_max_instead_is_clean() -> None:
    assert lint_path(fixture_path("ml216_ane_mix_clean.mlpackage"), select=["ML219"]) == []
