"""Plugins: a real third-party package installed and found through its entry point;
crashing and misbehaving rules become ML900 without losing the rest of the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, fixture_path
from mllint import Finding, hookimpl, model_rule, op_rule
from mllint.api import Linter
from mllint.discovery import resolve
from mllint.plugins import PluginError, collect, get_plugin_manager

FINDING = fixture_path("ml202_output_reshape.mlpackage")


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pip-install tests/plugin_package into a private folder, as a user would install it."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT / "tests" / "plugin_package")],
        check=True,
        capture_output=True,
    )
    return target


def test_third_party_plugin_is_picked_up_through_its_entry_point(installed_plugin: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(installed_plugin))
    listing = subprocess.run([sys.executable, "-m", "mllint", "rules", "--format", "json"], env=env,
                             capture_output=True, text=True, check=True)
    [rule] = [r for r in json.loads(listing.stdout) if r["code"] == "EXP101"]
    assert rule["name"] == "input-without-description"
    assert rule["plugin"] == "mllint-example-plugin:example"
    result = subprocess.run([sys.executable, "-m", "mllint", str(FINDING), "--select", "EXP101", "--format", "json",
                             "--fail-on", "info"], env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["code"] == "EXP101" and diagnostic["location"] == "inputs/x"
    assert diagnostic["message"] == "input 'x' has no description"


def test_builtin_rules_come_from_the_same_entry_point_group() -> None:
    from importlib.metadata import entry_points

    names = {ep.value for ep in entry_points(group="mllint")}
    assert "mllint_rules.ane" in names and "mllint.reporters" in names
    registry = Linter.create().registry
    assert registry.rule("ML202").plugin.endswith(":builtin-ane")


# ---------------------------------------------------------------- misbehaving rules


@model_rule(code="ML851", name="always-raises", summary="Raises.", why="Test.", fix="None.")
def always_raises(model):
    raise ValueError("boom")


@op_rule(code="ML852", name="returns-garbage", summary="Garbage.", why="Test.", fix="None.", op_types=["reshape"])
def returns_garbage(op):
    return ["not a finding"]


@model_rule(code="ML853", name="still-works", summary="Works.", why="Test.", fix="None.")
def still_works(model):
    yield Finding("still here")


class Misbehaving:
    @hookimpl
    def mllint_rules(self):
        return [always_raises, returns_garbage, still_works]


def _lint_with(*plugins: object):
    from mllint import reporters
    from mllint_rules import ane

    linter = Linter.create([ane, reporters, *plugins])
    return linter.lint(resolve([str(FINDING)]), linter.selection()).diagnostics


def test_a_crashing_rule_becomes_one_ml900_and_the_others_still_run() -> None:
    found = _lint_with(Misbehaving())
    by_code = {}
    for d in found:
        by_code.setdefault(d.code, []).append(d)
    assert [d.message for d in by_code["ML853"]] == ["still here"]
    assert "ML202" in by_code
    crashes = sorted(d.message for d in by_code["ML900"])
    assert len(crashes) == 2
    assert crashes[0].startswith("rule ML851 (always-raises) from plugin ")
    assert "crashed: ValueError: boom" in crashes[0]
    assert crashes[1].startswith("rule ML852 (returns-garbage)")
    assert "TypeError: returned str, not a Finding" in crashes[1]


def test_duplicate_codes_are_refused() -> None:
    class Duplicate:
        @hookimpl
        def mllint_rules(self):
            return [still_works]

    manager = get_plugin_manager([Misbehaving(), Duplicate()])
    with pytest.raises(PluginError, match="rule ML853 is provided by both"):
        collect(manager)


# ---------------------------------------------------------------- codes and entry points


def _fake_distribution(site: Path, project: str, entry_point: str, code: str, rule_name: str) -> None:
    """An installed distribution as pip leaves it: a module and its .dist-info with an entry point."""
    module = project.replace("-", "_")
    (site / f"{module}.py").write_text(
        "from mllint import hookimpl, model_rule\n"
        f"@model_rule(code={code!r}, name={rule_name!r}, summary='S.', why='W.', fix='F.')\n"
        "def check(model):\n    return []\n"
        "@hookimpl\ndef mllint_rules():\n    return [check]\n"
    )
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[mllint]\n{entry_point} = {module}\n")


def _rules_command(site: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site))
    return subprocess.run([sys.executable, "-m", "mllint", "rules"], env=env, capture_output=True, text=True)


def test_a_third_party_plugin_with_its_own_prefix_is_listed(tmp_path: Path) -> None:
    _fake_distribution(tmp_path, "acme-rules", "acme", "ACM101", "acme-check")
    result = _rules_command(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ACM101  acme-check" in result.stdout


def test_the_ml_prefix_is_reserved_to_mllints_own_distribution(tmp_path: Path) -> None:
    _fake_distribution(tmp_path, "acme-rules", "acme", "ML801", "acme-check")
    result = _rules_command(tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "mllint: error: plugin acme-rules:acme: rule ML801 uses the prefix ML, reserved to mllint's own rules; "
        "give the plugin's rules a prefix of their own (letters then digits, e.g. ABC123)"
    ]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (("beta-rules", "beta", "ACM101", "beta-check"), "rule ACM101 is provided by both acme-rules:acme and beta-rules:beta"),
        (("beta-rules", "beta", "BET101", "acme-check"), "rule acme-check is provided by both acme-rules:acme and beta-rules:beta"),
        (("beta-rules", "acme", "BET101", "beta-check"), "entry point mllint:acme is provided by both acme-rules and beta-rules"),
    ],
)
def test_plugins_that_clash_are_a_one_line_error_naming_both(tmp_path: Path, second: tuple[str, str, str, str],
                                                             message: str) -> None:
    _fake_distribution(tmp_path, "acme-rules", "acme", "ACM101", "acme-check")
    _fake_distribution(tmp_path, *second)
    result = _rules_command(tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"mllint: error: {message}"]


def test_rule_codes_are_letters_then_three_digits() -> None:
    for code in ("ML101", "A101", "ABC123"):
        model_rule(code=code, name="fine", summary="S.", why="W.", fix="F.")(lambda model: None)
    for code in ("ml101", "ABCD123", "ML1", "ML1000", "101"):
        with pytest.raises(ValueError, match="is not 1 to 3 capital letters then three digits"):
            model_rule(code=code, name="fine", summary="S.", why="W.", fix="F.")(lambda model: None)


def test_a_distribution_on_two_path_entries_is_loaded_once(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"  # say, site-packages and a stale build/ copy
    for site in (first, second):
        site.mkdir()
        _fake_distribution(site, "acme-rules", "acme", "ACM101", "acme-check")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(first), str(second)]))
    result = subprocess.run([sys.executable, "-m", "mllint", "rules"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith("ACM101")] == [
        "ACM101  acme-check                       warning  S."
    ]


def test_version_reads_no_entry_point() -> None:
    probe = (
        "import sys\nfrom mllint.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "assert 'importlib.metadata' not in sys.modules and 'mllint.plugins' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "mllint 0.1.0\n", result.stderr


def test_entry_points_are_those_importlib_metadata_reports() -> None:
    from importlib.metadata import entry_points

    from mllint.plugins import entry_points as found

    assert [(ep.name, ep.value) for ep in found("mllint")] == [(ep.name, ep.value) for ep in entry_points(group="mllint")]
