"""[tool.mllint] / mllint.toml: real files next to copies of fixture models, mllint in a subprocess."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import fixture_path, run_mllint
from mllint.api import Linter
from mllint.config import ConfigError, PathIgnore
from mllint.discovery import resolve
from mllint.planning import CommandLine, Planner
from mllint.rule import Option, RunContext

RESHAPE = "ml212_fp32_compute.mlpackage"  # ML212 (a warning) fires on it; ML202 became an info (issue 12)
FINDING_LINE = "ML212 [warning] all 3 compute ops estimated off the Neural Engine as ops typed fp32"


def place(folder: Path, fixture: str = RESHAPE, name: str | None = None) -> Path:
    """A copy of a fixture model in ``folder`` (created), named ``name``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or fixture)
    shutil.copytree(fixture_path(fixture), target)
    return target


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def lint(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = run_mllint(*args, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mllint: error: "), lines
    return lines[0]


def test_pyproject_table_ignores_by_code_prefix_and_name(tmp_path: Path) -> None:
    place(tmp_path / "models")
    for selector in ("ML212", "ML2", "ane-fp32-compute"):
        write(tmp_path / "pyproject.toml", f'[project]\nname = "zoo"\n\n[tool.mllint]\nignore = ["{selector}"]\n')
        code, out, _ = lint("models", cwd=tmp_path)
        assert "ML212" not in out, (selector, out)


def test_command_line_select_starts_over_like_ruff(tmp_path: Path) -> None:
    """ruff 0.0.238 (#2312): `--select F401` ignores the pyproject's select/ignore modifiers."""
    place(tmp_path / "models")
    write(tmp_path / "pyproject.toml", '[tool.mllint]\nignore = ["ML212"]\n')
    code, out, _ = lint("--select", "ML212", "models", cwd=tmp_path)
    assert code == 1 and FINDING_LINE in out


def test_without_config_the_finding_shows(tmp_path: Path) -> None:
    place(tmp_path / "models")
    code, out, _ = lint("--select", "ML212", "models", cwd=tmp_path)
    assert code == 1 and FINDING_LINE in out


def test_config_select_and_command_line_ignore_layer_like_ruff(tmp_path: Path) -> None:
    place(tmp_path)
    write(tmp_path / "mllint.toml", 'select = ["ML212"]\n')
    code, out, _ = lint(".", cwd=tmp_path)
    assert code == 1 and FINDING_LINE in out
    assert "ML5" not in out  # select in the config narrowed the run to ML212
    code, out, _ = lint(".", "--ignore", "ane-fp32-compute", cwd=tmp_path)
    assert code == 0 and "ML212" not in out  # the command line's ignore applies on top of the config
    write(tmp_path / "mllint.toml", 'select = ["ML2"]\nignore = ["ML21"]\nextend-select = ["ML212"]\n')
    code, out, _ = lint(".", cwd=tmp_path)
    assert code == 1 and FINDING_LINE in out


def test_pyproject_without_mllint_table_is_passed_over(tmp_path: Path) -> None:
    place(tmp_path / "zoo" / "vision")
    write(tmp_path / "zoo" / "mllint.toml", 'select = ["ML2"]\nignore = ["ML212"]\n')
    write(tmp_path / "zoo" / "vision" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    code, out, _ = lint("zoo", cwd=tmp_path)
    assert "ML212" not in out  # zoo/mllint.toml applies, not the pyproject.toml next to the model
    write(tmp_path / "zoo" / "vision" / "pyproject.toml", '[tool.mllint]\nselect = ["ML212"]\n')
    code, out, _ = lint("zoo", cwd=tmp_path)
    assert code == 1 and FINDING_LINE in out


def test_nearest_config_wins_per_model_and_mllint_toml_beats_pyproject(tmp_path: Path) -> None:
    place(tmp_path / "zoo" / "old")
    place(tmp_path / "zoo" / "new")
    write(tmp_path / "zoo" / "mllint.toml", 'select = ["ML212"]\n')
    # zoo/old: mllint.toml beats the pyproject.toml in the same folder
    write(tmp_path / "zoo" / "old" / "mllint.toml", 'select = ["ML212"]\nignore = ["ML212"]\n')
    write(tmp_path / "zoo" / "old" / "pyproject.toml", '[tool.mllint]\nselect = ["ML212"]\n')
    code, out, _ = lint("zoo", cwd=tmp_path)
    lines = [l for l in out.splitlines() if "ML212 [warning]" in l]
    assert lines == [
        (
            f"zoo/new/{RESHAPE}:main/before: {FINDING_LINE} (relu x2, conv x1): main/before (FLOAT32 output), "
            "main/conv (FLOAT32 output), main/after (FLOAT32 output)"
        )
    ]
    assert code == 1


def test_per_path_ignores_globs_relative_to_the_config(tmp_path: Path) -> None:
    place(tmp_path / "models" / "legacy" / "2019")
    place(tmp_path / "models" / "current")
    place(tmp_path / "models" / "current", name="scratch.mlpackage")
    write(
        tmp_path / "models" / "pyproject.toml",
        '[tool.mllint]\nselect = ["ML212"]\n'
        '[tool.mllint.per-path-ignores]\n"legacy/**" = ["ML2"]\n"**/scratch.mlpackage" = ["ane-fp32-compute"]\n',
    )
    code, out, _ = lint("models", cwd=tmp_path)
    flagged = sorted(l.split(":")[0] for l in out.splitlines() if "ML212 [warning]" in l)
    assert flagged == [f"models/current/{RESHAPE}"]
    # per-path ignores apply whatever the command line selects
    code, out, _ = lint("models", "--select", "ML212", cwd=tmp_path)
    assert sorted(l.split(":")[0] for l in out.splitlines() if "ML212 [warning]" in l) == flagged


def test_fail_on_from_config_and_the_command_line_beats_it(tmp_path: Path) -> None:
    place(tmp_path)
    write(tmp_path / "mllint.toml", 'select = ["ML212"]\nfail-on = "error"\n')
    code, out, _ = lint(".", cwd=tmp_path)
    assert code == 0 and FINDING_LINE in out
    code, _, _ = lint(".", "--fail-on", "warning", cwd=tmp_path)
    assert code == 1


def test_config_option_overrides_discovery_and_isolated_reads_none(tmp_path: Path) -> None:
    place(tmp_path / "models")
    write(tmp_path / "models" / "mllint.toml", 'select = ["ML212"]\nignore = ["ML212"]\n')
    write(tmp_path / "strict.toml", 'select = ["ML212"]\n')
    assert "ML212" not in lint("models", cwd=tmp_path)[1]
    code, out, _ = lint("models", "--config", "strict.toml", cwd=tmp_path)
    assert code == 1 and FINDING_LINE in out
    code, out, _ = lint("models", "--isolated", "--select", "ML212", cwd=tmp_path)
    assert code == 1 and FINDING_LINE in out
    code, _, err = lint("models", "--isolated", "--config", "strict.toml", cwd=tmp_path)
    assert code == 2 and "--config and --isolated cannot be used together" in one_line_error(err)


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("pyproject.toml", '[tool.mllint]\nselec = ["ML2"]\n', "pyproject.toml: tool.mllint.selec: unknown key (did you mean 'select'?)"),
        ("mllint.toml", 'per-file-ignores = {"a" = ["ML2"]}\n', "mllint.toml: per-file-ignores: unknown key (did you mean 'per-path-ignores'?)"),
        ("mllint.toml", '[tool.mllint]\nselect = ["ML2"]\n', "mllint.toml: tool: unknown key (mllint.toml takes the keys at top level"),
        ("pyproject.toml", '[tool.mllint]\nignore = ["ML999"]\n', "pyproject.toml: tool.mllint.ignore: unknown rule code, prefix or name: 'ML999'"),
        ("mllint.toml", 'extend-select = ["no-such-rule"]\n', "mllint.toml: extend-select: unknown rule code, prefix or name: 'no-such-rule'"),
        ("mllint.toml", 'per-path-ignores = {"legacy/**" = ["ML99x"]}\n', "mllint.toml: per-path-ignores.\"legacy/**\": unknown rule code, prefix or name: 'ML99x'"),
        ("mllint.toml", '[rules.ML999]\nseconds = 1\n', "mllint.toml: rules.ML999: unknown rule code, prefix or name: 'ML999'"),
        ("pyproject.toml", '[tool.mllint.rules.ML406]\nmin_byte = 5\n', "pyproject.toml: [tool.mllint.rules.ML406] min_byte: unknown option (ML406 takes: min_bytes)"),
        ("pyproject.toml", '[tool.mllint.rules.ML406]\nmin_bytes = "10"\n', "pyproject.toml: [tool.mllint.rules.ML406] min_bytes: must be an integer, not '10'"),
        ("mllint.toml", '[rules.rule-timeout]\nseconds = true\n', "mllint.toml: [rules.rule-timeout] seconds: must be a number, not true"),
        ("mllint.toml", '[rules.ML9]\nsecond = 5\n', "mllint.toml: [rules.ML9] second: unknown option (ML9 rules take: seconds)"),
        ("mllint.toml", '[rules.ML900]\nseconds = 5\n', "mllint.toml: [rules.ML900] seconds: unknown option (ML900 takes no options)"),
        ("mllint.toml", 'select = "ML2"\n', "mllint.toml: select: must be a list"),
        ("mllint.toml", 'fail-on = "fatal"\n', "mllint.toml: fail-on: must be one of error, warning, info, never"),
        ("mllint.toml", 'target = "iOS99"\n', "mllint.toml: target: unknown deployment target 'iOS99'"),
        ("mllint.toml", 'select = ["ML2"\n', "mllint.toml: invalid TOML"),
    ],
)
def test_bad_config_is_a_one_line_usage_error(tmp_path: Path, file: str, text: str, message: str) -> None:
    place(tmp_path)
    write(tmp_path / file, text)
    code, out, err = lint(".", cwd=tmp_path)
    assert code == 2 and out == ""
    assert message in one_line_error(err)


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    place(tmp_path)
    code, _, err = lint(".", "--config", "nope.toml", cwd=tmp_path)
    assert code == 2 and "config file not found: nope.toml" in one_line_error(err)


def test_target_and_rule_options_reach_the_run_context(tmp_path: Path, linter: Linter) -> None:
    model = place(tmp_path / "models")
    write(
        tmp_path / "pyproject.toml",
        '[tool.mllint]\ntarget = "iOS16"\n'
        '[tool.mllint.rules.ML9]\nseconds = 5\n'
        '[tool.mllint.rules.rule-timeout]\nseconds = 60\n'
        '[tool.mllint.rules.ML4]\nmin_bytes = 10\n',
    )
    [artifact] = resolve([str(model)])
    plan = Planner(linter.registry.rules).plan(artifact)
    assert plan.context.target == 7  # iOS16 is spec version 7
    timeout = linter.registry.rule("rule-timeout")
    crashed = linter.registry.rule("ML900")
    assert timeout is not None and crashed is not None
    assert dict(plan.context.rule_options(timeout)) == {"seconds": 60}  # name beats prefix
    assert dict(plan.context.rule_options(crashed)) == {}  # ML900 declares no option: ML9's seconds is ML901's
    fp32 = linter.registry.rule("ML406")
    assert fp32 is not None and dict(plan.context.rule_options(fp32)) == {"min_bytes": 10}  # a prefix applies
    # a target on the command line beats the configuration's
    assert Planner(linter.registry.rules, CommandLine(target=9)).plan(artifact).context.target == 9
    assert Planner(linter.registry.rules, isolated=True).plan(artifact).context.target is None


def test_rule_options_fill_in_defaults_and_check_values_given_in_python(linter: Linter) -> None:
    fp32, timeout = linter.registry.rule("ML406"), linter.registry.rule("ML901")
    assert fp32 is not None and timeout is not None
    assert RunContext().rule_options(fp32) == {"min_bytes": 100 * 2**20}
    assert RunContext().rule_options(timeout) == {"seconds": 10.0}
    assert RunContext(options={"ML901": {"seconds": 1}}).rule_options(timeout) == {"seconds": 1}
    assert RunContext(options={"ML406": {"min_bytes": 10, "other": 1}}).rule_options(fp32) == {"min_bytes": 10}
    with pytest.raises(ValueError, match="must be an integer, not '10'"):
        RunContext(options={"ML406": {"min_bytes": "10"}}).rule_options(fp32)


def test_an_option_is_declared_with_a_type_its_default_has() -> None:
    assert Option("ratio", float, 1, "A ratio.").parse(2) == 2.0 and isinstance(Option("ratio", float, 1, "R.").parse(2), float)
    with pytest.raises(ValueError, match="default '10' is not an integer"):
        Option("min_bytes", int, "10", "Bytes.")
    with pytest.raises(ValueError, match="is not one of int, float, str, bool"):
        Option("items", list, [], "Items.")
    with pytest.raises(ValueError, match="is not snake_case"):
        Option("min-bytes", int, 1, "Bytes.")
    with pytest.raises(ValueError, match="must be true or false, not 1"):
        Option("strict", bool, False, "Strict.").parse(1)


def test_config_errors_name_the_file_and_key(tmp_path: Path, linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    model = place(tmp_path)
    write(tmp_path / "pyproject.toml", '[tool.mllint]\nrules = {ML212 = 3}\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^pyproject.toml: tool.mllint.rules.ML212: must be a table"):
        Planner(linter.registry.rules).plan(resolve([str(model)])[0])


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("legacy/**", "legacy/a/b.mlpackage", True),
        ("legacy/**", "current/legacy.mlpackage", False),
        ("**/scratch.mlpackage", "scratch.mlpackage", True),
        ("**/scratch.mlpackage", "a/b/scratch.mlpackage", True),
        ("a/*.mlmodel", "a/b/c.mlmodel", False),
        ("a/*.mlmodel", "a/c.mlmodel", True),
        ("a/**/c.mlmodel", "a/c.mlmodel", True),
        ("[!x]*.mlmodel", "y.mlmodel", True),
        ("[!x]*.mlmodel", "x.mlmodel", False),
    ],
)
def test_glob_patterns(glob: str, path: str, expected: bool) -> None:
    assert PathIgnore(glob, ()).matches(path) is expected


def test_the_readme_configuration_example_is_valid(tmp_path: Path, linter: Linter) -> None:
    import re

    from conftest import ROOT
    from mllint.config import load_config

    readme = (ROOT / "README.md").read_text()
    [block] = [b for b in re.findall(r"```toml\n(.*?)```", readme, flags=re.S) if "[tool.mllint]" in b]
    write(tmp_path / "pyproject.toml", block)
    config = load_config(tmp_path / "pyproject.toml", linter.registry.rules)
    assert config.target == 7 and dict(config.rule_options["ML406"]) == {"min_bytes": 52428800}
