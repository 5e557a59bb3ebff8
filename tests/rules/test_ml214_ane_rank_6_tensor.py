from conftest import codes, fixture_path, lint_path


def test_rank_6_reshape_fires() -> None:
    found = lint_path(fixture_path("ml214_rank_6_tensor.mlpackage"), select=["ML214"])
    assert codes(found) == ["ML214"]
    [diagnostic] = found
    assert diagnostic.location == "main/split_dims_cast_fp16"
    assert diagnostic.message == (
        "2 of 7 compute ops estimated off the Neural Engine as ops on tensors of rank >= 6 (mul x1, "
        "reshape x1): main/split_dims_cast_fp16 (rank 6), main/scale_cast_fp16 (rank 6)"
    )


def test_rank_5_is_clean() -> None:
    assert lint_path(fixture_path("ml214_rank_6_tensor_clean.mlpackage"), select=["ML214"]) == []
