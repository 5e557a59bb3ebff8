from conftest import codes, fixture_path, lint_path


def test_cond_and_its_blocks_fire_once() -> None:
    found = lint_path(fixture_path("ml220_control_flow.mlpackage"), select=["ML220"])
    assert codes(found) == ["ML220"]
    [diagnostic] = found
    assert diagnostic.location == "main/branch"
    assert diagnostic.message == (
        "5 of 10 compute ops estimated off the Neural Engine as control-flow ops and the ops inside their "
        "blocks (cast x2, mul x2, cond x1): main/branch, main/twice_cast_fp16 (inside cond), main/cast_0 "
        "(inside cond), main/half_cast_fp16 (inside cond), main/cast_1 (inside cond)"
    )


def test_arithmetic_instead_of_branch_is_clean() -> None:
    assert lint_path(fixture_path("ml220_control_flow_clean.mlpackage"), select=["ML220"]) == []
