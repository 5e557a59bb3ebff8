from conftest import codes, fixture_path, lint_path


def test_fires_on_reshape_behind_cast() -> None:
    found = lint_path(fixture_path("ml202_output_reshape.mlpackage"), select=["ML202"])
    assert codes(found) == ["ML202"]
    [diagnostic] = found
    assert diagnostic.location == "main/flatten_out_cast_fp16"
    assert diagnostic.message == (
        "output 'flatten_out' is produced by reshape 'flatten_out_cast_fp16' (through a trailing cast)"
    )


def test_reshape_inside_graph_is_clean() -> None:
    assert lint_path(fixture_path("ml202_output_reshape_clean.mlpackage"), select=["ML202"]) == []
