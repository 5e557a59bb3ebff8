from conftest import codes, fixture_path, lint_path


def test_fires_when_description_and_field_disagree() -> None:
    found = lint_path(fixture_path("ml207_default_mismatch.mlpackage"), select=["ML207"])
    assert codes(found) == ["ML207"]
    assert found[0].location == "inputs/iouThreshold"
    assert found[0].message == (
        "input 'iouThreshold' says its default is 0.45, but the NMS model models[1] uses iouThreshold 0.7 "
        "when it is not given"
    )


def test_matching_default_is_clean() -> None:
    assert lint_path(fixture_path("ml207_default_mismatch_clean.mlpackage"), select=["ML207"]) == []
