"""ML403 blob-out-of-range: a constant points past the end of its weight file."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.blobs import scan_blobs
from mllint.loader import LoadedModel

from .blob_problems import FORMAT_SOURCE, constants, problem_groups


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
    evidence="validator",
    sources=(FORMAT_SOURCE,),
)
def blob_out_of_range(loaded: LoadedModel) -> Iterator[Finding]:
    """For each constant, checks that the 64-byte metadata at its offset lies inside the weight
    file, and that the data the metadata points at (data offset + sizeInBytes) does too. Reads the
    64 metadata bytes only; one finding per weight file and kind, at the first such constant.

    Example: a 4,096-byte `weight.bin` while a constant's metadata is at offset 81,920.
    """
    for kind, group in problem_groups(scan_blobs(loaded), "ML403"):
        file, count = group.file, len(group.uses)
        if kind == "metadata":
            what = "points" if count == 1 else "point"
            message = f"{constants(count)} {what} past the end of {file.label} ({file.size:,} bytes)"
        else:
            what = "runs" if count == 1 else "run"
            message = f"the data of {constants(count)} {what} past the end of {file.label} ({file.size:,} bytes)"
        yield Finding(
            message + group.where() + "; the file is truncated or from another export", location=group.uses[0].location
        )
