from conftest import codes, fixture_path, lint_path


def test_fp32_program_fires_once() -> None:
    found = lint_path(fixture_path("ml212_fp32_compute.mlpackage"), select=["ML212"])
    assert codes(found) == ["ML212"]
    [diagnostic] = found
    assert diagnostic.location == "main/before"
    assert diagnostic.message == (
        "all 3 compute ops estimated off the Neural Engine as ops typed fp32 (relu x2, conv x1): "
        "main/before (FLOAT32 output), main/conv (FLOAT32 output), main/after (FLOAT32 output)"
    )


def test_fp16_program_with_boundary_casts_is_clean() -> None:
    assert lint_path(fixture_path("ml212_fp32_compute_clean.mlpackage"), select=["ML212"]) == []
