from conftest import codes, fixture_path, lint_path


def test_int_round_trip_fires_once() -> None:
    found = lint_path(fixture_path("ml224_int_cast.mlpackage"), select=["ML224"])
    assert codes(found) == ["ML224"]
    [diagnostic] = found
    assert diagnostic.location == "main/cast_1"
    assert diagnostic.message == (
        "2 of 6 compute ops estimated off the Neural Engine as ops on integer or bool tensors (cast x2): "
        "main/cast_1 (cast FLOAT16 -> INT32), main/cast_0 (cast INT32 -> FLOAT16)"
    )


def test_round_is_clean() -> None:
    assert lint_path(fixture_path("ml224_int_cast_clean.mlpackage"), select=["ML224"]) == []


def test_topk_indices_are_topk_business_not_integer() -> None:
    assert lint_path(fixture_path("ml216_ane_mix.mlpackage"), select=["ML224"]) == []
