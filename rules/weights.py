"""ML4xx: weights and precision.

An ML program keeps its constants in ``weights/weight.bin`` and refers to them
by file name and offset. The checks here read only what locating a blob needs:
the weight file's size, its 64-byte storage header and the 64-byte metadata at
each referenced offset, once per file (see :mod:`mllint.blobs`). The format is
in :mod:`mllint.knowledge.blob_format`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Sequence

from mllint import Finding, Rule, artifact_rule, hookimpl
from mllint.blobs import BlobMetadata, BlobScan, BlobUse, WeightFile, scan_blobs
from mllint.knowledge.blob_format import (
    BLOB_DATA_TYPES,
    BLOB_TYPE_FOR_MIL,
    LARGE_FP32_WEIGHTS_BYTES,
    LARGE_WEIGHT_FILE_BYTES,
    SENTINEL,
    STORAGE_VERSION,
    expected_size,
)
from mllint.loader import LoadedModel
from mllint.rule import RunContext

FORMAT_SOURCE = "apple/coremltools mlmodel/src/MILBlob/Blob/StorageFormat.hpp and StorageReader.cpp"


def _constants(count: int) -> str:
    return "1 constant" if count == 1 else f"{count:,} constants"


def _bytes(size: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size:,} bytes ({size / scale:.1f} {unit})"
    return f"{size:,} bytes"


# --------------------------------------------------------------------------- per-blob problems


@dataclass
class _Group:
    """Constants of one weight file with the same problem: one finding, at the first of them."""

    file: WeightFile
    uses: list[BlobUse] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def _blob_problem(use: BlobUse, file: WeightFile) -> tuple[str, str, str] | None:
    """(code, kind, detail) of what is wrong with one blob reference, if anything."""
    metadata = file.metadata.get(use.offset)
    if metadata is None:
        return ("ML403", "metadata", f"blob metadata at offset {use.offset:,}")
    if metadata.sentinel != SENTINEL:
        return ("ML404", "sentinel", f"offset {use.offset:,} holds 0x{metadata.sentinel:08X}")
    end = metadata.data_offset + metadata.size
    if end > file.size:
        return (
            "ML403",
            "data",
            f"{metadata.size:,} bytes of data from byte {metadata.data_offset:,} "
            f"(metadata at offset {use.offset:,})",
        )
    blob_type = BLOB_DATA_TYPES.get(metadata.dtype)
    if blob_type is None:
        return ("ML404", "dtype-unknown", f"type code {metadata.dtype} at offset {use.offset:,}")
    declared = BLOB_TYPE_FOR_MIL.get(use.dtype)
    if declared is not None and declared is not blob_type:
        return ("ML404", "dtype", f"{use.dtype} declared, {blob_type.name} stored (offset {use.offset:,})")
    count = use.element_count
    if declared is not None and count is not None and metadata.size != expected_size(declared, count):
        shape = "[" + ", ".join(str(d) for d in use.shape) + "]"
        return (
            "ML404",
            "size",
            f"{shape} {use.dtype} needs {expected_size(declared, count):,} bytes, "
            f"the blob at offset {use.offset:,} holds {metadata.size:,}",
        )
    return None


def _checked_files(scan: BlobScan) -> Iterator[WeightFile]:
    """Files whose blobs can be checked one by one (readable, not a pointer, a valid header)."""
    for file in scan.files.values():
        if file.readable and not file.lfs_pointer and file.storage_version == STORAGE_VERSION:
            yield file


def _groups(scan: BlobScan, code: str) -> Iterator[tuple[str, _Group]]:
    for file in _checked_files(scan):
        groups: dict[str, _Group] = {}
        for use in file.uses:
            problem = _blob_problem(use, file)
            if problem is not None and problem[0] == code:
                group = groups.setdefault(problem[1], _Group(file))
                group.uses.append(use)
                group.details.append(problem[2])
        yield from groups.items()


def _where(group: _Group) -> str:
    first = group.details[0]
    return f": {first}" if len(group.uses) == 1 else f"; the first, {group.uses[0].location}: {first}"


# --------------------------------------------------------------------------- ML401


@artifact_rule(
    code="ML401",
    name="weight-file-lfs-pointer",
    severity="error",
    summary="A weight file is a Git LFS pointer, not the weights.",
    why="""
        A repository that tracks `*.bin` with Git LFS but was cloned without `git lfs pull` (or a CI
        checkout without `lfs: true`) holds a 130-byte text pointer where `weight.bin` should be. The
        spec parses, so the model looks fine until Core ML fails to load its weights on the device.
    """,
    fix="""
        Fetch the real file: `git lfs pull` (in GitHub Actions, `actions/checkout` with `lfs: true`).
        If the model is not meant to be in LFS, remove the pattern from `.gitattributes` and re-add it.
    """,
    sources=("https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md (pointer file format)", FORMAT_SOURCE),
)
def weight_file_lfs_pointer(loaded: LoadedModel) -> Iterator[Finding]:
    """Looks at the first bytes of every weight file the ML program refers to: a file that starts
    with `version https://git-lfs.github.com/spec/v1` is an LFS pointer. (An `.mlmodel` that is
    itself a pointer is reported as ML000: it cannot be parsed at all.)

    Example: `Data/com.apple.CoreML/weights/weight.bin` of 131 bytes reading
    `version https://git-lfs.github.com/spec/v1` / `oid sha256:...` / `size 10557568`.
    """
    for file in scan_blobs(loaded).files.values():
        if file.lfs_pointer:
            yield Finding(
                f"{file.label} is a Git LFS pointer ({file.size:,} bytes), not the weights: Core ML "
                f"cannot load the {_constants(len(file.uses))} stored in it",
                location=file.uses[0].location,
            )


# --------------------------------------------------------------------------- ML402


@artifact_rule(
    code="ML402",
    name="weight-file-missing",
    severity="error",
    summary="Constants refer to a weight file that is missing or cannot be used.",
    why="""
        An ML program's weights live next to its spec, in `weights/weight.bin` inside the
        `.mlpackage`. A package copied without its `weights` folder (a partial upload, a `.gitignore`
        on `*.bin`), a reference to a file that is not there, or one that points outside the package
        makes Core ML fail to load the model, although the spec itself is fine.
    """,
    fix="""
        Re-save the model with coremltools (`model.save("Model.mlpackage")`) and ship the whole
        package folder, `Data/com.apple.CoreML/weights/` included. An ML program cannot be shipped as
        a bare `.mlmodel` file: save it as `.mlpackage`.
    """,
    sources=("apple/coremltools coremltools/models/utils.py (weights/weight.bin, @model_path)", FORMAT_SOURCE),
)
def weight_file_missing(loaded: LoadedModel) -> Iterator[Finding]:
    """Resolves each `BlobFileValue.fileName` (`@model_path/weights/weight.bin`, where `@model_path`
    is the folder that holds the spec) and reports a file that is missing, a folder, unreadable,
    not an `@model_path/` reference, or resolves outside the package (`..`, a symlink). Such files
    are never opened.

    Example: a package whose `Data/com.apple.CoreML/weights/` folder was not committed.
    """
    bare_file = loaded.package_dir is None
    for file in scan_blobs(loaded).files.values():
        if file.problem is None:
            continue
        hint = ""
        if bare_file and file.problem == "is missing":
            hint = "; an ML program with weights must be saved as .mlpackage"
        yield Finding(
            f"{_constants(len(file.uses))} refer to {file.label}, which {file.problem}{hint}",
            location=file.uses[0].location,
        )


# --------------------------------------------------------------------------- ML403


@artifact_rule(
    code="ML403",
    name="blob-out-of-range",
    severity="error",
    summary="A constant points past the end of its weight file.",
    why="""
        Each constant names the offset of its blob's metadata in the weight file, and the metadata
        names where the data starts and how long it is. Core ML maps the file and reads there: an
        offset or a data span beyond the end of the file means the file was truncated (an interrupted
        copy or download) or belongs to another export of the model. The model fails to load.
    """,
    fix="""
        Copy or download the package again (compare the size of `weights/weight.bin` with the
        original), or re-export the model so that spec and weight file come from the same save.
    """,
    sources=(FORMAT_SOURCE,),
)
def blob_out_of_range(loaded: LoadedModel) -> Iterator[Finding]:
    """For each constant, checks that the 64-byte metadata at its offset lies inside the weight
    file, and that the data the metadata points at (data offset + sizeInBytes) does too. Reads the
    64 metadata bytes only; one finding per weight file and kind, at the first such constant.

    Example: a 4,096-byte `weight.bin` while a constant's metadata is at offset 81,920.
    """
    for kind, group in _groups(scan_blobs(loaded), "ML403"):
        file, count = group.file, len(group.uses)
        if kind == "metadata":
            what = "points" if count == 1 else "point"
            message = f"{_constants(count)} {what} past the end of {file.label} ({file.size:,} bytes)"
        else:
            what = "runs" if count == 1 else "run"
            message = f"the data of {_constants(count)} {what} past the end of {file.label} ({file.size:,} bytes)"
        yield Finding(message + _where(group) + "; the file is truncated or from another export",
                      location=group.uses[0].location)


# --------------------------------------------------------------------------- ML404

# kind -> (one constant, several constants)
_ML404_TEXT = {
    "sentinel": ("finds no blob metadata at its offset in {file} (no 0xDEADBEEF marker)",
                 "find no blob metadata at their offset in {file} (no 0xDEADBEEF marker)"),
    "dtype-unknown": ("has blob metadata in {file} with a data type Core ML does not know",
                      "have blob metadata in {file} with a data type Core ML does not know"),
    "dtype": ("declares another data type than its blob in {file} holds",
              "declare another data type than their blobs in {file} hold"),
    "size": ("holds another amount of data in {file} than its shape needs",
             "hold another amount of data in {file} than their shapes need"),
}


@artifact_rule(
    code="ML404",
    name="blob-metadata-invalid",
    severity="error",
    summary="A weight file or a constant's blob metadata is not what Core ML expects.",
    why="""
        Core ML checks the weight file's header (storage version 2), the 0xDEADBEEF marker that opens
        every blob's metadata, and that the blob's data type is the one the constant declares; the
        data must also fit the constant's shape. A mismatch means the spec and the weight file do
        not belong together (weights from another export, an offset off by a few bytes, a file
        edited by hand), and the model fails to load.
    """,
    fix="""
        Re-export the model and ship the spec and `weights/weight.bin` from the same save; never
        copy a weight file from one export into another.
    """,
    sources=(FORMAT_SOURCE, "apple/coremltools mlmodel/src/MILBlob/Blob/BlobDataType.hpp"),
)
def blob_metadata_invalid(loaded: LoadedModel) -> Iterator[Finding]:
    """Reads the weight file's 64-byte storage header (version must be 2) and, for each constant,
    the 64-byte blob metadata at its offset: the sentinel must be 0xDEADBEEF, the data type a known
    one and the same as the constant's MIL dtype (FLOAT16 is Float16, UINT4 is UInt4 ...), and
    sizeInBytes what the declared shape needs (sub-byte types packed). One finding per weight file
    and kind, at the first such constant.

    Example: a constant declared `tensor<fp16, [64, 3, 3, 3]>` whose blob holds Float32 data.
    """
    scan = scan_blobs(loaded)
    for file in scan.files.values():
        if not file.readable or file.lfs_pointer or file.storage_version == STORAGE_VERSION:
            continue
        if file.storage_version is None:
            problem = f"is {file.size:,} bytes, shorter than the 64-byte header of a Core ML weight file"
        else:
            problem = f"is not a Core ML weight file (storage version {file.storage_version}, expected 2)"
        yield Finding(f"{file.label} {problem}; {_constants(len(file.uses))} are read from it",
                      location=file.uses[0].location)
    for kind, group in _groups(scan, "ML404"):
        one, several = _ML404_TEXT[kind]
        text = (one if len(group.uses) == 1 else several).format(file=group.file.label)
        yield Finding(f"{_constants(len(group.uses))} {text}{_where(group)}", location=group.uses[0].location)


# --------------------------------------------------------------------------- ML405


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
    sources=("antmikinka/AppleNeuralEngine-Kit documentation (about 1 GB per weight file on iOS)",),
)
def weight_file_too_large(loaded: LoadedModel) -> Iterator[Finding]:
    """Looks at the size on disk of every weight file the ML program refers to (without reading it)
    and reports each above 1 GiB (2^30 bytes, `LARGE_WEIGHT_FILE_BYTES` in
    `mllint/knowledge/blob_format.py`).

    Example: a 7B-parameter language model in one 3.5 GB `weight.bin` after 4-bit palettization.
    """
    for file in scan_blobs(loaded).files.values():
        if file.readable and not file.lfs_pointer and file.size > LARGE_WEIGHT_FILE_BYTES:
            yield Finding(
                f"{file.label} is {_bytes(file.size)}, over the 1 GiB per weight file that iOS devices "
                "commonly load",
                location=file.uses[0].location,
            )


# --------------------------------------------------------------------------- ML406


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
    sources=(
        "https://apple.github.io/coremltools/docs-guides/source/opt-overview.html (model compression)",
        "apple/coremltools coremltools/optimize/coreml (linear_quantize_weights, palettize_weights)",
    ),
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
    configured = context.rule_options(fp32_weights_uncompressed).get("min_bytes")
    threshold = configured if isinstance(configured, int) and configured > 0 else LARGE_FP32_WEIGHTS_BYTES
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
            f"{_bytes(fp32_bytes)} of weights are stored as uncompressed fp32 "
            f"({fp32_count:,} of {len(scan.uses):,} weight constants)",
            location=loaded.root.path,
        )


def _feeds_decompression(use: BlobUse) -> bool:
    graph = use.op.graph
    return any(
        consumer.type.startswith("constexpr_")
        for name in use.op.output_names
        for consumer in graph.consumers(name)
    )


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [
        weight_file_lfs_pointer,
        weight_file_missing,
        blob_out_of_range,
        blob_metadata_invalid,
        weight_file_too_large,
        fp32_weights_uncompressed,
    ]
