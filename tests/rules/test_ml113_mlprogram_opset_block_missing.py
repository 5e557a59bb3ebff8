"""ML113 mlprogram-opset-block-missing: a function's opset names no block."""

from __future__ import annotations

from conftest import codes, fixture_path, lint_path


def test_opset_without_block_fires() -> None:
    found = lint_path(fixture_path("ml113_opset_block_missing.mlpackage"), select=["ML113"])
    assert codes(found) == ["ML113"]
    assert found[0].location == "main"
    assert found[0].message == (
        "Missing block specialization for opset CoreML5 (function 'main' has blocks for: CoreML6)"
    )


def test_converted_program_is_clean() -> None:
    assert lint_path(fixture_path("ml113_opset_block_missing_clean.mlpackage"), select=["ML113"]) == []
