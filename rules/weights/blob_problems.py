"""What is wrong with one blob reference, and the wording the ML4xx messages share.

ML403 and ML404 look at each constant's blob (the 64-byte metadata at its offset
in the weight file, read once by :func:`mllint.blobs.scan_blobs`) and report one
finding per weight file and kind of problem, at the first constant that has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from mllint.blobs import BlobScan, BlobUse, WeightFile
from mllint.knowledge.blob_format import (
    BLOB_DATA_TYPES,
    BLOB_TYPE_FOR_MIL,
    SENTINEL,
    STORAGE_VERSION,
    expected_size,
)

FORMAT_SOURCE = "apple/coremltools mlmodel/src/MILBlob/Blob/StorageFormat.hpp and StorageReader.cpp"


def constants(count: int) -> str:
    """``1 constant`` / ``3 constants``."""
    return "1 constant" if count == 1 else f"{count:,} constants"


def byte_size(size: int) -> str:
    """``1,073,741,825 bytes (1.0 GiB)``."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size:,} bytes ({size / scale:.1f} {unit})"
    return f"{size:,} bytes"


class BlobProblem(NamedTuple):
    """What is wrong with one blob reference."""

    code: str  # the rule that reports it: ML403 or ML404
    kind: str  # one finding per weight file and kind: "metadata", "data", "sentinel", "dtype-unknown", "dtype", "size"
    detail: str  # "offset 384 holds 0x00000000"


@dataclass
class ProblemGroup:
    """Constants of one weight file with the same problem: one finding, at the first of them."""

    file: WeightFile
    uses: list[BlobUse] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def where(self) -> str:
        """``: detail`` for one constant, ``; the first, main/w10: detail`` for several."""
        first = self.details[0]
        return f": {first}" if len(self.uses) == 1 else f"; the first, {self.uses[0].location}: {first}"


def blob_problem(use: BlobUse, file: WeightFile) -> BlobProblem | None:
    """What is wrong with one blob reference, if anything."""
    metadata = file.metadata.get(use.offset)
    if metadata is None:
        return BlobProblem("ML403", "metadata", f"blob metadata at offset {use.offset:,}")
    if metadata.sentinel != SENTINEL:
        return BlobProblem("ML404", "sentinel", f"offset {use.offset:,} holds 0x{metadata.sentinel:08X}")
    end = metadata.data_offset + metadata.size
    if end > file.size:
        return BlobProblem(
            "ML403",
            "data",
            f"{metadata.size:,} bytes of data from byte {metadata.data_offset:,} (metadata at offset {use.offset:,})",
        )
    blob_type = BLOB_DATA_TYPES.get(metadata.dtype)
    if blob_type is None:
        return BlobProblem("ML404", "dtype-unknown", f"type code {metadata.dtype} at offset {use.offset:,}")
    declared = BLOB_TYPE_FOR_MIL.get(use.dtype)
    if declared is not None and declared is not blob_type:
        return BlobProblem("ML404", "dtype", f"{use.dtype} declared, {blob_type.name} stored (offset {use.offset:,})")
    count = use.element_count
    if declared is not None and count is not None and metadata.size != expected_size(declared, count):
        shape = "[" + ", ".join(str(d) for d in use.shape) + "]"
        return BlobProblem(
            "ML404",
            "size",
            f"{shape} {use.dtype} needs {expected_size(declared, count):,} bytes, "
            f"the blob at offset {use.offset:,} holds {metadata.size:,}",
        )
    return None


def checked_files(scan: BlobScan) -> Iterator[WeightFile]:
    """Files whose blobs can be checked one by one (readable, not a pointer, a valid header)."""
    for file in scan.files.values():
        if file.readable and not file.lfs_pointer and file.storage_version == STORAGE_VERSION:
            yield file


def problem_groups(scan: BlobScan, code: str) -> Iterator[tuple[str, ProblemGroup]]:
    """(kind, group) of every problem ``code`` reports, per weight file in order of first use."""
    for file in checked_files(scan):
        groups: dict[str, ProblemGroup] = {}
        for use in file.uses:
            problem = blob_problem(use, file)
            if problem is not None and problem.code == code:
                group = groups.setdefault(problem.kind, ProblemGroup(file))
                group.uses.append(use)
                group.details.append(problem.detail)
        yield from groups.items()
