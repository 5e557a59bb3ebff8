"""``mllint fix``: every fixture with a safe fix comes out loadable, with nothing else changed.

The oracle (Core ML's open-source validator, ../shared/oracle/mlvalidate) checks
every fixed fixture (:func:`test_the_oracle_accepts_every_fixed_fixture`) and each
model the other tests write, when it is present; the tests that need it skip otherwise.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, fixture_path, lint_path, run_mllint

from mllint.fixing.registry import FIX_BY_NAME, FIXES
from mllint.fixing.runner import FixOptions, fix_model

ORACLE = ROOT.parent / "shared" / "oracle" / "mlvalidate"
VALIDATOR = str(ORACLE) if ORACLE.exists() else None
SPEC = "Data/com.apple.CoreML/model.mlmodel"
WEIGHTS = "Data/com.apple.CoreML/weights/weight.bin"

# Fixtures whose findings the safe fixes must repair (a test walks every fixture besides).
MUST_FIX = (
    "ml101_yolo_nms_fp16.mlpackage",
    "fix_yolo_nms_fp16_weights.mlpackage",
    "ml102_int8_io.mlpackage",
    "ml106_state_version.mlpackage",
    "ml108_multifunction_version.mlpackage",
    "ml112_opset_newer_than_version.mlpackage",
    "ml115_nms_float32_early.mlmodel",
    "ml116_updatable_early.mlmodel",
    "ml117_knn_early.mlmodel",
    "ml118_pipeline_below_sub_model.mlpackage",
    "ml120_layer_newer.mlmodel",
)


# Fixtures whose fixed version the oracle still refuses, and why: `mllint fix --validator` does not write them.
ORACLE_REFUSES_FIXED = {
    "ml101_fp16_pooling_unpadded.mlmodel": "the pooling layer without a padding type: a layer check mllint does not port yet",
}
needs_oracle = pytest.mark.skipif(VALIDATOR is None, reason="the oracle ../shared/oracle/mlvalidate is not here")


def tree_digest(path: Path) -> dict[str, str]:
    """Every file of a model (one file, or a package's files) and the sha256 of its bytes."""
    if path.is_file():
        return {"": hashlib.sha256(path.read_bytes()).hexdigest()}
    return {
        item.relative_to(path).as_posix(): hashlib.sha256(item.read_bytes()).hexdigest()
        for item in sorted(path.rglob("*"))
        if item.is_file()
    }


def oracle_verdict(path: Path) -> str:
    import subprocess

    done = subprocess.run([str(ORACLE), str(path)], capture_output=True, text=True, check=False)
    return done.stdout.strip().splitlines()[0]


def assert_loadable(path: Path) -> None:
    load_errors = [d for d in lint_path(path, select=["ML0", "ML1"]) if d.severity.label == "error"]
    assert load_errors == []
    if VALIDATOR is not None:
        assert oracle_verdict(path).startswith("OK")


def all_fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.suffix in (".mlmodel", ".mlpackage"))


def test_the_seed_failure_is_fixed(tmp_path: Path) -> None:
    source = fixture_path("ml101_yolo_nms_fp16.mlpackage")
    before = tree_digest(source)
    out = tmp_path / "fixed.mlpackage"
    outcome = fix_model(str(source), out, FixOptions(validator=VALIDATOR))
    assert outcome.refused is None and outcome.written == str(out)
    assert [a.fix.name for a in outcome.applied] == ["nms-float32"]
    assert tree_digest(source) == before
    assert_loadable(out)
    codes = {d.code for d in lint_path(out)}
    assert not codes & {"ML101", "ML115"}
    fixed = tree_digest(out)
    assert set(fixed) == set(before) and fixed["Manifest.json"] == before["Manifest.json"]


def test_nms_fix_casts_the_detector_outputs_and_keeps_the_weights(tmp_path: Path) -> None:
    source = fixture_path("fix_yolo_nms_fp16_weights.mlpackage")
    before = tree_digest(source)
    out = tmp_path / "fixed.mlpackage"
    outcome = fix_model(str(source), out, FixOptions(validator=VALIDATOR))
    assert outcome.written == str(out)
    assert tree_digest(out)[WEIGHTS] == before[WEIGHTS]
    assert (out / WEIGHTS).read_bytes() == (source / WEIGHTS).read_bytes()
    from mllint.fixing.model_files import read_model

    spec = read_model(out).spec
    detector, nms = spec.pipeline.models
    block = detector.mlProgram.functions["main"].block_specializations["CoreML6"]
    casts = [op for op in block.operations if op.type == "cast"]
    assert sorted(op.outputs[0].name for op in casts) == ["raw_confidence", "raw_coordinates"]
    assert list(block.outputs) == ["raw_confidence", "raw_coordinates"]
    float32 = 65568  # ArrayFeatureType.FLOAT32
    assert {f.type.multiArrayType.dataType for f in (*nms.description.input, *nms.description.output)} == {float32}
    assert {f.type.multiArrayType.dataType for f in detector.description.output} == {float32}
    assert {f.type.multiArrayType.dataType for f in spec.description.output} == {float32}
    assert spec.specificationVersion == 7 and nms.specificationVersion >= 5
    if VALIDATOR is not None:
        import subprocess

        blobs = subprocess.run([str(ORACLE), "--blobs", str(out)], capture_output=True, text=True, check=False)
        assert blobs.stdout.startswith("BLOBS OK")


def test_the_fixed_program_type_checks_in_coremltools(tmp_path: Path) -> None:
    """coremltools' own MIL loader re-infers the types: the cast yields fp32 where the spec says so."""
    ct = pytest.importorskip("coremltools")
    from coremltools.converters.mil.frontend.milproto.load import load as load_program

    out = tmp_path / "fixed.mlpackage"
    fix_model(str(fixture_path("fix_yolo_nms_fp16_weights.mlpackage")), out, FixOptions())
    detector = ct.utils.load_spec(str(out)).pipeline.models[0]
    program = load_program(detector, detector.specificationVersion, str(out / "Data/com.apple.CoreML/weights"))
    outputs = program.functions["main"].outputs
    assert [(v.name, v.dtype.__name__) for v in outputs] == [("raw_confidence", "fp32"), ("raw_coordinates", "fp32")]


@needs_oracle
@pytest.mark.parametrize("fixture", [p.name for p in all_fixtures()])
def test_the_oracle_accepts_every_fixed_fixture(fixture: str, tmp_path: Path) -> None:
    """Each fixture ``mllint fix`` writes (its own lint as the only proof) is run through the oracle."""
    out = tmp_path / fixture
    outcome = fix_model(str(FIXTURES / fixture), out, FixOptions())
    if outcome.written is None:
        assert fixture not in MUST_FIX and fixture not in ORACLE_REFUSES_FIXED
        return
    verdict = oracle_verdict(out)
    if fixture in ORACLE_REFUSES_FIXED:
        assert not verdict.startswith("OK"), f"the oracle accepts it now: drop it from ORACLE_REFUSES_FIXED ({verdict})"
        return
    assert verdict.startswith("OK"), verdict


@pytest.mark.parametrize("fixture", [p.name for p in all_fixtures()])
def test_every_fixture_with_a_safe_fix(fixture: str, tmp_path: Path) -> None:
    source = FIXTURES / fixture
    before = tree_digest(source)
    out = tmp_path / fixture
    outcome = fix_model(str(source), out, FixOptions(validator=VALIDATOR))
    assert tree_digest(source) == before, "the input changed"
    if fixture in MUST_FIX:
        assert outcome.written is not None, outcome.refused or outcome.skipped
    if outcome.written is None:
        assert not out.exists()
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mllint-")]
        return
    assert all(a.applicability == "safe" for a in outcome.applied)
    assert_loadable(out)
    fixed = tree_digest(out)
    changed = {name for name in before if fixed.get(name) != before[name]}
    assert changed <= {"", SPEC}, f"files other than the spec changed: {changed}"
    assert set(fixed) == set(before)


def test_versions_are_only_raised(tmp_path: Path) -> None:
    out = tmp_path / "fixed.mlpackage"
    outcome = fix_model(str(fixture_path("ml118_pipeline_below_sub_model.mlpackage")), out, FixOptions())
    from mllint.fixing.model_files import read_model

    old, new = read_model(fixture_path("ml118_pipeline_below_sub_model.mlpackage")).spec, read_model(out).spec
    pairs = [(old, new), *zip(old.pipeline.models, new.pipeline.models)]
    assert all(b.specificationVersion >= a.specificationVersion for a, b in pairs)
    assert new.specificationVersion >= max(m.specificationVersion for m in new.pipeline.models)
    assert "ML118" not in {d.code for d in outcome.remaining.diagnostics}


def test_every_fix_is_named_by_a_rule_and_every_fixer_exists() -> None:
    """The rules declare which fix repairs them and how safely; the host has exactly the fixes they can name."""
    from typing import get_args

    from mllint.api import Linter
    from mllint.rule import FixerName

    rules = {rule.code: rule for rule in Linter.create().registry.rules}
    assert set(FIX_BY_NAME) == set(get_args(FixerName)) and list(FIX_BY_NAME.values()) == list(FIXES)
    assert {rule.fixer for rule in rules.values() if rule.fixer} == set(FIX_BY_NAME)
    assert (rules["ML117"].fixer, rules["ML117"].fix_applicability) == ("raise-spec-versions", "safe")
    assert (rules["ML115"].fixer, rules["ML115"].fix_applicability) == ("nms-float32", "safe")
    assert (rules["ML502"].fixer, rules["ML502"].fix_applicability) == ("fill-metadata", "unsafe")
    assert rules["ML203"].fixer is None and rules["ML203"].fix_applicability is None and not rules["ML203"].fixable


def test_a_rule_declares_fixer_and_applicability_together() -> None:
    from mllint.rule import model_rule

    meta = {"code": "XY101", "name": "x", "summary": "s", "why": "w", "fix": "f"}
    with pytest.raises(ValueError, match="together"):
        model_rule(**meta, fixer="raise-spec-versions")(lambda model: None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown fixer"):
        model_rule(**meta, fixer="rewrite-everything", fix_applicability="safe")(lambda model: None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not 'safe' or 'unsafe'"):
        model_rule(**meta, fixer="raise-spec-versions", fix_applicability="maybe")(lambda model: None)  # type: ignore[arg-type]
    rule = model_rule(**meta, fixer="raise-spec-versions", fix_applicability="safe")(lambda model: None)  # type: ignore[arg-type]
    assert rule.fixable


def test_cli_diff_writes_nothing_and_prints_fields(tmp_path: Path) -> None:
    source = tmp_path / "knn.mlmodel"
    shutil.copy(fixture_path("ml117_knn_early.mlmodel"), source)
    before = source.read_bytes()
    done = run_mllint("fix", "--diff", str(source))
    assert done.returncode == 0, done.stderr
    assert "specificationVersion: 1 -> 4" in done.stdout
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["knn.mlmodel"]


def test_cli_in_place_keeps_every_other_file(tmp_path: Path) -> None:
    package = tmp_path / "model.mlpackage"
    shutil.copytree(fixture_path("fix_yolo_nms_fp16_weights.mlpackage"), package)
    (package / "Data" / "notes.txt").write_text("kept\n")
    before = tree_digest(package)
    done = run_mllint("fix", "--in-place", str(package))
    assert done.returncode == 0, done.stdout + done.stderr
    after = tree_digest(package)
    assert set(after) == set(before)
    assert {name for name in before if after[name] != before[name]} == {SPEC}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.mlpackage"]
    assert_loadable(package)


def test_cli_output_and_exit_codes(tmp_path: Path) -> None:
    out = tmp_path / "fixed.mlmodel"
    done = run_mllint("fix", str(fixture_path("ml117_knn_early.mlmodel")), "-o", str(out))
    assert done.returncode == 0 and out.exists()
    metadata_infos = ("--select", "ALL,ML5")  # remaining infos (the metadata rules are off by default)
    assert run_mllint("fix", str(fixture_path("ml117_knn_early.mlmodel")), *metadata_infos, "--fail-on", "info", "--diff").returncode == 1
    assert run_mllint("fix", str(fixture_path("ml117_knn_early.mlmodel")), "--fail-on", "info", "--diff").returncode == 0
    refused = run_mllint("fix", str(fixture_path("ml103_output_dtype_unset.mlmodel")), "-o", str(tmp_path / "x.mlmodel"))
    assert refused.returncode == 1 and not (tmp_path / "x.mlmodel").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("fix", "fixtures/ml117_knn_early.mlmodel"),  # neither -o, --in-place nor --diff
        ("fix", "fixtures/ml117_knn_early.mlmodel", "--diff", "--in-place"),
        ("fix", "fixtures/missing.mlmodel", "--diff"),
        ("fix", "fixtures/ml117_knn_early.mlmodel", "--diff", "--select", "ML999"),
    ],
)
def test_cli_usage_errors(args: tuple[str, ...]) -> None:
    done = run_mllint(*args, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.startswith("mllint: error:") and "Traceback" not in done.stderr


@needs_oracle
def test_a_fix_the_oracle_rejects_is_not_written(tmp_path: Path) -> None:
    """ml101_fp16_pooling_unpadded: raising the version fixes the FLOAT16 input, but the oracle then refuses
    the pooling layer without a padding type (a layer check mllint does not port yet)."""
    out = tmp_path / "fixed.mlmodel"
    outcome = fix_model(str(fixture_path("ml101_fp16_pooling_unpadded.mlmodel")), out, FixOptions(validator=VALIDATOR))
    assert outcome.refused is not None and "validator rejects" in outcome.refused
    assert not out.exists() and os.listdir(tmp_path) == []


def test_unsafe_metadata_only_with_the_flag(tmp_path: Path) -> None:
    source = str(fixture_path("ml117_knn_early.mlmodel"))
    out = tmp_path / "fixed.mlmodel"
    safe = run_mllint("fix", source, "--author", "Jane", "-o", str(out))
    assert "skipped fill-metadata: unsafe" in safe.stdout
    with_metadata = ["ALL", "ML502"]  # ML502 is off by default
    assert "ML502" in {d.code for d in lint_path(source, select=with_metadata)}
    assert "ML502" in {d.code for d in lint_path(out, select=with_metadata)}  # the version fix was written, the author was not
    unsafe = run_mllint("fix", source, "--unsafe-fixes", "--author", "Jane", "-o", str(out))
    assert unsafe.returncode == 0, unsafe.stderr
    assert "ML502" not in {d.code for d in lint_path(out, select=with_metadata)}
    from mllint.fixing.model_files import read_model

    assert read_model(out).spec.description.metadata.author == "Jane"


def _nms_pipeline_after(producer_type: str) -> object:
    """A pipeline [producer, NMS] whose arrays are all FLOAT16, built with the protobuf classes."""
    from mllint import protos

    model = protos.model_class()
    float16 = protos.module("FeatureTypes_pb2").ArrayFeatureType.FLOAT16
    spec = model()
    spec.specificationVersion = 7
    producer, nms = spec.pipeline.models.add(), spec.pipeline.models.add()
    producer.specificationVersion, nms.specificationVersion = 7, 5
    if producer_type == "neuralNetwork":
        producer.neuralNetwork.SetInParent()
    else:
        producer.identity.SetInParent()
    for name, width in (("raw_confidence", 2), ("raw_coordinates", 4)):
        for features in (producer.description.output, nms.description.input):
            feature = features.add()
            feature.name = name
            feature.type.multiArrayType.shape.extend([4, width])
            feature.type.multiArrayType.dataType = float16
    for name in ("confidence", "coordinates"):
        for features in (nms.description.output, spec.description.output):
            feature = features.add()
            feature.name = name
            feature.type.multiArrayType.dataType = float16
    body = nms.nonMaximumSuppression
    body.confidenceInputFeatureName, body.coordinatesInputFeatureName = "raw_confidence", "raw_coordinates"
    body.confidenceOutputFeatureName, body.coordinatesOutputFeatureName = "confidence", "coordinates"
    return spec


def test_nms_fix_after_a_neural_network_declares_its_outputs_float32() -> None:
    from mllint.fixing.fix import FixRequest
    from mllint.fixing.nms_float32 import nms_arrays_to_float32

    spec = _nms_pipeline_after("neuralNetwork")
    notes = nms_arrays_to_float32(FixRequest(spec, []))
    assert "models[0]: output 'raw_confidence' FLOAT16 -> FLOAT32" in notes
    float32 = 65568
    producer, nms = spec.pipeline.models  # type: ignore[attr-defined]
    assert {f.type.multiArrayType.dataType for f in nms.description.input} == {float32}
    assert {f.type.multiArrayType.dataType for f in producer.description.output} == {float32}
    assert {f.type.multiArrayType.dataType for f in spec.description.output} == {float32}  # type: ignore[attr-defined]


def test_nms_fix_refuses_a_producer_it_cannot_change() -> None:
    from mllint.fixing.fix import FixRequest, NotFixable
    from mllint.fixing.nms_float32 import nms_arrays_to_float32

    with pytest.raises(NotFixable, match="identity"):
        nms_arrays_to_float32(FixRequest(_nms_pipeline_after("identity"), []))


def test_fix_reads_the_configuration_check_reads(tmp_path: Path) -> None:
    """A model's mllint.toml that ignores ML117 leaves it alone, as `mllint check` would; --isolated reads none."""
    source = tmp_path / "knn.mlmodel"
    shutil.copy(fixture_path("ml117_knn_early.mlmodel"), source)
    (tmp_path / "mllint.toml").write_text('ignore = ["ML117"]\n')
    configured = run_mllint("fix", "--diff", str(source))
    assert configured.returncode == 0 and "nothing to fix" in configured.stdout
    isolated = run_mllint("fix", "--diff", "--isolated", str(source))
    assert "specificationVersion: 1 -> 4" in isolated.stdout
    other = tmp_path / "other.toml"
    other.write_text('select = ["ML1"]\n')
    assert "specificationVersion: 1 -> 4" in run_mllint("fix", "--diff", "--config", str(other), str(source)).stdout
    bad = run_mllint("fix", "--diff", "--config", str(other), "--isolated", str(source))
    assert bad.returncode == 2 and bad.stderr.startswith("mllint: error:")


def test_the_report_marks_what_mllint_fix_repairs() -> None:
    import json

    done = run_mllint("fixtures/ml117_knn_early.mlmodel", "--select", "ALL,ML502", "--format", "json", cwd=ROOT)
    applicability = {d["code"]: d["fix_applicability"] for d in json.loads(done.stdout)["diagnostics"]}
    assert applicability == {"ML117": "safe", "ML502": "unsafe"}
    text = run_mllint("fixtures/ml117_knn_early.mlmodel", "--select", "ALL,ML502", "--concise", cwd=ROOT).stdout
    assert "ML117 [*] [warning]" in text and "ML502 [info]" in text
    assert text.splitlines()[-1] == "[*] 1 fixable with `mllint fix` (1 hidden fix can be enabled with `--unsafe-fixes`)."
    listing = run_mllint("rules").stdout.splitlines()
    assert next(line for line in listing if line.startswith("ML117")).endswith("[fix: safe]")
    assert next(line for line in listing if line.startswith("ML502")).endswith("[fix: unsafe]")
    assert not next(line for line in listing if line.startswith("ML203")).endswith("]")
    assert "Automatic fix:" in run_mllint("rule", "ML117").stdout and "Automatic fix:" not in run_mllint("rule", "ML203").stdout


def test_a_case_the_fixer_does_not_repair_is_not_marked() -> None:
    """ML110's 'no outputs' case is not a version problem: its finding carries no applicability."""
    from mllint.diagnostics import Diagnostic, Finding
    from mllint.rule import model_rule

    rule = model_rule(code="XY110", name="x", summary="s", why="w", fix="f", fixer="raise-spec-versions",
                      fix_applicability="safe")(lambda model: None)  # type: ignore[arg-type]
    for finding, expected in ((Finding("m"), "safe"), (Finding("m", fixable=False), None)):
        made = Diagnostic.of_rule(rule, finding.message, path="m", file="m", fixable=finding.fixable)
        assert made.fix_applicability == expected
