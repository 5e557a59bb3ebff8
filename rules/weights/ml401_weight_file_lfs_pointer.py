"""ML401 weight-file-lfs-pointer: a weight file is a Git LFS pointer, not the weights."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.blobs import scan_blobs
from mllint.loader import LoadedModel

from .blob_problems import FORMAT_SOURCE, constants


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
    evidence="validator",
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
                f"cannot load the {constants(len(file.uses))} stored in it",
                location=file.uses[0].location,
            )
