"""ML301 feature-newer-than-target through the command line (the cases are in
rules/deployment/ml301_feature_newer_than_target.toml)."""

from conftest import fixture_path, run_mllint


def test_cli_target_option() -> None:
    path = str(fixture_path("ml301_attention_ios18.mlpackage"))
    result = run_mllint("check", path, "--select", "ML301", "--target", "macOS14", "--format", "json")
    assert result.returncode == 1
    assert "ML program op 'scaled_dot_product_attention' needs iOS18/macOS15" in result.stdout
    assert run_mllint("check", path, "--select", "ML301", "--target", "iOS18").returncode == 0


def test_cli_unknown_target_is_a_usage_error() -> None:
    result = run_mllint("check", str(fixture_path("ml301_attention_ios18.mlpackage")), "--target", "iOS99")
    assert result.returncode == 2
    assert result.stderr.startswith("mllint: error: unknown deployment target 'iOS99'")
    assert len(result.stderr.strip().splitlines()) == 1
