"""Core ML's own validator on an in-memory spec, for the ML1 focused tests.

``../shared/oracle/mlvalidate`` (its README is beside it) is the open-source validator of
apple/coremltools ``mlmodel/src`` compiled for Linux. A test that builds a spec with
:mod:`ml1_specs` asks it here what Core ML says, so the expected message is the
validator's, not a copy typed into the test. Tests skip when the oracle is absent.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

ORACLE = ROOT.parent / "shared" / "oracle" / "mlvalidate"
PREFIX = "validator error: "


def validator_messages(spec: Any) -> list[str]:
    """Every error the validator reports on the spec, first the one Core ML shows (``--all``
    adds the errors of further units), ``validator error: `` removed; ``[]`` when it accepts."""
    if not ORACLE.is_file():
        pytest.skip(f"Core ML's validator is absent ({ORACLE})")
    with tempfile.TemporaryDirectory(prefix="mllint-ml1-") as folder:
        path = Path(folder) / "model.mlmodel"
        path.write_bytes(spec.SerializeToString())
        command = [str(ORACLE), "--all", str(path)]
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert lines and lines[0].split(" ", 1)[0] in ("OK", "INVALID"), done.stdout + done.stderr
    return [line.split(PREFIX, 1)[1].replace("\\n", "\n") for line in lines if PREFIX in line]


def validator_first_message(spec: Any) -> str | None:
    """What Core ML reports when it refuses the spec, or None when it loads it."""
    found = validator_messages(spec)
    return found[0] if found else None
