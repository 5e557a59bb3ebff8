"""ML402 weight-file-missing: constants refer to a weight file that is missing or cannot be used."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, artifact_rule
from mllint.blobs import scan_blobs
from mllint.loader import LoadedModel

from .blob_problems import FORMAT_SOURCE, constants


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
    evidence="validator",
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
            f"{constants(len(file.uses))} refer to {file.label}, which {file.problem}{hint}",
            location=file.uses[0].location,
        )
