from conftest import codes, fixture_path, lint_path


def test_fires_on_three_classes_after_ml_program() -> None:
    found = lint_path(fixture_path("ml205_class_padding.mlpackage"), select=["ML205"])
    assert codes(found) == ["ML205"]
    assert found[0].location == "models[1]"
    assert found[0].message == (
        "the NMS confidence comes from mlProgram models[0] output 'raw_confidence' [6, 3] with 3 classes, "
        "not a multiple of 80"
    )


def test_multiple_of_eighty_is_clean() -> None:
    assert lint_path(fixture_path("ml205_class_padding_clean.mlpackage"), select=["ML205"]) == []


def test_nms_after_ml_program_with_80_classes_is_clean() -> None:
    assert lint_path(fixture_path("ml203_nms_pipeline.mlpackage"), select=["ML205"]) == []
