from conftest import codes, fixture_path, lint_path


def test_state_width_30_fires() -> None:
    found = lint_path(fixture_path("ml213_state_width.mlpackage"), select=["ML213"])
    assert codes(found) == ["ML213"]
    [diagnostic] = found
    assert diagnostic.location == "states/hidden"
    assert diagnostic.message == (
        "state 'hidden' has last dimension 30 (shape [1, 4, 30]), not a multiple of 32: stateful models "
        "like it fail on the Neural Engine"
    )


def test_state_width_32_is_clean() -> None:
    assert lint_path(fixture_path("ml213_state_width_clean.mlpackage"), select=["ML213"]) == []
