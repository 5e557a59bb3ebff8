"""`mllint --version` and `mllint rules` load no protobuf module; linting never imports coremltools."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from mllint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.startswith(("google.protobuf", "_mllint_coreml_proto", "coremltools", "numpy")))
sys.stderr.write("IMPORTED:" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["rules", "--format", "json"], ["rule", "ML202"]])
def test_no_protobuf_module_is_imported(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True)
    imported = [line for line in result.stderr.splitlines() if line.startswith("IMPORTED:")]
    assert imported == ["IMPORTED:"], result.stderr


LINT_PROBE = """
import sys
from mllint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("REPORTERS:" + ",".join(sorted(m for m in sys.modules if m.startswith("mllint.reporters."))) + "\\n")
"""


def test_linting_imports_only_the_chosen_format() -> None:
    from conftest import fixture_path

    model = str(fixture_path("ml202_output_reshape.mlpackage"))
    for output_format, module in (("json", "json_report"), ("sarif", "sarif"), ("text", "text")):
        result = subprocess.run([sys.executable, "-c", LINT_PROBE, model, "--format", output_format],
                                capture_output=True, text=True)
        assert f"REPORTERS:mllint.reporters.{module}\n" in result.stderr, result.stderr


def test_builtin_formats_are_named_and_described_as_their_modules_say() -> None:
    import importlib

    from mllint import reporters

    for name, module, description in reporters.BUILTIN:
        spec = importlib.import_module(f"mllint.reporters.{module}").REPORTER
        assert (spec.name, spec.description) == (name, description)
        assert (spec.prepare is not None) == (name in reporters.PREPARING)


TOML_PROBE = """
import sys
from mllint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("TOMLLIB:" + str("tomllib" in sys.modules) + "\\n")
"""


@pytest.mark.parametrize(
    ("pyproject", "parsed"),
    [
        ('[project]\nname = "zoo"\ndependencies = ["mllint>=0.1"]\n', False),
        ('[project]\nname = "zoo"\n\n[tool.mllint]\nignore = ["ML2"]\n', True),
        ('[tool]\nmllint = {ignore = ["ML2"]}\n', True),
    ],
)
def test_a_pyproject_is_parsed_only_when_it_can_configure_mllint(tmp_path: Path, pyproject: str, parsed: bool) -> None:
    import shutil

    from conftest import fixture_path

    shutil.copy(fixture_path("ml502_no_author.mlmodel"), tmp_path / "model.mlmodel")
    (tmp_path / "pyproject.toml").write_text(pyproject)
    result = subprocess.run([sys.executable, "-c", TOML_PROBE, "model.mlmodel", "--format", "json"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert f"TOMLLIB:{parsed}" in result.stderr, result.stderr
    assert ('"code": "ML211"' in result.stdout) is not parsed  # ignore = ["ML2"] applies when read
