from conftest import codes, fixture_path, lint_path


def test_inf_mask_fires() -> None:
    found = lint_path(fixture_path("ml215_fp16_overflow.mlpackage"), select=["ML215"])
    assert codes(found) == ["ML215"]
    [diagnostic] = found
    assert diagnostic.location == "main/mask_to_fp16"
    assert diagnostic.message == (
        "const 'mask_to_fp16' (FLOAT16) holds inf (it overflowed when converted to fp16), and fp16 op "
        "add 'masked_cast_fp16' reads it"
    )


def test_mask_inside_fp16_range_is_clean() -> None:
    assert lint_path(fixture_path("ml215_fp16_overflow_clean.mlpackage"), select=["ML215"]) == []
