from conftest import fixture_path, lint_path

from mllint import Severity


def test_labels_against_declared_output_is_a_load_error() -> None:
    found = lint_path(fixture_path("ml204_label_count.mlpackage"), select=["ML204"])
    assert [(d.code, d.location, d.severity) for d in found] == [("ML204", "models[1]", Severity.ERROR)]
    assert found[0].message == (
        "3 class labels, but the confidence has 80 classes (input 'raw_confidence' [6, 80], "
        "mlProgram models[0] output 'raw_confidence' [6, 80], output 'confidence' dimension 1): "
        "Core ML refuses to load it (\"Number of classes is not consistent for class labels (3) and "
        "dimension 1 of output confidence shape range\")"
    )


def test_labels_against_input_only_is_a_warning() -> None:
    found = lint_path(fixture_path("ml204_label_count_undeclared.mlpackage"), select=["ML204"])
    assert [(d.location, d.severity, d.message) for d in found] == [
        (
            "models[1]",
            Severity.WARNING,
            "3 class labels, but the confidence has 80 classes (input 'raw_confidence' [6, 80], "
            "mlProgram models[0] output 'raw_confidence' [6, 80])",
        )
    ]


def test_one_label_per_class_is_clean() -> None:
    assert lint_path(fixture_path("ml204_label_count_clean.mlpackage"), select=["ML204"]) == []
