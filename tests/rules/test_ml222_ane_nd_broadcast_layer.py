from conftest import codes, fixture_path, lint_path


def test_add_broadcastable_fires() -> None:
    found = lint_path(fixture_path("ml222_nd_layer.mlmodel"), select=["ML222"])
    assert codes(found) == ["ML222"]
    [diagnostic] = found
    assert diagnostic.location == "layers/sum"
    assert diagnostic.message == (
        '1 of 2 compute ops estimated off the Neural Engine as broadcastable and "ND" layers '
        "(addBroadcastable x1): layers/sum"
    )


def test_elementwise_add_is_clean() -> None:
    assert lint_path(fixture_path("ml222_nd_layer_clean.mlmodel"), select=["ML222"]) == []
