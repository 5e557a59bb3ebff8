"""ML125 op-newer-than-opset, and the generated op table it reads."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from conftest import ROOT

from mllint.knowledge import mil_ops

# ---------------------------------------------------------------- the generated table


def _generator():
    path = ROOT / "tools" / "generate_mil_ops.py"
    spec = importlib.util.spec_from_file_location("generate_mil_ops", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["generate_mil_ops"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_table_agrees_with_installed_coremltools() -> None:
    table = _generator().build_table()
    assert {op: (row.first_opset, row.source) for op, row in table.rows.items()} == {
        op: (row.first_opset, row.source) for op, row in mil_ops.MIL_OPS.items()
    }, "mllint/knowledge/mil_ops.py is stale: rerun tools/generate_mil_ops.py"
    assert mil_ops.NEWEST_OPSET == table.newest_opset


def test_table_file_is_exactly_what_the_generator_writes() -> None:
    generator = _generator()
    assert (ROOT / "mllint" / "knowledge" / "mil_ops.py").read_text() == generator.render(generator.build_table())


def test_known_facts_of_the_table() -> None:
    ops = mil_ops.MIL_OPS
    assert ops["conv"].first_opset == "CoreML5"
    assert ops["constexpr_lut_to_dense"].first_opset == "CoreML6"
    assert ops["resize"].first_opset == "CoreML7"
    assert ops["scaled_dot_product_attention"].first_opset == "CoreML8"
    # coreml_update_state is saved as write_state + read_state (iOS18)
    assert ops["write_state"].first_opset == ops["read_state"].first_opset == "CoreML8"
    assert "coreml_update_state" not in ops and "_const_symbolic" not in ops


def test_lint_time_needs_no_coremltools() -> None:
    code = (
        "import sys, mllint.knowledge.mil_ops, mllint_rules.load;"
        "bad = [m for m in ('coremltools', 'numpy') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
