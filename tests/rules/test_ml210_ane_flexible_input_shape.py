from conftest import codes, fixture_path, lint_path

from mllint import Severity


def test_unbounded_range_is_a_warning() -> None:
    found = lint_path(fixture_path("ml210_flexible_range.mlmodel"), select=["ML210"])
    assert codes(found) == ["ML210"]
    [diagnostic] = found
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.location == "inputs/x"
    assert diagnostic.message == (
        "input 'x' has a flexible shape (ranges 1..1, 4..unbounded): the Neural Engine runs only the "
        "default shape [1, 4]; other shapes run on the CPU or GPU"
    )


def test_enumerated_shapes_are_info() -> None:
    found = lint_path(fixture_path("ml210_flexible_enumerated.mlmodel"), select=["ML210"])
    assert codes(found) == ["ML210"]
    [diagnostic] = found
    assert diagnostic.severity is Severity.INFO
    assert diagnostic.location == "inputs/x"
    assert diagnostic.message == (
        "input 'x' has 2 enumerated shapes ([1, 4], [1, 8]): each is compiled on its own and can use "
        "the Neural Engine; check every shape in Xcode's performance report"
    )


def test_range_with_equal_bounds_is_clean() -> None:
    assert lint_path(fixture_path("ml210_flexible_range_clean.mlmodel"), select=["ML210"]) == []
