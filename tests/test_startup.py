"""`mllint --version` and `mllint rules` load no protobuf module; linting never imports coremltools."""

from __future__ import annotations

import subprocess
import sys

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
