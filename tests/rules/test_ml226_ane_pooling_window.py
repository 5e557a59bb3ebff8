from conftest import codes, fixture_path, lint_path


def test_kernel_14_fires() -> None:
    found = lint_path(fixture_path("ml226_pool_window.mlpackage"), select=["ML226"])
    assert codes(found) == ["ML226"]
    [diagnostic] = found
    assert diagnostic.location == "main/pool_cast_fp16"
    assert diagnostic.message == (
        "1 of 5 compute ops estimated off the Neural Engine as pooling ops with a kernel above 13 or a "
        "stride above 2 (avg_pool x1): main/pool_cast_fp16 (kernel [14, 14], strides [1, 1])"
    )


def test_kernel_13_is_clean() -> None:
    assert lint_path(fixture_path("ml226_pool_window_clean.mlpackage"), select=["ML226"]) == []
