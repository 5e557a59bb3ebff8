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
