"""ML124 nn-input-not-present: layers reading values not yet produced."""

from __future__ import annotations

from conftest import fixture_path, lint_path


def test_fires_on_layer_before_its_producer() -> None:
    [diagnostic] = lint_path(fixture_path("ml124_input_not_present.mlmodel"), select=["ML124"])
    assert diagnostic.code == "ML124"
    assert diagnostic.location == "layers/relu_out"
    assert diagnostic.message == (
        "Layer 'relu_out' consumes an input named 'hidden' which is not present in this network."
    )


def test_fires_on_missing_branch_condition_with_the_branch_message() -> None:
    [diagnostic] = lint_path(fixture_path("ml124_branch_condition.mlmodel"), select=["ML124"])
    assert diagnostic.location == "layers/branch"
    assert diagnostic.message == (
        "Branch Layer 'branch' requires the condition blob 'flag' which is not present in the network "
        "prior to this layer."
    )


def test_in_order_and_branch_twins_are_clean() -> None:
    assert lint_path(fixture_path("ml124_input_not_present_clean.mlmodel"), select=["ML124"]) == []
    assert lint_path(fixture_path("ml122_branch_output_clean.mlmodel"), select=["ML124"]) == []
