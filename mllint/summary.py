"""One model's facts as a stable summary: what ``mllint show`` prints and ``mllint diff`` compares.

The summary holds the interface (inputs, outputs, states), the model type and
structure (pipeline steps, functions), the spec version and the oldest OS, op
counts by type, the weights (files, precision, compression), the Neural Engine
estimate and the findings, each with a fingerprint that does not depend on the
model's path (so two copies of one model compare). Facts computed by the lint
plugins (``deployment``, ``ane``) are read from :func:`mllint.linted.lint_model`;
the rest is read from the spec here.

``show`` prints one fact per line, in a fixed order, without the model's path:
git runs it as a ``textconv`` filter on temporary copies, and a diff of two
summaries must show only what changed in the model.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .analysis.deployment import Deployment
from .linted import DISCOVERED, Configuration, LintedModel, lint_model
from .view import Feature, Model

# Rules about the weight files beside a spec: a spec shown on its own (git's textconv) has none.
WEIGHT_FILE_RULES = ("ML401", "ML402", "ML403", "ML404", "ML405")
WEIGHT_MIN_ELEMENTS = 16  # an immediate constant this large counts as a weight; a blob always does
TOP_FALLBACK = 5


def summarize(
    path: str | os.PathLike[str], spec_only: bool = False, configuration: Configuration = DISCOVERED
) -> dict[str, Any]:
    """The summary of the model at ``path`` (a .mlmodel file or .mlpackage folder).

    ``spec_only``: ``path`` is a spec file summarised on its own, even inside a
    package: no weight files, and no findings about them. git hands ``textconv``
    the spec file of a package alone (a temporary copy for the old side, the
    file in the package for the new one), and both sides must read alike.
    """
    from .discovery import Artifact, display_path, resolve
    from .loader import LoadError, load

    ignore = WEIGHT_FILE_RULES if spec_only else ()
    linted = lint_model(path, ignore=ignore, spec_only=spec_only, configuration=configuration)
    summary: dict[str, Any] = _lint_facts(linted)
    if spec_only:
        artifact = Artifact(display_path(Path(path)), "mlmodel", os.path.realpath(path))
    else:
        artifact = resolve([os.fspath(path)])[0]
    try:
        loaded = load(artifact)
    except LoadError as error:
        summary["unreadable"] = error.message
        return summary
    root = loaded.root
    summary["structure"] = [_node_line(node) for node in root.walk()]
    summary["interface"] = _interface(root)
    summary["ops"] = dict(sorted(Counter(op.type for node in root.walk() for op in node.ops).items()))
    summary["weights"] = _weights(root, loaded.weights_dir)
    return summary


def _lint_facts(linted: LintedModel) -> dict[str, Any]:
    facts = linted.facts
    deployment = Deployment.from_facts(facts)
    summary: dict[str, Any] = {
        "model_type": facts.get("model_type"),
        "spec_version": facts.get("spec_version"),
        "min_spec_version": deployment.min_spec_version if deployment else None,
        "oldest_os": deployment.oldest_os_all if deployment else None,
        "ane": _ane(facts.get("ane")),
        "findings": [
            {
                "fingerprint": fingerprint,
                "code": d.code,
                "severity": d.severity.label,
                "location": d.location,
                "message": d.message,
            }
            for d, fingerprint in zip(linted.diagnostics, linted.fingerprints())
        ],
    }
    return summary


def _ane(ane: Any) -> dict[str, Any] | None:
    if not isinstance(ane, dict):
        return None
    listed = ane.get("fallback")
    fallback: dict[str, int] = listed if isinstance(listed, dict) else {}
    top = sorted(fallback.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_FALLBACK]
    summary: dict[str, Any] = {
        "share_ops": ane.get("ane_share"),
        "ops_ane": ane.get("ops_ane"),
        "ops_total": ane.get("ops_total"),
        "partitions": ane.get("partitions"),
        "top_fallback": dict(top),
        "verdict": ane.get("verdict"),
    }
    # the share by work (FLOPs, bytes) where the estimate gives one
    for key, value in sorted(ane.items()):
        if "work" in key and isinstance(value, (int, float)):
            summary[key] = value
    return summary


def _node_line(node: Model) -> str:
    where = node.path or "model"
    text = f"{where} {node.type} v{node.spec_version}"
    if node.type == "mlProgram":
        functions = ", ".join(f"{g.name}[{g.opset}]" for g in node.graphs)
        text += f" functions {functions}"
        default = node.proto.description.defaultFunctionName
        if default:
            text += f" default {default}"
    elif node.graphs:
        text += f" layers {len(node.graphs[0].ops)}"
    return text


def describe_feature(feature: Feature) -> str:
    text = feature.describe()
    flexibility = _flexibility(feature)
    if flexibility:
        text += f" {flexibility}"
    if feature.optional:
        text += " optional"
    return text


def _flexibility(feature: Feature) -> str:
    array, image = feature.array, feature.image
    if array is not None:
        which = array.WhichOneof("ShapeFlexibility")
        if which == "enumeratedShapes":
            shapes = ["[" + ", ".join(str(d) for d in s.shape) + "]" for s in array.enumeratedShapes.shapes]
            return "enumerated " + " ".join(shapes)
        if which == "shapeRange":
            ranges = [f"{r.lowerBound}..{r.upperBound}" for r in array.shapeRange.sizeRanges]
            return "range [" + ", ".join(ranges) + "]"
    if image is not None:
        which = image.WhichOneof("SizeFlexibility")
        if which == "enumeratedSizes":
            return "enumerated " + " ".join(f"{s.height}x{s.width}" for s in image.enumeratedSizes.sizes)
        if which == "imageSizeRange":
            r = image.imageSizeRange
            return (
                f"range {r.heightRange.lowerBound}..{r.heightRange.upperBound}"
                f"x{r.widthRange.lowerBound}..{r.widthRange.upperBound}"
            )
    return ""


def _interface(root: Model) -> dict[str, dict[str, str]]:
    interface: dict[str, dict[str, str]] = {}
    for feature in (*root.inputs, *root.outputs, *root.states, *root.function_features):
        prefix = feature.path.rsplit("/", 2)[0] + "/" if feature.path.startswith("functions/") else ""
        interface.setdefault(feature.role, {})[prefix + feature.name] = describe_feature(feature)
    return interface


def _weights(root: Model, weights_dir: Path | None) -> dict[str, Any]:
    files = {}
    if weights_dir is not None and weights_dir.is_dir():
        for item in sorted(weights_dir.rglob("*")):
            if item.is_file():
                files[item.relative_to(weights_dir).as_posix()] = item.stat().st_size
    precision: Counter[str] = Counter()
    compression: Counter[str] = Counter()
    for node in root.walk():
        for op in node.ops:
            if op.is_mil:
                if op.type.startswith("constexpr_"):
                    compression[op.type] += 1
                elif op.type == "const" and op.outputs:
                    value = op.proto.attributes.get("val")
                    out = op.outputs[0]
                    elements = math.prod(out.shape) if out.shape else 1
                    in_blob = value is not None and value.WhichOneof("value") == "blobFileValue"
                    if in_blob or elements >= WEIGHT_MIN_ELEMENTS:
                        precision[out.dtype] += elements
            else:
                for kind, count in _nn_weights(op.params):
                    precision[kind] += count
                    if kind == "quantized":
                        compression["quantized NN weights"] += 1
    return {
        "files": files,
        "file_bytes": sum(files.values()),
        "elements_by_dtype": dict(sorted(precision.items())),
        "compression": dict(sorted(compression.items())),
    }


def _nn_weights(params: Any) -> Iterable[tuple[str, int]]:
    """(FLOAT32 | FLOAT16 | quantized, element or byte count) for each WeightParams of a layer."""
    if params is None:
        return
    for field, value in params.ListFields():
        if field.message_type is None:
            continue
        for item in value if field.is_repeated else (value,):
            if field.message_type.name == "WeightParams":
                if len(item.floatValue):
                    yield "FLOAT32", len(item.floatValue)
                elif len(item.float16Value):
                    yield "FLOAT16", len(item.float16Value) // 2
                elif len(item.rawValue):
                    yield "quantized", len(item.rawValue)
            else:
                yield from _nn_weights(item)


# --------------------------------------------------------------------------- show


def show_lines(summary: dict[str, Any]) -> list[str]:
    """The summary as stable lines, one fact each (git textconv output)."""
    lines = [
        f"type: {summary.get('model_type')}",
        f"spec_version: {summary.get('spec_version')}",
        f"oldest_os: {summary.get('oldest_os')} (needs spec {summary.get('min_spec_version')})",
    ]
    if "unreadable" in summary:
        lines.append(f"unreadable: {summary['unreadable']}")
    lines += [f"structure: {line}" for line in summary.get("structure", [])]
    for role, features in summary.get("interface", {}).items():
        lines += [f"{role}: {name}: {text}" for name, text in features.items()]
    lines += [f"op: {op_type}: {count}" for op_type, count in summary.get("ops", {}).items()]
    weights = summary.get("weights")
    if weights:
        lines.append(f"weights: {weights['file_bytes']} bytes in {len(weights['files'])} file(s)")
        lines += [f"weights file: {name}: {size} bytes" for name, size in weights["files"].items()]
        lines += [f"weights dtype: {dtype}: {n} elements" for dtype, n in weights["elements_by_dtype"].items()]
        lines += [f"weights compression: {kind}: {n}" for kind, n in weights["compression"].items()]
    ane = summary.get("ane")
    if ane:
        lines.append(
            f"ane: {_percent(ane.get('share_ops'))} of ops ({ane.get('ops_ane')}/{ane.get('ops_total')}),"
            f" {ane.get('partitions')} partition(s), {ane.get('verdict')}"
        )
        lines += [f"ane {key}: {_percent(value)}" for key, value in ane.items() if "work" in key]
        lines += [f"ane fallback: {op_type}: {n}" for op_type, n in ane.get("top_fallback", {}).items()]
    for finding in sorted(summary.get("findings", []), key=lambda f: (f["code"], f["location"], f["message"])):
        lines.append(
            f"finding: {finding['code']} {finding['severity']} {finding['location'] or '(model)'}: {finding['message']}"
        )
    return lines


def _percent(share: Any) -> str:
    return f"{share * 100:.1f}%" if isinstance(share, (int, float)) else "n/a"
