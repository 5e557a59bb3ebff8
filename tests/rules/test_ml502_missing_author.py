from conftest import codes, fixture_path, lint_path


def test_fires_without_author() -> None:
    found = lint_path(fixture_path("ml502_no_author.mlmodel"), select=["ML502"])
    assert codes(found) == ["ML502"]
    assert found[0].location == "metadata"
    assert found[0].message == "the model has no author (metadata.author is empty)"


def test_model_with_author_is_clean() -> None:
    assert lint_path(fixture_path("ml502_no_author_clean.mlmodel"), select=["ML502"]) == []
