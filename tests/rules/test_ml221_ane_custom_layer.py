from conftest import codes, fixture_path, lint_path


def test_custom_layer_fires() -> None:
    found = lint_path(fixture_path("ml221_custom_layer.mlmodel"), select=["ML221"])
    assert codes(found) == ["ML221"]
    [diagnostic] = found
    assert diagnostic.location == "layers/warp"
    assert diagnostic.message == (
        "1 of 2 compute ops estimated off the Neural Engine as custom layers (custom x1): layers/warp"
    )


def test_builtin_layer_is_clean() -> None:
    assert lint_path(fixture_path("ml221_custom_layer_clean.mlmodel"), select=["ML221"]) == []
