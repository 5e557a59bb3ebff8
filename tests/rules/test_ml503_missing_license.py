from conftest import codes, fixture_path, lint_path


def test_fires_without_license() -> None:
    found = lint_path(fixture_path("ml503_no_license.mlmodel"), select=["ML503"])
    assert codes(found) == ["ML503"]
    assert found[0].location == "metadata"
    assert found[0].message == "the model has no licence (metadata.license is empty)"


def test_fires_on_placeholder_license() -> None:
    found = lint_path(fixture_path("ml503_placeholder_license.mlmodel"), select=["ML503"])
    assert codes(found) == ["ML503"]
    assert found[0].message == "the model's licence is the placeholder 'Unspecified' (metadata.license)"


def test_model_with_license_is_clean() -> None:
    assert lint_path(fixture_path("ml503_no_license_clean.mlmodel"), select=["ML503"]) == []
