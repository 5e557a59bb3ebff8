"""--jobs and --shard through the real command line: same report with any number of
processes, and shards that split a zoo into disjoint, stable parts with their own SARIF category."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run_mllint
from mllint.discovery import Artifact
from mllint.parallel import Shard, parse_jobs

ZOO = str(FIXTURES)  # every fixture: ~160 models of both kinds, with findings, configs and suppressions


def models_in(report_json: str) -> list[str]:
    return [model["path"] for model in json.loads(report_json)["models"]]


def test_two_jobs_print_the_same_report_in_the_same_order_as_one() -> None:
    for output_format in ("json", "text", "sarif"):
        one = run_mllint(ZOO, "--format", output_format, "--jobs", "1", "--color", "never")
        two = run_mllint(ZOO, "--format", output_format, "--jobs", "2", "--color", "never")
        assert one.returncode == two.returncode == 1, one.stderr + two.stderr
        assert one.stdout == two.stdout, output_format
        assert one.stderr == two.stderr == ""
    auto = run_mllint(ZOO, "--format", "json", "-j", "auto")
    assert auto.stdout == run_mllint(ZOO, "--format", "json").stdout and len(models_in(auto.stdout)) > 100


def test_shards_split_the_zoo_into_disjoint_parts_that_cover_it_and_stay_put() -> None:
    everything = models_in(run_mllint(ZOO, "--format", "json", "--exit-zero").stdout)
    shards = [models_in(run_mllint(ZOO, "--format", "json", "--exit-zero", "--shard", f"{k}/3").stdout)
              for k in (1, 2, 3)]
    assert sorted(m for shard in shards for m in shard) == sorted(everything)  # each model exactly once
    assert all(shards), "a zoo of 160 models leaves no shard of 3 empty"
    for shard in shards:  # each shard keeps the report's order
        assert shard == [m for m in everything if m in set(shard)]
    again = models_in(run_mllint(ZOO, "--format", "json", "--exit-zero", "--shard", "2/3", "--jobs", "2").stdout)
    assert again == shards[1]


def test_a_model_keeps_its_shard_when_others_come_and_go() -> None:
    paths = [f"zoo/model_{i:03}.mlmodel" for i in range(300)]
    shard = Shard.parse("2/4")
    before = {p for p in paths if shard.holds(Artifact(p, "mlmodel", "/" + p))}
    after = {p for p in paths[50:] if shard.holds(Artifact(p, "mlmodel", "/elsewhere/" + p))}
    assert after == before - set(paths[:50])
    assert 40 < len(before) < 110  # about a quarter
    windows = Artifact("zoo\\model_007.mlmodel", "mlmodel", "C:\\zoo\\model_007.mlmodel")
    posix = Artifact("zoo/model_007.mlmodel", "mlmodel", "/zoo/model_007.mlmodel")
    assert [s.holds(windows) for s in map(Shard.parse, ("1/3", "2/3", "3/3"))] == [
        s.holds(posix) for s in map(Shard.parse, ("1/3", "2/3", "3/3"))
    ]


def test_sarif_category_is_the_shard_unless_given() -> None:
    def category(*args: str) -> str:
        result = run_mllint(ZOO, "--format", "sarif", "--exit-zero", *args)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)["runs"][0]["automationDetails"]["id"]

    assert category("--shard", "2/5") == "mllint-2-of-5/"
    assert category("--shard", "2/5", "--category", "models/vision") == "models/vision/"


def test_an_empty_shard_is_an_empty_report_not_an_error() -> None:
    lonely = str(FIXTURES / "ml202_output_reshape.mlpackage")
    results = [run_mllint(lonely, "--format", "json", "--shard", f"{k}/2") for k in (1, 2)]
    assert sorted(len(models_in(r.stdout)) for r in results) == [0, 1]
    empty = next(r for r in results if not models_in(r.stdout))
    assert empty.returncode == 0 and empty.stderr == ""


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--jobs", "0"], "--jobs takes a number of processes (1 or more) or auto, not '0'"),
        (["-j", "many"], "--jobs takes a number of processes (1 or more) or auto, not 'many'"),
        (["--shard", "0/4"], "--shard 0/4: K must be between 1 and N"),
        (["--shard", "5/4"], "--shard 5/4: K must be between 1 and N"),
        (["--shard", "1/0"], "--shard 1/0: K must be between 1 and N"),
        (["--shard", "half"], "--shard takes K/N with whole numbers, e.g. 1/4 (got 'half')"),
    ],
)
def test_bad_jobs_and_shards_are_one_line_usage_errors(args: list[str], fragment: str) -> None:
    result = run_mllint(ZOO, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"mllint: error: {fragment}"]
    assert result.stdout == ""


def test_parse_jobs() -> None:
    assert parse_jobs("3") == 3
    assert parse_jobs("auto") >= 1
    with pytest.raises(ValueError):
        parse_jobs("-1")


# ---------------------------------------------------------------- the sharded code-scanning example

SHARDED = FIXTURES.parent / "examples" / "github-code-scanning-sharded.yml"
DOCS = FIXTURES.parent / "docs" / "github-code-scanning.md"
ZOO_MODELS = (
    "ml202_output_reshape.mlpackage",
    "ml202_output_reshape_clean.mlpackage",
    "ml501_no_description.mlmodel",
    "ml502_no_author.mlmodel",
    "ml502_no_author_clean.mlmodel",
    "ml101_yolo_nms_fp16.mlpackage",
)


def _checkout(root: Path) -> Path:
    models = root / "models"
    models.mkdir()
    for name in ZOO_MODELS:
        if (FIXTURES / name).is_dir():
            shutil.copytree(FIXTURES / name, models / name)
        else:
            shutil.copy(FIXTURES / name, models / name)
    return root


def _in_matrix(text: str, shard: int) -> str:
    return text.replace("${{ matrix.shard }}", str(shard))


def test_sharded_workflow_lints_every_model_once_under_one_category_per_shard(tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    workflow = yaml.safe_load(SHARDED.read_text())
    [job] = workflow["jobs"].values()
    assert job["strategy"]["fail-fast"] is False
    shards = job["strategy"]["matrix"]["shard"]
    lint = next(s for s in job["steps"] if "--format sarif" in str(s.get("run", "")))
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@"))
    everything = sorted(models_in(run_mllint("models", "--format", "json", "--exit-zero", cwd=checkout).stdout))
    assert len(everything) == len(ZOO_MODELS)
    linted: list[str] = []
    for shard in shards:
        argv = shlex.split(_in_matrix(lint["run"], shard))
        assert argv[0] == "mllint"
        done = run_mllint(*argv[1:], cwd=checkout)
        assert done.returncode == 0, done.stderr
        log = json.loads((checkout / upload["with"]["sarif_file"]).read_text())
        [run] = log["runs"]
        assert run["automationDetails"]["id"] == _in_matrix(upload["with"]["category"], shard) + "/"
        as_json = [a if a != "sarif" else "json" for a in argv[1:] if a not in ("--output", "mllint.sarif")]
        linted += models_in(run_mllint(*as_json, cwd=checkout).stdout)
    assert sorted(linted) == everything  # every model in exactly one shard
    assert SHARDED.read_text() in DOCS.read_text()


# ---------------------------------------------------------------- map_models itself


def test_map_models_keeps_order_and_survives_a_dying_worker() -> None:
    import os
    import time

    from mllint.parallel import map_models
    from mllint.reporting import ModelReport

    parent = os.getpid()

    def lint_one(index: int) -> ModelReport:
        if index == 7 and os.getpid() != parent:
            os._exit(3)  # a worker dies mid-run without sending anything
        time.sleep(0.002 * (index % 3))  # uneven work
        return ModelReport(path=f"m{index}", kind="mlmodel", file=f"m{index}", facts={"pid": os.getpid()})

    reports = map_models(lint_one, list(range(60)), jobs=3)
    assert [r.path for r in reports] == [f"m{i}" for i in range(60)]
    assert any(r.facts["pid"] != parent for r in reports), "no worker took part"
