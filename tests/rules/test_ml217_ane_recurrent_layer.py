from conftest import codes, fixture_path, lint_path


def test_gru_layer_fires() -> None:
    found = lint_path(fixture_path("ml217_recurrent_layer.mlmodel"), select=["ML217"])
    assert codes(found) == ["ML217"]
    [diagnostic] = found
    assert diagnostic.location == "layers/gru"
    assert diagnostic.message == (
        "1 of 2 compute ops estimated off the Neural Engine as LSTM/GRU/RNN ops (gru x1): layers/gru"
    )


def test_dense_layer_is_clean() -> None:
    assert lint_path(fixture_path("ml217_recurrent_layer_clean.mlmodel"), select=["ML217"]) == []
