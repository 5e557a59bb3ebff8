"""Helpers for the ML4xx tests: copies of the weight fixtures, edited the way real damage edits them."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
from pathlib import Path
from typing import Any, Callable, Sequence

from conftest import fixture_path

from mllint import protos
from mllint.api import Linter
from mllint.diagnostics import Diagnostic
from mllint.discovery import resolve
from mllint.knowledge.blob_format import metadata_offsets
from mllint.rule import RunContext

SPEC = Path("Data/com.apple.CoreML/model.mlmodel")
WEIGHTS = Path("Data/com.apple.CoreML/weights/weight.bin")
CLEAN = "ml401_lfs_pointer_clean.mlpackage"


def copy_fixture(tmp_path: Path, name: str = CLEAN, as_name: str = "model.mlpackage") -> Path:
    target = tmp_path / as_name
    shutil.copytree(fixture_path(name), target, symlinks=True)
    return target


def blob_offsets(package: Path) -> list[int]:
    """Metadata offsets of the blobs in a package's weight file, in file order."""
    return metadata_offsets((package / WEIGHTS).read_bytes())


def patch_weights(package: Path, offset: int, fmt: str, *values: Any) -> None:
    """Overwrite bytes of the weight file at ``offset`` with ``struct.pack(fmt, *values)``."""
    path = package / WEIGHTS
    data = bytearray(path.read_bytes())
    packed = struct.pack(fmt, *values)
    data[offset: offset + len(packed)] = packed
    path.write_bytes(bytes(data))


def blob_values(spec: Any) -> list[Any]:
    """Every BlobFileValue message of an ML program spec, in op order."""
    found = []
    for function in spec.mlProgram.functions.values():
        for block in function.block_specializations.values():
            for operation in block.operations:
                for value in operation.attributes.values():
                    if value.WhichOneof("value") == "blobFileValue":
                        found.append(value.blobFileValue)
    return found


def edit_spec(package: Path, edit: Callable[[Any], None]) -> None:
    path = package / SPEC
    spec = protos.model_class()()
    spec.ParseFromString(path.read_bytes())
    edit(spec)
    path.write_bytes(spec.SerializeToString())


def lint(path: Path, select: Sequence[str] = ("ML4",), options: dict[str, Any] | None = None) -> list[Diagnostic]:
    linter = Linter.create()
    context = RunContext(options=options or {})
    return linter.lint(resolve([str(path)]), linter.selection(list(select)), context).diagnostics


def tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")) if path.is_dir() else [path]:
        digest.update(os.fsencode(item))
        if item.is_symlink():
            digest.update(os.fsencode(os.readlink(item)))
        elif item.is_file():
            digest.update(item.read_bytes())
    return digest.hexdigest()
