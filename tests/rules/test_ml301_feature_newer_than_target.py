from pathlib import Path

from conftest import codes, fixture_path

from mllint.api import Linter
from mllint.diagnostics import Diagnostic
from mllint.discovery import resolve
from mllint.knowledge.spec_versions import parse_target
from mllint.rule import RunContext


def lint_for(path: Path, target: str | None) -> list[Diagnostic]:
    linter = Linter.create()
    context = RunContext(target=parse_target(target) if target else None)
    return linter.lint(resolve([str(path)]), linter.selection(["ML301"]), context).diagnostics


def test_attention_ops_above_ios17() -> None:
    found = lint_for(fixture_path("ml301_attention_ios18.mlpackage"), "iOS17")
    assert codes(found) == ["ML301", "ML301"]
    opset, ops = found
    assert opset.location == "main"
    assert opset.message == (
        "ML program opset CoreML8 needs iOS18/macOS15 (spec 9), above the target iOS17/macOS14: main"
    )
    assert ops.location == "main/attn_0"
    assert ops.message == (
        "ML program op 'scaled_dot_product_attention' needs iOS18/macOS15 (spec 9), above the target"
        " iOS17/macOS14: main/attn_0, main/attn_1, main/attn_2 and 1 more"
    )


def test_macos_target_names_the_same_release() -> None:
    assert codes(lint_for(fixture_path("ml301_attention_ios18.mlpackage"), "macOS14")) == ["ML301", "ML301"]


def test_attention_at_its_own_target_is_clean() -> None:
    assert lint_for(fixture_path("ml301_attention_ios18.mlpackage"), "iOS18") == []


def test_matmul_softmax_twin_fits_ios17() -> None:
    assert lint_for(fixture_path("ml301_attention_ios18_clean.mlpackage"), "iOS17") == []


def test_nn_layer_newer_than_target() -> None:
    found = lint_for(fixture_path("ml301_nn_transpose.mlmodel"), "iOS12")
    messages = {d.location: d.message for d in found}
    assert codes(found) == ["ML301", "ML301"]
    assert messages["layers/swap"] == (
        "NN layer 'transpose' needs iOS13/macOS10.15 (spec 4), above the target iOS12/macOS10.14: layers/swap"
    )
    assert messages["layers"].startswith("NN input shape mapping other than RANK5 needs iOS13/macOS10.15 (spec 4)")


def test_nn_with_ios11_layers_is_clean() -> None:
    assert lint_for(fixture_path("ml301_nn_transpose_clean.mlmodel"), "iOS12") == []


def test_does_nothing_without_a_target() -> None:
    assert lint_for(fixture_path("ml301_attention_ios18.mlpackage"), None) == []


def test_cli_target_option() -> None:
    from conftest import run_mllint

    path = str(fixture_path("ml301_attention_ios18.mlpackage"))
    result = run_mllint("check", path, "--select", "ML301", "--target", "macOS14", "--format", "json")
    assert result.returncode == 1
    assert "ML program op 'scaled_dot_product_attention' needs iOS18/macOS15" in result.stdout
    assert run_mllint("check", path, "--select", "ML301", "--target", "iOS18").returncode == 0


def test_cli_unknown_target_is_a_usage_error() -> None:
    from conftest import run_mllint

    result = run_mllint("check", str(fixture_path("ml301_attention_ios18.mlpackage")), "--target", "iOS99")
    assert result.returncode == 2
    assert result.stderr.startswith("mllint: error: unknown deployment target 'iOS99'")
    assert len(result.stderr.strip().splitlines()) == 1
