"""ML405 weight-file-too-large: a weight file over 1 GiB, which iOS devices often fail to load."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.blobs import scan_blobs
from mllint.knowledge.blob_format import LARGE_WEIGHT_FILE_BYTES
from mllint.loader import LoadedModel
from mllint.rule import Option, RunContext

from .blob_problems import byte_size


@artifact_rule(
    code="ML405",
    name="weight-file-too-large",
    severity="warning",
    heuristic=True,
    summary="A weight file is larger than 1 GiB, which iOS devices often fail to load.",
    why="""
        Core ML maps the weight file into memory; on iOS, apps have a per-process memory limit and
        very large single weight files commonly fail to load or get the app killed. Community
        guidance for on-device models is to keep each weight file under about 1 GB, which is why
        large language models are exported in chunks. A heuristic: Macs and recent iPads can
        load more.
    """,
    fix="""
        Compress the weights (`coremltools.optimize.coreml.palettize_weights` or
        `linear_quantize_weights`), or split the model into chunks
        (`coremltools.models.utils.bisect_model`) and chain them in the app.
    """,
    evidence="device-report",
    sources=("antmikinka/AppleNeuralEngine-Kit documentation (about 1 GB per weight file on iOS)",),
    options=(Option("max_bytes", int, LARGE_WEIGHT_FILE_BYTES, "Report weight files larger than this many bytes."),),
)
def weight_file_too_large(loaded: LoadedModel, context: RunContext) -> Iterator[Finding]:
    """Looks at the size on disk of every weight file the ML program refers to (without reading it)
    and reports each above 1 GiB (2^30 bytes, `LARGE_WEIGHT_FILE_BYTES` in
    `mllint/knowledge/blob_format.py`; the rule option `max_bytes` overrides it).

    Example: a 7B-parameter language model in one 3.5 GB `weight.bin` after 4-bit palettization.
    """
    configured = context.rule_options(weight_file_too_large).get("max_bytes")
    limit = configured if isinstance(configured, int) and configured > 0 else LARGE_WEIGHT_FILE_BYTES
    over = (
        "the 1 GiB per weight file that iOS devices commonly load"
        if limit == LARGE_WEIGHT_FILE_BYTES
        else f"this rule's max_bytes of {limit:,}"
    )
    for file in scan_blobs(loaded).files.values():
        if file.readable and not file.lfs_pointer and file.size > limit:
            yield Finding(f"{file.label} is {byte_size(file.size)}, over {over}", location=file.uses[0].location)
