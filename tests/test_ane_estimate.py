"""The Neural Engine estimate: exact counts on a known mix, partitions, facts, pipelines."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from conftest import CORPUS, fixture_path, needs_corpus

from mllint.analysis.ane_estimate import estimate, model_facts
from mllint.api import Linter
from mllint.discovery import resolve
from mllint.knowledge import ane_support
from mllint.loader import load
from mllint.reporting import ReportOptions
from mllint.view import Model

SUMMARY_KEYS = [
    "ops_total", "ops_ane", "ops_fallback", "ops_unknown", "ane_share", "work_share", "partitions",
    "fallback", "fallback_causes", "unknown", "flops", "flops_ane", "ops_without_flops", "params", "caveats",
    "load_failures", "verdict",
]


def _root(name: str) -> Model:
    return load(resolve([str(fixture_path(name))])[0]).root


def test_known_mix_counts_exactly() -> None:
    """cast, conv, relu | gather | conv | topk, cast: the output cast follows topk off the ANE."""
    found = estimate(_root("ml216_ane_mix.mlpackage"))
    assert found is not None
    assert [(e.op.type, e.unit) for e in found.ops] == [
        ("cast", "ane"),
        ("conv", "ane"),
        ("relu", "ane"),
        ("gather", "fallback"),
        ("conv", "ane"),
        ("topk", "fallback"),
        ("cast", "fallback"),
    ]
    summary = found.summary().facts()
    assert summary["ops_total"] == 7
    assert summary["ops_ane"] == 4
    assert summary["ops_fallback"] == 3
    assert summary["ops_unknown"] == 0
    assert summary["partitions"] == 2
    assert summary["fallback"] == {"cast": 1, "gather": 1, "topk": 1}
    assert summary["fallback_causes"] == {"adjacent_cast": 1, "gather": 1, "sort": 1}
    assert summary["ane_share"] == pytest.approx(4 / 7, abs=1e-3)
    assert summary["verdict"] == "poor"  # 2 partitions and 57% of the ops


def test_known_mix_twin_is_one_partition() -> None:
    summary = estimate(_root("ml216_ane_mix_clean.mlpackage")).summary().facts()  # type: ignore[union-attr]
    assert (summary["ops_total"], summary["ops_ane"], summary["partitions"]) == (6, 6, 1)
    # every op eligible, one partition: good by the counts, but a 48-parameter model is too little work
    assert ane_support.verdict(6, 6, 0, 1) == "good"
    assert list(summary["caveats"]) == ["small_model"] and summary["verdict"] == "uncertain"


def test_const_ops_are_not_counted() -> None:
    root = _root("ml216_ane_mix.mlpackage")
    consts = [op for op in root.ops if op.type == "const"]
    assert consts, "the fixture should have const ops"
    assert all(e.op.type != "const" for e in estimate(root).ops)  # type: ignore[union-attr]


def test_estimate_is_computed_once_per_model() -> None:
    root = _root("ml216_ane_mix.mlpackage")
    assert estimate(root) is estimate(root)


@pytest.mark.parametrize(
    "name",
    ["ml216_ane_mix.mlpackage", "ml215_fp16_overflow.mlpackage", "ml223_dilated_conv.mlpackage",
     "ml224_int_cast.mlpackage", "ml225_data_dependent_shape.mlpackage", "ml212_fp32_compute.mlpackage"],
)
def test_the_estimate_walks_each_graph_once(name: str) -> None:
    """Producers and constants are looked up in what the pass has walked: the graph's own
    producer index (a second walk over every op) is never built."""
    root = _root(name)
    assert estimate(root) is not None
    assert all("_index" not in graph.__dict__ for graph in root.graphs)


def test_models_without_a_graph_have_no_estimate() -> None:
    from mllint import protos

    spec = protos.model_class()()
    spec.specificationVersion = 1
    spec.glmRegressor.offset.append(0.0)
    assert estimate(Model(spec)) is None
    assert model_facts(Model(spec)) is None


# --------------------------------------------------------------------------- partitions


def _nn_model(layers) -> Model:  # type: ignore[no-untyped-def]
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    builder = NeuralNetworkBuilder(
        [("x", datatypes.Array(1, 4))], [("y", None), ("side", None)], disable_rank5_shape_mapping=True
    )
    layers(builder)
    return Model(builder.spec)


def _dense(builder, name: str, source: str, target: str) -> None:  # type: ignore[no-untyped-def]
    weights = np.ones((4, 4), dtype=np.float32)
    builder.add_inner_product(name, weights, None, 4, 4, False, source, target)


def test_fallback_on_a_side_branch_does_not_split() -> None:
    """dense -> custom (side output) and dense -> relu -> dense: one ANE group (ORT's grouping),
    although the custom layer sits between them in program order."""

    def layers(builder) -> None:  # type: ignore[no-untyped-def]
        _dense(builder, "first", "x", "h")
        builder.add_custom("side_branch", ["h"], ["side"])
        builder.add_activation("act", "RELU", "h", "a")
        _dense(builder, "second", "a", "y")

    found = estimate(_nn_model(layers))
    assert found is not None
    assert [e.unit for e in found.ops] == ["ane", "fallback", "ane", "ane"]
    assert found.partitions == 1


def test_fallback_in_the_chain_splits() -> None:
    def layers(builder) -> None:  # type: ignore[no-untyped-def]
        _dense(builder, "first", "x", "h")
        builder.add_custom("middle", ["h"], ["m"])
        _dense(builder, "second", "m", "y")
        builder.add_activation("side", "RELU", "y", "side")

    assert estimate(_nn_model(layers)).partitions == 2  # type: ignore[union-attr]


def test_unknown_ops_are_neither_ane_nor_fallback() -> None:
    """batchedMatmul has no row: counted as unknown, passing dependencies through."""

    def layers(builder) -> None:  # type: ignore[no-untyped-def]
        _dense(builder, "first", "x", "h")
        builder.add_batched_mat_mul("mystery", ["h"], "m", weight_matrix_rows=4, weight_matrix_columns=4,
                                    W=np.ones((4, 4), dtype=np.float32))
        _dense(builder, "second", "m", "y")
        builder.add_activation("side", "RELU", "y", "side")

    summary = estimate(_nn_model(layers)).summary().facts()  # type: ignore[union-attr]
    assert (summary["ops_ane"], summary["ops_fallback"], summary["ops_unknown"]) == (3, 0, 1)
    assert summary["unknown"] == {"batchedMatmul": 1}
    assert summary["partitions"] == 1
    assert summary["verdict"] == "mixed"  # 3 of 4 is 75%, not above it: unknown ops count against the share


# --------------------------------------------------------------------------- verdict


@pytest.mark.parametrize(
    ("total", "ane", "unknown", "partitions", "expected"),
    [
        (0, 0, 0, 0, "n/a"),
        (100, 76, 0, 1, "good"),
        (100, 75, 0, 1, "mixed"),
        (100, 51, 0, 1, "mixed"),
        (100, 50, 0, 1, "poor"),
        (100, 76, 0, 2, "mixed"),
        (100, 75, 0, 2, "poor"),
        (100, 99, 0, 3, "poor"),
        (100, 0, 0, 0, "poor"),
        (100, 70, 26, 1, "uncertain"),
        (100, 74, 25, 1, "mixed"),
    ],
)
def test_verdict(total: int, ane: int, unknown: int, partitions: int, expected: str) -> None:
    assert ane_support.verdict(total, ane, unknown, partitions) == expected


# --------------------------------------------------------------------------- facts and reports


def test_facts_reach_json_and_text() -> None:
    linter = Linter.create()
    report = linter.lint(resolve([str(fixture_path("ml216_ane_mix.mlpackage"))]), linter.selection(["ML216"]))
    [model] = report.models
    ane = model.facts["ane"]
    assert list(ane) == [*SUMMARY_KEYS, "chip", "ops", "basis"]  # the JSON shape reporters and users read
    assert (ane["ops_total"], ane["ops_ane"], ane["partitions"], ane["verdict"]) == (7, 4, 2, "poor")
    assert ane["basis"].startswith("static estimate of eligibility for the ANE")

    from mllint.reporters import json_report, text

    json_out = io.StringIO()
    json_report.render(report, json_out, ReportOptions())
    assert json.loads(json_out.getvalue())["models"][0]["ane"]["fallback"] == {"cast": 1, "gather": 1, "topk": 1}

    text_out = io.StringIO()
    text.render(report, text_out, ReportOptions())
    assert re.search(
        r"^  Neural Engine \(estimate\): 4/7 ops eligible \(57%\), \d+% of the estimated FLOPs, 2 partition\(s\), verdict: poor$",
        text_out.getvalue(),
        re.M,
    )
    assert "  falls back: cast x1, gather x1, topk x1" in text_out.getvalue()


def test_pipeline_adds_up_its_graph_models() -> None:
    """A pipeline of the known mix and the cumsum model plus a GLM: sums, partitions added."""
    from mllint import protos

    pipeline = protos.model_class()()
    pipeline.specificationVersion = 7
    for name in ("ml216_ane_mix.mlpackage", "ml229_cumsum.mlpackage"):
        pipeline.pipeline.models.add().CopyFrom(_root(name).proto)
    glm = pipeline.pipeline.models.add()
    glm.specificationVersion = 1
    glm.glmRegressor.offset.append(0.0)

    facts = model_facts(Model(pipeline))
    assert facts is not None
    assert list(facts) == [*SUMMARY_KEYS, "chip", "ops", "sub_models", "not_estimated", "basis"]
    assert list(facts["sub_models"][0]) == ["path", *SUMMARY_KEYS]
    assert facts["ops_total"] == 7 + 5
    assert facts["ops_ane"] == 4 + 4
    assert facts["partitions"] == 2 + 2
    assert facts["fallback"] == {"cast": 1, "cumsum": 1, "gather": 1, "topk": 1}
    assert [s["path"] for s in facts["sub_models"]] == ["models[0]", "models[1]"]
    assert facts["not_estimated"] == ["models[2] (glmRegressor)"]
    assert facts["verdict"] == "poor"


def test_text_block_names_unknown_ops() -> None:
    from mllint.reporters.text import _ane_block
    from mllint.reporting import ModelReport

    model = ModelReport(path="m.mlmodel", kind="mlmodel", file="m.mlmodel")
    model.facts["ane"] = {
        "ops_total": 4, "ops_ane": 3, "partitions": 1, "verdict": "mixed",
        "fallback": {}, "unknown": {"batchedMatmul": 1},
    }
    assert _ane_block(model) == [
        "  Neural Engine (estimate): 3/4 ops eligible (75%), 1 partition(s), verdict: mixed",
        "  unknown to mllint (counted, not eligible): batchedMatmul x1",
    ]


def test_inline_value_beyond_fp16_is_an_overflow() -> None:
    """An argument bound to an immediate value (no const op) is read too."""
    proto = _root("ml215_fp16_overflow_clean.mlpackage").proto
    block = proto.mlProgram.functions["main"].block_specializations["CoreML6"]
    const = next(op for op in block.operations if op.type == "const" and "mask" in op.outputs[0].name)
    add = next(op for op in block.operations if op.type == "add")
    value = type(const.attributes["val"])()
    value.CopyFrom(const.attributes["val"])
    value.immediateValue.tensor.bytes.values = np.full(4, np.inf, dtype=np.float16).tobytes()
    binding = add.inputs["y"].arguments[0]
    binding.ClearField("name")
    binding.value.CopyFrom(value)

    [overflow] = estimate(Model(proto)).overflows  # type: ignore[union-attr]
    assert (overflow.location, overflow.name, overflow.dtype, overflow.magnitude) == (
        "main/masked_cast_fp16", "(inline value)", "FLOAT16", float("inf")
    )


@needs_corpus
def test_corpus_yolo_exports_fp16_good_fp32_poor() -> None:
    def facts(name: str) -> dict:  # type: ignore[type-arg]
        found = model_facts(load(resolve([str(CORPUS / "ultralytics" / name)])[0]).root)
        assert found is not None
        return found

    fp16 = facts("yolo11n_int8.mlpackage")
    assert (fp16["partitions"], fp16["verdict"], fp16["ops_unknown"]) == (1, "good", 0)
    fp32 = facts("yolo11n_fp32.mlpackage")
    assert (fp32["ops_ane"], fp32["verdict"]) == (0, "poor")
    assert fp32["fallback_causes"]["fp32"] == fp32["ops_total"] - 1  # all but the image scale
    nms = facts("yolo11n_nms.mlpackage")
    assert nms["not_estimated"] == ["models[1] (nonMaximumSuppression)"]


def test_layers_inside_a_branch_are_control_flow_fallbacks() -> None:
    """The layers of a branch layer's networks count as the ops inside an ML program block do."""
    found = estimate(_root("ml122_branch_output_clean.mlmodel"))
    assert found is not None
    assert [(e.op.path, e.unit, dict(e.reasons).get("control_flow")) for e in found.ops] == [
        ("layers/branch", "fallback", ""),
        ("layers/branch/ifBranch/relu_if", "fallback", "inside branch"),
        ("layers/branch/elseBranch/linear_else", "fallback", "inside branch"),
    ]


# --------------------------------------------------------------------------- issue 12: the estimate from evidence


def _units(name: str) -> list[tuple[str, str, str]]:
    found = estimate(_root(name))
    assert found is not None
    return [(e.op.type, e.unit, e.primary) for e in found.ops]


def test_one_op_one_cause_fp32_lstm() -> None:
    """An fp32 LSTM has two causes; it is listed under its primary one only (item 8)."""
    found = estimate(_root("ml217_lstm_fp32.mlpackage"))
    assert found is not None
    [lstm] = found.ops
    assert (lstm.primary, lstm.causes) == ("recurrent", ("recurrent", "fp32"))
    assert found.with_cause("recurrent") == (lstm,) and found.with_cause("fp32") == ()
    facts = found.summary().facts()
    assert facts["fallback_causes"] == {"recurrent": 1}
    assert sum(facts["fallback_causes"].values()) == facts["ops_fallback"]


def test_primary_cause_order() -> None:
    assert ane_support.primary_cause(("fp32", "control_flow", "integer")) == "control_flow"
    assert ane_support.primary_cause(("runtime_shape", "runtime_slice")) == "runtime_slice"
    assert ane_support.primary_cause(()) == ""


def test_load_constant_nd_is_not_counted() -> None:
    """NN loadConstant/loadConstantND are constants, never compute and never fallback (item 7)."""
    assert _units("ml222_load_constant_nd_clean.mlmodel") == [("innerProduct", "ane", ""), ("add", "ane", "")]
    assert "loadConstantND" not in ane_support.NN_LAYERS and "loadConstant" not in ane_support.NN_LAYERS


def test_rank_6_is_a_load_failure_not_a_fallback() -> None:
    """A rank-6 tensor: Core ML does not load the model (item 6); no op is a fallback for it."""
    found = estimate(_root("ml127_tensor_rank_above_5.mlpackage"))
    assert found is not None
    assert [(op.path, detail) for op, detail in found.load_failures] == [
        ("main/split_dims_cast_fp16", "rank 6"), ("main/scale_cast_fp16", "rank 6"),
    ]
    assert all(e.unit == "ane" for e in found.ops)
    facts = found.summary().facts()
    assert facts["verdict"] == "does-not-load"
    assert facts["load_failures"] == ["main/split_dims_cast_fp16 (rank 6)", "main/scale_cast_fp16 (rank 6)"]
    clean = estimate(_root("ml127_tensor_rank_above_5_clean.mlpackage")).summary()  # type: ignore[union-attr]
    assert clean.load_failures == () and clean.verdict == "uncertain"  # loads; a tiny model (small_model)
    assert "rank" not in ane_support.CAUSES
    assert "ML214" not in {rule.code for rule in Linter.create().registry.rules}


def test_runtime_begin_slice_with_a_static_shape_falls_back() -> None:
    """torch.narrow: slice_by_size with a run-time begin and a constant size (item 2)."""
    found = estimate(_root("ml201_narrow.mlpackage"))
    assert found is not None
    narrow = found.by_path()["main/narrow_cast_fp16"]
    assert -1 not in narrow.op.outputs[0].shape  # the output shape is static
    assert (narrow.unit, narrow.primary, narrow.detail("runtime_slice")) == (
        "fallback", "runtime_slice", "begin computed at run time (concat 'begin')"
    )
    twin = estimate(_root("ml201_narrow_clean.mlpackage")).by_path()["main/narrow_cast_fp16"]  # type: ignore[union-attr]
    assert twin.unit == "ane"
    masked = estimate(_root("ml201_runtime_begin_masked_clean.mlpackage"))
    assert masked is not None and not masked.with_cause("runtime_slice")


def test_squeeze_excite_multiply_falls_back() -> None:
    """NN multiply of a computed Cx1x1 over CxHxW (hollance/neural-engine#2), not of a constant (item 3)."""
    assert _units("ml232_squeeze_excite.mlmodel")[-1] == ("multiply", "fallback", "channel_broadcast")
    assert _units("ml232_squeeze_excite_clean.mlmodel")[-1] == ("multiply", "ane", "")


def test_layer_norm_under_enumerated_shapes_falls_back() -> None:
    """apple/coremltools#1909 (item 3)."""
    assert ("layer_norm", "fallback", "enumerated_layer_norm") in _units("ml210_layer_norm_enumerated.mlpackage")
    assert all(unit == "ane" for _, unit, _ in _units("ml210_layer_norm_enumerated_clean.mlpackage"))


def test_range_input_is_never_good() -> None:
    """A RangeDim input runs on the ANE at most at its default shape (item 3): uncertain, with the caveat."""
    facts = estimate(_root("ml210_flexible_range.mlmodel")).summary().facts()  # type: ignore[union-attr]
    assert (facts["ops_ane"], facts["ops_total"], facts["partitions"]) == (1, 1, 1)
    assert facts["verdict"] == "uncertain"
    assert list(facts["caveats"]) == ["small_model", "range_input"]
    fixed = estimate(_root("ml210_flexible_range_clean.mlmodel")).summary().facts()  # type: ignore[union-attr]
    assert list(fixed["caveats"]) == ["small_model"]  # the fixed shape has no range caveat


def test_ops_entries_flops_and_work_share() -> None:
    """The JSON gains one entry per op and the work share (item 10)."""
    facts = model_facts(_root("ml212_fp32_compute_clean.mlpackage"))
    assert facts is not None
    conv = next(op for op in facts["ops"] if op["type"] == "conv")
    assert conv == {"path": conv["path"], "type": "conv", "unit": "ane", "cause": None, "also": [],
                    "flops": 2 * (4 * 8 * 8) * (4 * 3 * 3), "note": None}
    assert facts["params"] == 4 * 4 * 3 * 3
    assert facts["work_share"] == 1.0
    mix = model_facts(_root("ml216_ane_mix.mlpackage"))
    assert mix is not None
    assert [op["unit"] for op in mix["ops"]] == ["ane", "ane", "ane", "fallback", "ane", "fallback", "fallback"]
    assert 0 < mix["work_share"] <= 1 and mix["flops_ane"] <= mix["flops"]


def test_params_of_a_custom_layer_with_named_parameters() -> None:
    """A custom layer's parameters map holds no weights; its WeightParams do."""

    def layers(builder) -> None:  # type: ignore[no-untyped-def]
        _dense(builder, "first", "x", "y")
        spec = builder.add_custom("side_branch", ["y"], ["side"])
        spec.custom.parameters["mode"].intValue = 1
        spec.custom.weights.add().floatValue.extend([1.0, 2.0, 3.0])

    found = estimate(_nn_model(layers))
    assert found is not None and found.params == 16 + 3


# --------------------------------------------------------------------------- per chip (item 11)


def test_chip_from_the_command_line_and_the_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from conftest import run_mllint

    model = tmp_path / "wide.mlpackage"
    shutil.copytree(fixture_path("ml230_wide_spatial.mlpackage"), model)
    assumed = run_mllint(str(model), "--select", "ML230")
    assert assumed.returncode == 1 and "(dimension 16385 > 16384 on M1)" in assumed.stdout
    assert "size caps of M1 assumed (no --chip given)" in assumed.stdout
    assert run_mllint(str(model), "--select", "ML230", "--chip", "m4").returncode == 0
    (tmp_path / "mllint.toml").write_text('chip = "M4"\n')
    configured = run_mllint(str(model), "--select", "ML230", "--format", "json")
    assert configured.returncode == 0
    assert json.loads(configured.stdout)["models"][0]["ane"]["chip"]["name"] == "M4"
    assert run_mllint(str(model), "--select", "ML230", "--chip", "A15").returncode == 1  # the command line wins
    (tmp_path / "mllint.toml").write_text('chip = "Z9"\n')
    refused = run_mllint(str(model))
    assert refused.returncode == 2 and "chip: must be one of A14" in refused.stderr
    unknown = run_mllint(str(model), "--isolated", "--chip", "Z9")
    assert unknown.returncode == 2 and "unknown chip 'Z9'" in unknown.stderr


W8A8_FIXTURE = "ane_w8a8_conv_clean.mlpackage"  # fp16 x -> quantize -> dequantize -> conv (int8 weights) -> relu


def _w8a8_units(chip: str | None) -> dict[str, tuple[str, str | None]]:
    facts = model_facts(_root(W8A8_FIXTURE), chip)
    assert facts is not None
    return {op["type"]: (op["unit"], op["cause"]) for op in facts["ops"]}


@pytest.mark.parametrize("chip", ["A17", "M4"])
def test_w8a8_activation_quantisation_is_eligible_on_chips_with_the_int8_path(chip: str) -> None:
    """W8A8 (coremltools optimisation overview: "faster int8-int8 compute path supported in newer
    hardware (A17 pro, M4)"): the quantize -> dequantize pair around the conv is eligible there."""
    assert _w8a8_units(chip) == {
        "quantize": ("ane", None), "dequantize": ("ane", None), "conv": ("ane", None), "relu": ("ane", None),
    }


@pytest.mark.parametrize("chip", [None, "M1", "A14"])
def test_w8a8_activation_quantisation_is_unknown_on_older_chips(chip: str | None) -> None:
    """Without the int8-int8 path (and by default, M1 assumed) the pair is unknown, never a fallback:
    the evidence says where it is faster, not where it falls back."""
    assert _w8a8_units(chip) == {
        "quantize": ("unknown", None), "dequantize": ("unknown", None), "conv": ("ane", None), "relu": ("ane", None),
    }
    facts = model_facts(_root(W8A8_FIXTURE), chip)
    assert facts is not None and facts["unknown"] == {"dequantize": 1, "quantize": 1}
    assert facts["ops_fallback"] == 0 and facts["chip"]["name"] == (chip or "M1")
    for op_type in ("quantize", "dequantize"):  # the row's reason: the int8_activations check
        row = ane_support.mil_support(op_type)
        assert row is not None and row.unit == "unknown" and row.checks == ("int8_activations",)
    quantize = ane_support.mil_support("quantize")
    assert quantize is not None and "eligible on A17 Pro/M4 and later" in quantize.note


def test_w8a8_chip_from_the_command_line() -> None:
    from conftest import run_mllint

    def units(*args: str) -> list[tuple[str, str]]:
        done = run_mllint(str(fixture_path(W8A8_FIXTURE)), "--format", "json", *args)
        assert done.returncode == 0  # the fixture is clean: no rule fires on either chip
        return [(op["type"], op["unit"]) for op in json.loads(done.stdout)["models"][0]["ane"]["ops"]]

    assert units("--chip", "M4")[:2] == [("quantize", "ane"), ("dequantize", "ane")]
    assert units("--chip", "A14")[:2] == [("quantize", "unknown"), ("dequantize", "unknown")]


def _dense_stack(width: int) -> Model:
    """Four fully connected layers of ``width`` x ``width`` float32 weights (a neural network)."""
    from coremltools.models import datatypes
    from coremltools.models.neural_network import NeuralNetworkBuilder

    builder = NeuralNetworkBuilder([("x", datatypes.Array(width))], [("y", None)])
    source = "x"
    for index in range(4):
        target = "y" if index == 3 else f"h{index}"
        weights = np.full((width, width), 0.01, dtype=np.float32)
        builder.add_inner_product(f"dense{index}", weights, None, width, width, False, source, target)
        source = target
    return Model(builder.spec)


def test_small_model_caveat_and_its_big_twin() -> None:
    """A model above 1M parameters whose ops are all eligible is good; the same ops with little weight are not."""
    big = estimate(_dense_stack(512)).summary()  # type: ignore[union-attr]
    assert big.params == 4 * 512 * 512 and big.caveats == {} and big.verdict == "good"
    small = estimate(_dense_stack(64)).summary()  # type: ignore[union-attr]
    assert list(small.caveats) == ["small_model"] and small.verdict == "uncertain"


def test_html_shows_work_share_params_and_flops(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import run_mllint

    page = tmp_path / "r.html"
    run_mllint(str(fixture_path("ml216_ane_mix.mlpackage")), "--format", "html", "-o", str(page))
    text = page.read_text()
    assert re.search(r"4/7 ops eligible \(57%\), \d+% of the estimated FLOPs", text)
    assert re.search(r"\d+ parameters, [\d.]+K? estimated FLOPs", text)


def _grown_copy(tmp_path, size: int) -> str:  # type: ignore[no-untyped-def]
    """A tmp copy of a fixture whose weight.bin is grown (sparse, nothing written) to ``size`` bytes."""
    import os
    import shutil

    package = tmp_path / f"grown_{size}.mlpackage"
    shutil.copytree(fixture_path("ml405_large_weight_file_clean.mlpackage"), package)
    os.truncate(package / "Data" / "com.apple.CoreML" / "weights" / "weight.bin", size)
    return str(package)


def test_weights_over_the_chips_whole_model_limit_are_a_caveat(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An ML program whose weight.bin exceeds the chip's whole-model limit (2 GiB on Macs, 1 GiB on
    iPhone/iPad chips) runs on the CPU only: a model-level caveat, never a "good" verdict."""
    from mllint.knowledge.chips import LARGE_CHUNK_BYTES_IOS, LARGE_MODEL_BYTES_M1

    original = fixture_path("ml405_large_weight_file_clean.mlpackage") / "Data" / "com.apple.CoreML" / "weights"
    clean = estimate(_root("ml405_large_weight_file_clean.mlpackage"))
    assert clean is not None and "large_model" not in clean.caveats and clean.weight_bytes == 704

    between = load(resolve([_grown_copy(tmp_path, LARGE_CHUNK_BYTES_IOS + 1)])[0]).root
    on_mac, on_iphone = estimate(between), estimate(between, "A14")
    assert on_mac is not None and on_iphone is not None
    assert on_mac.weight_bytes == LARGE_CHUNK_BYTES_IOS + 1 and "large_model" not in on_mac.caveats
    assert on_iphone.caveats["large_model"].startswith("1.00 GiB of weights, over the whole-model limit of 1.00 GiB")
    assert on_iphone.summary().verdict != "good"

    over = estimate(load(resolve([_grown_copy(tmp_path, LARGE_MODEL_BYTES_M1 + 1)])[0]).root, "M4")
    assert over is not None and "on M4: Core ML runs a model this large on the CPU only" in over.caveats["large_model"]
    assert over.summary().verdict != "good"
    assert (original / "weight.bin").stat().st_size == 704  # the fixture itself is never touched


def test_weights_over_the_limit_in_the_json_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import run_mllint

    from mllint.knowledge.chips import LARGE_MODEL_BYTES_M1

    report = run_mllint(_grown_copy(tmp_path, LARGE_MODEL_BYTES_M1 + 1), "--format", "json", "--select", "ML2")
    ane = json.loads(report.stdout)["models"][0]["ane"]
    assert "2.00 GiB of weights" in ane["caveats"]["large_model"] and ane["verdict"] != "good"


def test_embedded_neural_network_weights_count_toward_the_limit() -> None:
    """A neural network's weights are in its spec: their bytes count, and over the limit the big twin of
    the small-model test is no longer good."""
    from dataclasses import replace

    from mllint.analysis.ane_caveats import model_caveats
    from mllint.knowledge.chips import CHIPS_BY_NAME

    model = _dense_stack(512)
    found = estimate(model)
    assert found is not None and found.weight_bytes == 4 * 512 * 512 * 4  # float32 WeightParams
    assert found.summary().verdict == "good"
    small_limit = CHIPS_BY_NAME["M1"]._replace(max_model_weight_bytes=found.weight_bytes - 1)
    caveats = model_caveats(model, list(found.ops), found.params, found.weight_bytes, small_limit)
    assert list(caveats) == ["large_model"]
    assert replace(found, caveats=caveats).summary().verdict == "uncertain"
