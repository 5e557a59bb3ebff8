"""ML404 blob-metadata-invalid: a weight file's header or a constant's blob metadata is not what Core ML expects."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.blobs import scan_blobs
from mllint.knowledge.blob_format import STORAGE_VERSION
from mllint.loader import LoadedModel

from .blob_problems import FORMAT_SOURCE, constants, problem_groups

# kind -> (one constant, several constants)
_ML404_TEXT = {
    "sentinel": (
        "finds no blob metadata at its offset in {file} (no 0xDEADBEEF marker)",
        "find no blob metadata at their offset in {file} (no 0xDEADBEEF marker)",
    ),
    "dtype-unknown": (
        "has blob metadata in {file} with a data type Core ML does not know",
        "have blob metadata in {file} with a data type Core ML does not know",
    ),
    "dtype": (
        "declares another data type than its blob in {file} holds",
        "declare another data type than their blobs in {file} hold",
    ),
    "size": (
        "holds another amount of data in {file} than its shape needs",
        "hold another amount of data in {file} than their shapes need",
    ),
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
    evidence="validator",
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
        yield Finding(
            f"{file.label} {problem}; {constants(len(file.uses))} are read from it", location=file.uses[0].location
        )
    for kind, group in problem_groups(scan, "ML404"):
        one, several = _ML404_TEXT[kind]
        text = (one if len(group.uses) == 1 else several).format(file=group.file.label)
        yield Finding(f"{constants(len(group.uses))} {text}{group.where()}", location=group.uses[0].location)
