from conftest import codes, fixture_path, lint_path


def test_double_input_and_output() -> None:
    found = lint_path(fixture_path("ml211_double_io.mlmodel"), select=["ML211"])
    assert codes(found) == ["ML211", "ML211"]
    assert [(d.location, d.message) for d in found] == [
        (
            "inputs/x",
            "input 'x' is multiArray DOUBLE [1, 4]: Core ML converts it from DOUBLE to the graph's float "
            "type on the CPU for every prediction",
        ),
        (
            "outputs/y",
            "output 'y' is multiArray DOUBLE: Core ML converts it to DOUBLE from the graph's float type "
            "on the CPU for every prediction",
        ),
    ]


def test_float32_features_are_clean() -> None:
    assert lint_path(fixture_path("ml211_double_io_clean.mlmodel"), select=["ML211"]) == []
