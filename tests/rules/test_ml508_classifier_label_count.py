from conftest import codes, fixture_path, lint_path


def test_fires_on_nn_classifier_with_fewer_labels() -> None:
    found = lint_path(fixture_path("ml508_nn_label_count.mlmodel"), select=["ML508"])
    assert codes(found) == ["ML508"]
    assert found[0].location == "layers/fc"
    assert found[0].message == "3 class labels for 4 probabilities from innerProduct 'fc'"


def test_nn_classifier_with_matching_labels_is_clean() -> None:
    assert lint_path(fixture_path("ml508_nn_label_count_clean.mlmodel"), select=["ML508"]) == []


def test_fires_on_program_classify_with_a_label_dropped() -> None:
    found = lint_path(fixture_path("ml508_program_label_count.mlpackage"), select=["ML508"])
    assert codes(found) == ["ML508"]
    assert found[0].location == "main/classify_0"
    assert found[0].message == "3 class labels for 4 probabilities from 'probs' [1, 4]"


def test_program_classifier_with_matching_labels_is_clean() -> None:
    assert lint_path(fixture_path("ml508_program_label_count_clean.mlpackage"), select=["ML508"]) == []
