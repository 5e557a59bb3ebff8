"""ML406 fp32-weights-uncompressed: a large ML program keeps its weights as uncompressed fp32."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.blobs import BlobMetadata, BlobUse, scan_blobs
from mllint.knowledge.blob_format import LARGE_FP32_WEIGHTS_BYTES, SENTINEL
from mllint.loader import LoadedModel
from mllint.rule import Option, RunContext

from .blob_problems import byte_size


def _stored_bytes(use: BlobUse, metadata: BlobMetadata | None) -> int:
    count = use.element_count
    if count is not None:
        return count * 4
    return metadata.size if metadata is not None and metadata.sentinel == SENTINEL else 0


@artifact_rule(
    code="ML406",
    name="fp32-weights-uncompressed",
    severity="info",
    summary="A large ML program stores its weights as uncompressed fp32.",
    why="""
        Float32 weights take twice the space of float16 and four times that of 8-bit weights, in the
        app download and in memory, and the Neural Engine computes in fp16 anyway. For a model with
        100 MiB of fp32 weights or more, compression usually saves tens of megabytes with little
        loss of accuracy (check it on your own data).
    """,
    fix="""
        Quantize or palettize the weights: `coremltools.optimize.coreml.linear_quantize_weights(
        model, OptimizationConfig(global_config=OpLinearQuantizerConfig(mode="linear_symmetric")))`
        (8-bit) or `coremltools.optimize.coreml.palettize_weights(...)`; or convert with
        `compute_precision=coremltools.precision.FLOAT16` for fp16 weights.
    """,
    evidence="apple-statement",
    sources=(
        "https://apple.github.io/coremltools/docs-guides/source/opt-overview.html (model compression)",
        "apple/coremltools coremltools/optimize/coreml (linear_quantize_weights, palettize_weights)",
    ),
    options=(Option("min_bytes", int, LARGE_FP32_WEIGHTS_BYTES, "Report from this many bytes of fp32 weights on."),),
)
def fp32_weights_uncompressed(loaded: LoadedModel, context: RunContext) -> Iterator[Finding]:
    """Sums the bytes of FLOAT32 `const` weights stored in weight files and not consumed by a
    `constexpr_*` decompression op (those are the scales of compressed weights). The model is
    "large" at 100 MiB of such weights (`LARGE_FP32_WEIGHTS_BYTES` in
    `mllint/knowledge/blob_format.py`; the rule option `min_bytes` overrides it). Neural networks
    (`.mlmodel` layers) are not looked at: their weights are inside the spec.

    Example: a transformer converted with `compute_precision=FLOAT32` whose 300 MiB of weights are
    all fp32 `const` ops.
    """
    configured: int = context.rule_options(fp32_weights_uncompressed)["min_bytes"]
    threshold = configured if configured > 0 else LARGE_FP32_WEIGHTS_BYTES
    scan = scan_blobs(loaded)
    fp32_bytes = 0
    fp32_count = 0
    for use in scan.uses:
        if use.dtype != "FLOAT32" or use.op.type != "const" or _feeds_decompression(use):
            continue
        fp32_count += 1
        fp32_bytes += _stored_bytes(use, scan.file_of(use).metadata.get(use.offset))
    if fp32_bytes >= threshold:
        yield Finding(
            f"{byte_size(fp32_bytes)} of weights are stored as uncompressed fp32 "
            f"({fp32_count:,} of {len(scan.uses):,} weight constants)",
            location=loaded.root.path,
        )


def _feeds_decompression(use: BlobUse) -> bool:
    graph = use.op.graph
    return any(
        consumer.type.startswith("constexpr_") for name in use.op.output_names for consumer in graph.consumers(name)
    )
