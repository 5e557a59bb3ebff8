"""Robustness: whatever mllint is given, it answers with a diagnostic.

Never a traceback, never a hang, never a write next to a model. Each case
asserts the exact diagnostic code and that the input tree is unchanged.
(Bad packages and files the loader refuses are also covered, case by case,
in tests/test_loader.py; this file adds the hostile ones.)
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from conftest import codes, fixture_path

import mllint.engine as engine
import mllint.watchdog as watchdog
from mllint import Finding, hookimpl, model_rule, op_rule
from mllint.api import Linter
from mllint.diagnostics import Diagnostic
from mllint.discovery import resolve
from mllint.rule import RunContext

PACKAGE = "ml202_output_reshape.mlpackage"
WARNING_PACKAGE = "ml212_fp32_compute.mlpackage"  # a warning makes the exit code 1 (ML202 is an info)


def tree_digest(path: Path) -> str:
    """Names, modes, link targets and contents of everything under ``path``."""
    digest = hashlib.sha256()
    items = sorted(path.rglob("*")) if path.is_dir() and not path.is_symlink() else []
    for item in [path, *items]:
        digest.update(os.fsencode(item))
        info = os.lstat(item)
        digest.update(f"{info.st_mode}:{info.st_size}".encode())
        if item.is_symlink():
            digest.update(os.fsencode(os.readlink(item)))
        elif item.is_file():
            with open(item, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


# --------------------------------------------------------------------------- misbehaving plugin rules


@model_rule(code="ML871", name="raises-key-error", summary="Raises.", why="Test.", fix="None.")
def raises_key_error(model):
    return {}["missing"]


@model_rule(code="ML872", name="returns-an-int", summary="Garbage.", why="Test.", fix="None.")
def returns_an_int(model):
    return 42


@model_rule(code="ML873", name="malformed-finding", summary="Garbage.", why="Test.", fix="None.")
def malformed_finding(model):
    yield Finding("fine so far")
    yield Finding(["not", "a", "string"])  # type: ignore[arg-type]


@model_rule(code="ML874", name="calls-exit", summary="Exits.", why="Test.", fix="None.")
def calls_exit(model):
    raise SystemExit(3)


@model_rule(code="ML875", name="loops-forever", summary="Hangs.", why="Test.", fix="None.")
def loops_forever(model):
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # noqa: BLE001 - a rule that swallows errors must still be stopped
            pass


@op_rule(code="ML876", name="slow-per-op", summary="Slow.", why="Test.", fix="None.",
         op_types=["const", "relu", "reshape", "cast"])
def slow_per_op(op):
    time.sleep(0.04)
    yield Finding(f"looked at {op.name}")


@model_rule(code="ML877", name="well-behaved", summary="Works.", why="Test.", fix="None.")
def well_behaved(model):
    yield Finding("still here")


class Hostile:
    def __init__(self, *rules):
        self.rules = list(rules)

    @hookimpl
    def mllint_rules(self):
        return self.rules


def lint_with(path: Path, *rules, budget: float | None = None) -> list[Diagnostic]:
    from mllint import reporters
    from mllint_rules import ane

    linter = Linter.create([ane, reporters, Hostile(*rules)])
    options = {"ML901": {"seconds": budget}} if budget is not None else {}
    return linter.lint(resolve([str(path)]), linter.selection(), RunContext(options=options)).diagnostics


def by_code(found: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {}
    for diagnostic in found:
        grouped.setdefault(diagnostic.code, []).append(diagnostic)
    return grouped


def test_raising_garbage_and_exiting_rules_are_one_ml900_each_and_the_report_survives() -> None:
    found = by_code(lint_with(fixture_path(PACKAGE), raises_key_error, returns_an_int, malformed_finding,
                              calls_exit, well_behaved))
    assert [d.message for d in found["ML877"]] == ["still here"]
    assert [d.code for d in found["ML202"]] == ["ML202"]
    crashes = sorted(d.message for d in found["ML900"])
    assert len(crashes) == 4
    assert crashes[0].startswith("rule ML871 (raises-key-error)") and "KeyError: 'missing'" in crashes[0]
    assert crashes[1].startswith("rule ML872 (returns-an-int)") and "TypeError" in crashes[1]
    assert crashes[2].startswith("rule ML873 (malformed-finding)")
    assert "TypeError: returned a Finding whose message is list, not str" in crashes[2]
    assert crashes[3].startswith("rule ML874 (calls-exit)") and "SystemExit: 3" in crashes[3]
    assert "ML873" not in found  # a rule whose call went wrong keeps none of that call's findings


def test_a_rule_that_never_returns_is_interrupted_as_ml901(monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.perf_counter()
    found = by_code(lint_with(fixture_path(PACKAGE), loops_forever, well_behaved, budget=0.2))
    assert time.perf_counter() - start < 60  # a generous bound: without the watchdog this never returns
    [timeout] = found["ML901"]
    assert timeout.message.startswith("rule ML875 (loops-forever) from plugin ")
    assert timeout.message.endswith(
        "used more than its 0.2 s budget on this model and was interrupted; its findings for this model are incomplete"
    )
    assert [d.message for d in found["ML877"]] == ["still here"]
    assert "ML202" in found


def slow_op_count() -> int:
    from mllint.loader import load

    [artifact] = resolve([str(fixture_path(PACKAGE))])
    return sum(1 for op in load(artifact).root.ops if op.type in slow_per_op.op_types)


def test_a_slow_rule_is_stopped_once_over_its_budget_and_keeps_what_it_found() -> None:
    found = by_code(lint_with(fixture_path(PACKAGE), slow_per_op, well_behaved, budget=0.1))
    [timeout] = found["ML901"]
    assert "rule ML876 (slow-per-op)" in timeout.message
    assert 1 <= len(found.get("ML876", [])) < slow_op_count()
    assert [d.message for d in found["ML877"]] == ["still here"]


def test_without_the_watchdog_the_budget_is_checked_after_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watchdog.Watchdog, "usable", staticmethod(lambda: False))
    found = by_code(lint_with(fixture_path(PACKAGE), slow_per_op, well_behaved, budget=0.1))
    [timeout] = found["ML901"]
    assert timeout.message.endswith("used more than its 0.1 s budget on this model and was not called again; "
                                    "its findings for this model are incomplete")
    assert 1 <= len(found["ML876"]) < slow_op_count()


def test_the_watchdog_leaves_sigalrm_as_it_found_it() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    lint_with(fixture_path(PACKAGE), well_behaved, budget=0.2)
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class HostileFacts:
    """A plugin whose ``mllint_model_facts`` misbehaves in the way named by ``how``."""

    def __init__(self, how: str):
        self.how = how

    @hookimpl
    def mllint_model_facts(self, model):
        if self.how == "raises":
            raise RuntimeError("no facts today")
        if self.how == "exits":
            raise SystemExit(4)
        if self.how == "hangs":
            while True:
                time.sleep(0.01)
        if self.how == "not json":
            return {"layers": {1, 2, 3}}
        return 17  # not a mapping


@pytest.mark.parametrize(
    ("how", "code", "message"),
    [
        ("raises", "ML900", "failed to compute facts: RuntimeError: no facts today"),
        ("exits", "ML900", "failed to compute facts: SystemExit: 4"),
        ("not json", "ML900", "failed to compute facts: TypeError: Object of type set is not JSON serializable"),
        ("garbage", "ML900", "failed to compute facts: TypeError"),
        ("hangs", "ML901", "took more than 0.2 s to compute facts for this model and was interrupted"),
    ],
)
def test_a_misbehaving_facts_plugin_loses_only_its_facts(how: str, code: str, message: str) -> None:
    import io

    from mllint import reporters
    from mllint.reporting import ReportOptions
    from mllint_rules import ane

    linter = Linter.create([ane, reporters, HostileFacts(how), Hostile(well_behaved)])
    report = linter.lint(resolve([str(fixture_path(PACKAGE))]), linter.selection(),
                         RunContext(options={"ML901": {"seconds": 0.2}}))
    found = by_code(report.diagnostics)
    [problem] = found[code]
    assert message in problem.message
    assert "ML202" in found and "ML877" in found
    for output_format in ("json", "sarif", "text"):
        buffer = io.StringIO()
        linter.registry.reporters[output_format].render(report, buffer, ReportOptions())
        if output_format != "text":
            assert json.loads(buffer.getvalue())


def test_the_watchdog_never_raises_inside_a_finalizer() -> None:
    """An exception raised in a weakref callback or __del__ is printed as "Exception ignored" and lost:
    the watchdog waits for the next tick when the garbage collector interrupted the rule there."""
    import sys
    import weakref

    frames: list = []

    class Dying:
        def __del__(self):
            frames.append(("del", sys._getframe()))

    class Target:
        pass

    target = Target()
    reference = weakref.WeakKeyDictionary({target: 1})  # its removal callback lives in weakref.py
    del target
    dying = Dying()
    del dying
    assert len(reference) == 0 and frames
    assert watchdog.in_finalizer(frames[0][1])
    assert not watchdog.in_finalizer(sys._getframe())
    remove = reference._remove  # the callback WeakKeyDictionary registers for each key
    assert remove.__code__.co_filename == weakref.__file__


def test_the_budget_defaults_to_ten_seconds_and_ml901_is_registered() -> None:
    assert engine.RULE_TIME_BUDGET == 10.0
    rule = Linter.create().registry.rule("ML901")
    assert rule is not None and rule.name == "rule-timeout" and rule.severity.label == "error"


# --------------------------------------------------------------------------- hostile files

from spec_mutations import many_sub_models, nest_in_pipelines  # noqa: E402

from mllint import protos  # noqa: E402
from mllint.loader import MAX_SPEC_BYTES  # noqa: E402

PROGRAM_SPEC = fixture_path(PACKAGE) / "Data/com.apple.CoreML/model.mlmodel"
TINY_NN = fixture_path("ml114_spec_version_too_new_clean.mlmodel")
ENGINE_CODES = {"ML900", "ML901"}


@pytest.fixture(scope="module")
def all_rules() -> Linter:
    return Linter.create()


def lint_all(linter: Linter, path: Path) -> list[Diagnostic]:
    return linter.lint(resolve([str(path)]), linter.selection()).diagnostics


def lint_bytes(linter: Linter, folder: Path, data: bytes, name: str = "input.mlmodel") -> list[Diagnostic]:
    """Lint ``data`` as a .mlmodel file with every rule; the file is unchanged afterwards."""
    path = folder / name
    path.write_bytes(data)
    before = tree_digest(folder)
    found = lint_all(linter, path)
    assert tree_digest(folder) == before
    return found


def only_ml000(found: list[Diagnostic]) -> str:
    assert codes(found) == ["ML000"], [(d.code, d.message) for d in found]
    assert "\n" not in found[0].message
    return found[0].message


def program(edit) -> bytes:
    spec = protos.model_class()()
    spec.ParseFromString(PROGRAM_SPEC.read_bytes())
    edit(spec)
    return spec.SerializeToString()


def operations(spec):
    return spec.mlProgram.functions["main"].block_specializations["CoreML6"].operations


def test_every_truncation_of_a_model_is_ml000(all_rules: Linter, tmp_path: Path) -> None:
    data = PROGRAM_SPEC.read_bytes()
    for length in range(len(data)):
        message = only_ml000(lint_bytes(all_rules, tmp_path, data[:length]))
        expected = ("file is empty",) if length == 0 else (
            "not a Core ML model: protobuf parse failed", "Model specification version field missing",
            "Model did not specify a valid model-parameter type.")
        assert message.startswith(expected), (length, message)
    assert ENGINE_CODES.isdisjoint(codes(lint_bytes(all_rules, tmp_path, data)))


def test_random_bytes_never_crash(all_rules: Linter, tmp_path: Path) -> None:
    import random

    rng = random.Random(20260)
    for _ in range(300):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 400)))
        found = lint_bytes(all_rules, tmp_path, data)
        assert found == [] or "ML000" not in codes(found) or codes(found) == ["ML000"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("program", "not a Core ML model: protobuf parse failed (Error parsing message with type "
                    "'CoreML.Specification.Model': Wire format was corrupt)"),
        ("description", "Model specification version field missing or corrupt."),
        ("feature type", "Model specification version field missing or corrupt."),
    ],
)
def test_a_protobuf_of_another_message_is_ml000(all_rules: Linter, tmp_path: Path, name: str, message: str) -> None:
    spec = protos.model_class()()
    spec.ParseFromString(PROGRAM_SPEC.read_bytes())
    other = {"program": spec.mlProgram, "description": spec.description,
             "feature type": spec.description.input[0].type}[name]
    assert only_ml000(lint_bytes(all_rules, tmp_path, other.SerializeToString())) == message


def test_names_that_are_not_utf8_are_refused_by_protobuf(all_rules: Linter, tmp_path: Path) -> None:
    data = PROGRAM_SPEC.read_bytes().replace(b"flatten_out", b"flatten\xff\xfeut")
    assert "String field had bad UTF-8" in only_ml000(lint_bytes(all_rules, tmp_path, data))


@pytest.mark.parametrize("depth", [45, 101, 5000])
def test_pipelines_nested_past_the_protobuf_limit_are_ml000(all_rules: Linter, tmp_path: Path, depth: int) -> None:
    data = nest_in_pipelines(PROGRAM_SPEC.read_bytes(), depth)
    assert only_ml000(lint_bytes(all_rules, tmp_path, data)) == (
        "not a readable Core ML model: messages nested deeper than protobuf's limit of 100 levels "
        "(pipelines nested in pipelines?)"
    )


def test_pipelines_nested_as_deep_as_protobuf_reads_are_linted(all_rules: Linter, tmp_path: Path) -> None:
    found = lint_bytes(all_rules, tmp_path, nest_in_pipelines(PROGRAM_SPEC.read_bytes(), 40))
    assert ENGINE_CODES.isdisjoint(codes(found)) and "ML000" not in codes(found)
    assert any(d.location.count("models[0]") == 40 for d in found)  # the innermost program is reached


def test_a_pipeline_of_three_thousand_models(all_rules: Linter, tmp_path: Path) -> None:
    found = lint_bytes(all_rules, tmp_path, many_sub_models(TINY_NN.read_bytes(), 3000))
    assert ENGINE_CODES.isdisjoint(codes(found)) and "ML000" not in codes(found)


def _set_input(spec, op_type: str, name: str) -> None:
    op = next(o for o in operations(spec) if o.type == op_type)
    op.inputs["x"].arguments[0].name = name


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda s: _set_input(s, "relu", "flatten_out_cast_fp16"), id="cycle relu-reshape"),
        pytest.param(lambda s: operations(s)[-1].inputs["x"].arguments[0].__setattr__("name", "flatten_out"),
                     id="cast reading its own output"),
        pytest.param(lambda s: (operations(s)[1].inputs["x"].arguments[0].__setattr__("name", "flatten_out"),
                                operations(s)[-1].inputs["x"].arguments[0].__setattr__("name", "x_to_fp16")),
                     id="two casts in a cycle"),
        pytest.param(lambda s: _set_input(s, "relu", "ghost"), id="op reads a value nobody makes"),
    ],
)
def test_graphs_with_cycles_and_dangling_values_terminate(all_rules: Linter, tmp_path: Path, edit) -> None:
    found = lint_bytes(all_rules, tmp_path, program(edit))
    assert ENGINE_CODES.isdisjoint(codes(found)) and "ML000" not in codes(found)


def test_producer_through_stops_on_a_cast_cycle() -> None:
    from mllint.loader import LoadedModel  # noqa: F401 - the view is what is under test
    from mllint.view import Model

    def two_casts(spec):
        operations(spec)[1].inputs["x"].arguments[0].name = "flatten_out"
        operations(spec)[-1].inputs["x"].arguments[0].name = "x_to_fp16"

    spec = protos.model_class()()
    spec.ParseFromString(program(two_casts))
    [graph] = Model(spec).graphs
    assert graph.producer_through("flatten_out").type == "cast"


def test_an_nn_layer_with_no_type_has_no_params(all_rules: Linter, tmp_path: Path) -> None:
    spec = protos.model_class()()
    spec.ParseFromString(TINY_NN.read_bytes())
    layer = spec.neuralNetwork.layers.add()
    layer.name = "typeless"
    layer.input.append(spec.description.input[0].name)
    layer.output.append("nowhere")
    from mllint.view import Model

    [graph] = Model(spec).graphs
    [op] = [o for o in graph.ops if o.name == "typeless"]
    assert op.type == "unknown" and op.params is None
    found = lint_bytes(all_rules, tmp_path, spec.SerializeToString())
    assert ENGINE_CODES.isdisjoint(codes(found))


@pytest.mark.parametrize("mapping", [2, 9, 9999, -1])
def test_enum_values_protobuf_does_not_know(all_rules: Linter, tmp_path: Path, mapping: int) -> None:
    """proto3 enums are open: a spec may carry any number (found by bench/fuzz.py in ML120)."""
    spec = protos.model_class()()
    spec.ParseFromString(fixture_path("ml121_rank5_mapping.mlmodel").read_bytes())
    spec.neuralNetwork.arrayInputShapeMapping = mapping
    spec.neuralNetwork.imageInputShapeMapping = mapping
    found = lint_bytes(all_rules, tmp_path, spec.SerializeToString())
    assert ENGINE_CODES.isdisjoint(codes(found)) and "ML000" not in codes(found)


def test_huge_and_negative_shapes(all_rules: Linter, tmp_path: Path) -> None:
    def huge(spec):
        spec.description.input[0].type.multiArrayType.shape[:] = [2**62, 2**62, -5]
        spec.description.output[0].type.multiArrayType.shape[:] = [-(2**63)]
        for op in operations(spec):
            for output in op.outputs:
                for dim in output.type.tensorType.dimensions:
                    dim.constant.size = 2**64 - 1

    found = lint_bytes(all_rules, tmp_path, program(huge))
    assert ENGINE_CODES.isdisjoint(codes(found)) and "ML000" not in codes(found)


def test_a_two_gib_file_is_refused_unread(all_rules: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.mlmodel"
    with open(big, "wb") as handle:
        handle.truncate(2**31)  # sparse: no disk space used
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    assert MAX_SPEC_BYTES == 2**31 - 1
    assert only_ml000(lint_all(all_rules, big)) == (
        "spec file is 2,147,483,648 bytes, over the 2,147,483,647-byte protobuf limit; not read"
    )
    assert str(big) not in opened


def test_a_fifo_is_refused_without_blocking(all_rules: Linter, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.mlmodel"
    os.mkfifo(fifo)
    message = only_ml000(lint_all(all_rules, fifo))
    assert message.endswith("pipe.mlmodel is not a regular file (a FIFO, socket or device)")


def test_a_device_named_explicitly(all_rules: Linter) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert only_ml000(lint_all(all_rules, Path("/dev/zero"))) == (
        "spec path /dev/zero is not a regular file (a FIFO, socket or device)"
    )


# --------------------------------------------------------------------------- hostile packages


def _package(root: Path, name: str) -> Path:
    import shutil

    target = root / name / "model.mlpackage"
    shutil.copytree(fixture_path("ml402_weights_missing_clean.mlpackage"), target)
    return target


def _manifest(package: Path) -> dict:
    return json.loads((package / "Manifest.json").read_text())


def _write_manifest(package: Path, manifest: object) -> None:
    (package / "Manifest.json").write_text(json.dumps(manifest))


def _root_entry(manifest: dict) -> dict:
    return manifest["itemInfoEntries"][manifest["rootModelIdentifier"]]


def hostile_packages(root: Path) -> dict[str, tuple[Path, str, str]]:
    """name -> (package, expected code, expected message fragment)."""
    import struct

    cases: dict[str, tuple[Path, str, str]] = {}
    spec = Path("Data/com.apple.CoreML/model.mlmodel")
    weights = Path("Data/com.apple.CoreML/weights/weight.bin")

    package = _package(root, "manifest-folder")
    (package / "Manifest.json").unlink()
    (package / "Manifest.json").mkdir()
    cases["Manifest.json is a folder"] = (package, "ML000", "package Manifest.json is not a file")

    package = _package(root, "manifest-symlink")
    outside = root / "manifest-symlink" / "elsewhere.json"
    (package / "Manifest.json").rename(outside)
    os.symlink(outside, package / "Manifest.json")
    cases["Manifest.json links outside"] = (package, "ML000", "symlink to a file outside the package; not read")

    package = _package(root, "manifest-deep")
    (package / "Manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    cases["Manifest.json nested 100,000 deep"] = (package, "ML000", "not valid JSON (nested too deeply)")

    package = _package(root, "manifest-bignum")
    (package / "Manifest.json").write_text('{"fileFormatVersion": ' + "9" * 5000 + "}")
    cases["Manifest.json with a 5,000-digit number"] = (package, "ML000", "Manifest.json is not valid JSON (Exceeds")

    package = _package(root, "manifest-huge")
    (package / "Manifest.json").write_text(" " * 1_000_001 + "{}")
    cases["Manifest.json over 1 MB"] = (package, "ML000", "Manifest.json is over 1,000,000 bytes; not read")

    package = _package(root, "manifest-list")
    _write_manifest(package, [1, 2, 3])
    cases["Manifest.json is a list"] = (package, "ML000", "Manifest.json is not a JSON object")

    package = _package(root, "entry-not-object")
    manifest = _manifest(package)
    manifest["itemInfoEntries"][manifest["rootModelIdentifier"]] = "Data/x"
    _write_manifest(package, manifest)
    cases["root entry is a string"] = (package, "ML000", "is not in itemInfoEntries")

    package = _package(root, "path-number")
    manifest = _manifest(package)
    _root_entry(manifest)["path"] = 12
    _write_manifest(package, manifest)
    cases["entry path is a number"] = (package, "ML000", "has no path")

    package = _package(root, "format-newer")
    manifest = _manifest(package)
    manifest["fileFormatVersion"] = "2.0.0"
    _write_manifest(package, manifest)
    cases["newer package format"] = (package, "ML000", "has fileFormatVersion '2.0.0'; Core ML reads 1.0.0")

    if hasattr(os, "mkfifo"):
        package = _package(root, "spec-fifo")
        (package / spec).unlink()
        os.mkfifo(package / spec)
        cases["spec is a FIFO"] = (package, "ML000", "is not a regular file (a FIFO, socket or device)")

    package = _package(root, "weights-missing")
    (package / weights).unlink()
    cases["weight file missing"] = (package, "ML402", "which is missing")

    package = _package(root, "weights-folder")
    (package / weights).unlink()
    (package / weights).mkdir()
    cases["weight file is a folder"] = (package, "ML402", "which is a folder, not a file")

    package = _package(root, "blob-past-end")
    data = (package / weights).read_bytes()
    (package / weights).write_bytes(data[:384])  # the 2nd and 3rd blobs start at 384 and 512
    cases["blob offset past the end"] = (package, "ML403", "past the end of Data/com.apple.CoreML/weights/weight.bin")

    package = _package(root, "blob-header")
    data = bytearray((package / weights).read_bytes())
    data[64:68] = struct.pack("<I", 0x12345678)
    (package / weights).write_bytes(bytes(data))
    cases["bad blob header"] = (package, "ML404", "no 0xDEADBEEF marker")
    return cases


def test_every_hostile_package_gets_its_one_diagnostic_in_process(all_rules: Linter, tmp_path: Path) -> None:
    cases = hostile_packages(tmp_path)
    before = tree_digest(tmp_path)
    for name, (package, code, fragment) in cases.items():
        found = [d for d in lint_all(all_rules, package) if d.code in {"ML000", "ML402", "ML403", "ML404"}]
        assert codes(found) == [code], name
        assert fragment in found[0].message, (name, found[0].message)
        assert ENGINE_CODES.isdisjoint(codes(lint_all(all_rules, package))), name
    assert tree_digest(tmp_path) == before


def test_hostile_inputs_through_the_cli_give_json_and_exit_1(tmp_path: Path) -> None:
    from conftest import run_mllint

    cases = hostile_packages(tmp_path)
    before = tree_digest(tmp_path)
    result = run_mllint("--format", "json", "--select", "ML0,ML4,ML9", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    by_path = {d["path"]: d for d in document["diagnostics"]}
    assert len(document["diagnostics"]) == len(cases)
    for name, (package, code, fragment) in cases.items():
        [diagnostic] = [d for p, d in by_path.items() if p.endswith(f"{package.parent.name}/model.mlpackage")]
        assert diagnostic["code"] == code, name
        assert fragment in diagnostic["message"], name
    assert tree_digest(tmp_path) == before


# --------------------------------------------------------------------------- the file system moves under us


def test_an_unlistable_folder_is_reported_not_skipped(all_rules: Linter, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Like chmod 000 on a folder, also as root: the OS refuses to list it."""
    import shutil

    (tmp_path / "locked").mkdir()
    (tmp_path / "open").mkdir()
    shutil.copy(TINY_NN, tmp_path / "locked" / "hidden.mlmodel")
    shutil.copy(TINY_NN, tmp_path / "open" / "seen.mlmodel")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = lint_all(all_rules, tmp_path)
    [unreadable] = [d for d in found if d.code == "ML000"]
    assert unreadable.path.endswith("locked")
    assert unreadable.message == "folder cannot be searched for models: Permission denied"
    assert any(d.path.endswith("seen.mlmodel") for d in found)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_chmod_000_model_file(all_rules: Linter, tmp_path: Path) -> None:
    import shutil

    model = tmp_path / "locked.mlmodel"
    shutil.copy(TINY_NN, model)
    os.chmod(model, 0)
    try:
        assert only_ml000(lint_all(all_rules, model)) == "cannot read spec file: Permission denied"
    finally:
        os.chmod(model, 0o644)


def test_a_model_file_the_os_refuses_to_open(all_rules: Linter, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 as root cannot be tested; the OS refusing the open is the same to mllint."""
    import shutil

    model = tmp_path / "locked.mlmodel"
    shutil.copy(TINY_NN, model)
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("locked.mlmodel"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert only_ml000(lint_all(all_rules, model)) == "cannot read spec file: Permission denied"


def test_a_package_that_vanishes_between_discovery_and_linting(all_rules: Linter, tmp_path: Path) -> None:
    import shutil

    first = _package(tmp_path, "a")
    second = _package(tmp_path, "b")
    artifacts = resolve([str(tmp_path)])
    shutil.rmtree(second)
    report = all_rules.lint(artifacts, all_rules.selection())
    [gone] = [m for m in report.models if m.path.endswith("b/model.mlpackage")]
    assert codes(gone.diagnostics) == ["ML000"]
    assert gone.diagnostics[0].message == "package Manifest.json is missing"
    [kept] = [m for m in report.models if m.path.endswith("a/model.mlpackage")]
    assert kept.readable and first.exists()


def test_a_weight_file_that_vanishes_mid_run(all_rules: Linter, tmp_path: Path) -> None:
    """A plugin rule deletes the weight file after the model was read: the weight rules say so."""
    package = _package(tmp_path, "x")

    @model_rule(code="ML878", name="deletes-weights", summary="x", why="x", fix="x")
    def deletes_weights(model):
        weights = package / "Data/com.apple.CoreML/weights/weight.bin"
        if weights.exists():
            weights.unlink()
        return []

    from mllint import reporters
    from mllint_rules import weights as weight_rules

    linter = Linter.create([weight_rules, reporters, Hostile(deletes_weights)])
    # Model rules run after artifact rules; run twice so the second run sees the file gone.
    assert lint_all(linter, package) == []
    found = lint_all(linter, package)
    assert codes(found) == ["ML402"]
    assert found[0].message.endswith("which is missing")


# --------------------------------------------------------------------------- output: stdout closed, no writes, atomic files


def test_stdout_closed_early_is_quiet(tmp_path: Path) -> None:
    """``mllint fixtures | head -1``: no traceback, no 'Exception ignored', exit 1 (findings were cut off)."""
    import subprocess
    import sys

    from conftest import FIXTURES

    process = subprocess.Popen([sys.executable, "-m", "mllint", "--format", "text", str(FIXTURES)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like head -1 exiting
    stderr = process.stderr.read().decode()
    code = process.wait(timeout=300)
    assert first
    assert stderr == ""
    assert code == 1


def test_a_non_utf8_file_name_in_every_format(tmp_path: Path) -> None:
    """A strict UTF-8 stdout (a CI runner's locale) and a Latin-1 file name: the name's own bytes come out."""
    import shutil
    import subprocess
    import sys

    if os.name == "nt":
        pytest.skip("Windows file names are UTF-16")
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(TINY_NN, os.path.join(os.fsencode(folder), b"caf\xe9.mlmodel"))
    (folder / "plain.mlmodel").write_bytes(b"garbage")
    env = dict(os.environ, PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8")
    for output_format in ("text", "json", "sarif", "github"):
        result = subprocess.run([sys.executable, "-m", "mllint", "--format", output_format, "--exit-zero", str(folder)],
                                capture_output=True, env=env, timeout=300)
        assert result.returncode == 0, (output_format, result.stderr)
        assert result.stderr == b""
        assert b"caf\xe9.mlmodel" in result.stdout or b"caf%E9.mlmodel" in result.stdout or \
            b"caf\\udce9.mlmodel" in result.stdout, output_format


def test_nothing_is_written_next_to_a_model(tmp_path: Path) -> None:
    import shutil

    from conftest import run_mllint

    models = tmp_path / "models"
    for name in ("ml401_lfs_pointer.mlpackage", "ml202_output_reshape.mlpackage", "ml404_bad_sentinel.mlpackage"):
        shutil.copytree(fixture_path(name), models / name)
    shutil.copy(TINY_NN, models / "tiny.mlmodel")
    before = tree_digest(models)
    listing = sorted(p.name for p in tmp_path.rglob("*"))
    for output_format in ("text", "json", "sarif", "github", "html"):
        result = run_mllint("--format", output_format, "--exit-zero", str(models), cwd=models)
        assert result.returncode == 0, result.stderr
    assert tree_digest(models) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == listing


def _cli(*args: str) -> tuple[int, str, str]:
    """The real entry point, in process: (exit code, stdout, stderr)."""
    import contextlib
    import io

    from mllint.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code
    return code, out.getvalue(), err.getvalue()


def test_output_replaces_the_file_in_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.json"
    report.write_text("old report\n")
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def recording_replace(source, target):
        assert Path(source).parent == tmp_path and Path(source).name.startswith(".mllint-")
        assert report.read_text() == "old report\n"  # untouched until the rename
        renames.append((str(source), str(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", recording_replace)
    code, out, err = _cli("--format", "json", "-o", str(report), str(fixture_path(WARNING_PACKAGE)))
    assert (code, out, err) == (1, "", "")
    assert [target for _, target in renames] == [str(report)]
    assert json.loads(report.read_text())["diagnostics"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_output_gets_the_mode_a_plain_write_would(tmp_path: Path) -> None:
    fresh, kept = tmp_path / "fresh.json", tmp_path / "kept.json"
    kept.write_text("old")
    os.chmod(kept, 0o640)
    mask = os.umask(0o022)
    try:
        for report in (fresh, kept):
            code, _, err = _cli("--format", "json", "-o", str(report), str(fixture_path(WARNING_PACKAGE)))
            assert (code, err) == (1, "")
    finally:
        os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
    assert kept.stat().st_mode & 0o777 == 0o640  # the replaced file's mode


def test_a_failed_output_write_leaves_the_old_file_and_no_temporary(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.json"
    report.write_text("old report\n")

    def full_disk(source, target):
        raise OSError(28, "No space left on device", str(target))

    monkeypatch.setattr(os, "replace", full_disk)
    code, out, err = _cli("--format", "json", "-o", str(report), str(fixture_path(PACKAGE)))
    assert code == 2 and out == ""
    assert err == f"mllint: error: No space left on device: {report}\n"
    assert report.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    code, out, err = _cli("--format", "json", "-o", str(tmp_path / "no" / "such" / "r.json"), str(fixture_path(PACKAGE)))
    assert code == 2 and out == ""
    assert err.startswith("mllint: error: No such file or directory") and err.count("\n") == 1
    assert "Traceback" not in err


# --------------------------------------------------------------------------- a loader's order of checks


@model_rule(code="ML878", name="ordered-findings", summary="Ordered.", why="Test.", fix="None.")
def ordered_findings(model):
    yield Finding("checked second", location="zz", order=(2, 0))
    yield Finding("checked first", location="zzz", order=(1, 5, 7))
    yield Finding("no order", location="a")


@model_rule(code="ML879", name="bad-order", summary="Garbage.", why="Test.", fix="None.")
def bad_order(model):
    yield Finding("order is not ints", order=("1",))  # type: ignore[arg-type]


def test_findings_with_an_order_come_first_in_that_order_then_the_rest_by_location() -> None:
    found = lint_with(fixture_path(PACKAGE), ordered_findings, well_behaved)
    messages = [d.message for d in found]
    assert messages[:2] == ["checked first", "checked second"]  # by order, not by location
    rest = [d for d in found if not d.order]
    assert [d.message for d in found[2:]] == [d.message for d in rest]
    assert [(d.location, d.code, d.message) for d in rest] == sorted((d.location, d.code, d.message) for d in rest)
    assert "no order" in messages and "still here" in messages


def test_a_finding_whose_order_is_not_a_tuple_of_int_is_an_ml900() -> None:
    found = by_code(lint_with(fixture_path(PACKAGE), bad_order))
    assert "ML879" not in found
    assert "TypeError: returned a Finding whose order is ('1',), not a tuple of int" in found["ML900"][0].message
