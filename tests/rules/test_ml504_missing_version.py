from conftest import codes, fixture_path, lint_path


def test_fires_without_version_string() -> None:
    found = lint_path(fixture_path("ml504_no_version.mlmodel"), select=["ML504"])
    assert codes(found) == ["ML504"]
    assert found[0].location == "metadata"
    assert found[0].message == "the model has no version string (metadata.versionString is empty)"


def test_versioned_model_is_clean() -> None:
    assert lint_path(fixture_path("ml504_no_version_clean.mlmodel"), select=["ML504"]) == []
