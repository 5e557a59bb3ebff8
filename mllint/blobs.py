"""An ML program's weight references and what its weight files say about them.

A MIL constant kept out of the spec is a ``BlobFileValue``: a file name
(``@model_path/weights/weight.bin``) and the offset of the blob's 64-byte
metadata in that file. :func:`scan_blobs` finds every such reference in one
pass over the ops of every ML program in the model tree, then, for each weight
file, opens it once and reads only its size, its first 64 bytes (the storage
header, or a Git LFS pointer) and the 64 bytes of metadata at each referenced
offset: never the weights themselves. Files are resolved inside the model
(the package for an ``.mlpackage``) and never followed outside it.

The scan is cached per loaded model, so every ML4xx rule shares one read.
The format constants are in :mod:`mllint.knowledge.blob_format`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from .discovery import display_path
from .knowledge.blob_format import (
    HEADER_SIZE,
    HEADER_STRUCT,
    METADATA_SIZE,
    METADATA_STRUCT,
    MODEL_PATH_PREFIX,
)
from .loader import LFS_POINTER_PREFIX, LoadedModel, is_inside, loaded_as
from .view import Model, Op, tensor_type_info


class BlobUse(NamedTuple):
    """One constant (an op attribute or inline argument) stored in a weight file."""

    op: Op
    key: str  # attribute name (``val`` of a const) or argument name
    dtype: str  # MIL dtype name the constant declares (``FLOAT16`` ...)
    shape: tuple[int, ...]  # declared shape; -1 for a dimension the type leaves open
    file_name: str  # BlobFileValue.fileName, as written in the spec
    offset: int  # BlobFileValue.offset: where the blob's metadata starts

    @property
    def location(self) -> str:
        return self.op.path

    @property
    def element_count(self) -> int | None:
        if any(d < 0 for d in self.shape):
            return None
        count = 1
        for dim in self.shape:
            count *= dim
        return count


class BlobMetadata(NamedTuple):
    """The 64-byte ``blob_metadata`` at a referenced offset (reserved fields left out)."""

    sentinel: int
    dtype: int
    size: int  # sizeInBytes
    data_offset: int
    padding_bits: int


class WeightFile:
    """One weight file the model refers to, and what reading its headers found."""

    __slots__ = ("file_name", "label", "path", "problem", "size", "lfs_pointer", "storage_version", "metadata", "uses")

    def __init__(self, file_name: str, label: str, path: Path | None = None, problem: str | None = None) -> None:
        self.file_name = file_name  # as referenced in the spec
        self.label = label  # how to name it in a message: package-relative when inside a package
        self.path = path  # resolved path; None when the reference cannot be resolved safely
        self.problem = problem  # why it cannot be read ("is missing" ...); None when it was read
        self.size = 0
        self.lfs_pointer = False
        self.storage_version: int | None = None  # None when the file is shorter than its header
        self.metadata: dict[int, BlobMetadata | None] = {}  # offset -> None: not readable
        self.uses: list[BlobUse] = []

    @property
    def readable(self) -> bool:
        return self.problem is None


class BlobScan(NamedTuple):
    """Every blob reference of a model, grouped by weight file (in order of first use)."""

    uses: list[BlobUse]
    files: dict[str, WeightFile]

    def file_of(self, use: BlobUse) -> WeightFile:
        return self.files[use.file_name]


def scan_blobs(loaded: LoadedModel) -> BlobScan:
    """The blob references of ``loaded`` and their weight files' headers; scanned once per model."""
    return loaded.root.derived("mllint.blobs", lambda: _scan(loaded))


def weight_file_bytes(model: Model) -> int | None:
    """The size on disk of the weight files ``model``'s own ML programs refer to (sizes only, never the data).

    A file shared by several sub-models counts in full for each. Files that cannot be read
    and Git LFS pointers count nothing. None when the model was not loaded from disk.
    """
    loaded = loaded_as(model.root)
    if loaded is None:
        return None
    scan = scan_blobs(loaded)
    names = {use.file_name for use in scan.uses if use.op.model is model}
    return sum(
        file.size for name, file in scan.files.items() if name in names and file.readable and not file.lfs_pointer
    )


def blob_uses(root: Model) -> list[BlobUse]:
    """Every blob reference in the model tree: one pass over the ML program ops."""
    uses: list[BlobUse] = []
    for model in root.walk():
        for graph in model.graphs:
            if graph.kind != "mlProgram":
                continue
            for op in graph.ops:
                attributes = op.proto.attributes
                for key in attributes:  # keys, then a lookup: the map's items() view iterates in Python
                    if key != "name":  # every op's name, never a blob
                        value = attributes[key]
                        if value.WhichOneof("value") == "blobFileValue":
                            uses.append(_use(op, key, value))
                for key, bindings in op.arguments.items():  # the view's bindings, read once for all rules
                    for binding in bindings:
                        value = binding.value
                        if value is not None and value.WhichOneof("value") == "blobFileValue":
                            uses.append(_use(op, key, value))
    return uses


def _use(op: Op, key: str, value: Any) -> BlobUse:
    dtype, shape, _ = tensor_type_info(value.type)
    blob = value.blobFileValue
    return BlobUse(op, key, dtype, shape, blob.fileName, blob.offset)


def _scan(loaded: LoadedModel) -> BlobScan:
    uses = blob_uses(loaded.root)
    files: dict[str, WeightFile] = {}
    for use in uses:
        weight_file = files.get(use.file_name)
        if weight_file is None:
            weight_file = files[use.file_name] = _resolve(loaded, use.file_name)
        weight_file.uses.append(use)
    for weight_file in files.values():
        if weight_file.path is not None:
            _read_headers(weight_file)
    return BlobScan(uses, files)


def model_folder(loaded: LoadedModel) -> tuple[Path, Path]:
    """``@model_path`` (the folder holding the spec) and the folder no weight file may leave."""
    if loaded.weights_dir is not None:
        package = loaded.package_dir
        return loaded.weights_dir.parent, package if package is not None else loaded.weights_dir.parent
    folder = Path(loaded.artifact.real).parent
    return folder, folder


def _label(loaded: LoadedModel, path: Path, boundary: Path) -> str:
    if loaded.package_dir is not None:
        return os.path.relpath(path, boundary).replace(os.sep, "/")
    return display_path(path)


def _resolve(loaded: LoadedModel, file_name: str) -> WeightFile:
    """Where a reference points, refusing names that would leave the model."""
    shown = repr(file_name) if len(file_name) <= 120 else repr(file_name[:117] + "...")
    if "\x00" in file_name or not file_name.startswith(MODEL_PATH_PREFIX):
        return WeightFile(file_name, shown, problem=f"is not an {MODEL_PATH_PREFIX} reference")
    relative = PurePosixPath(file_name[len(MODEL_PATH_PREFIX) :].replace("\\", "/"))
    if not relative.parts or relative.is_absolute() or ".." in relative.parts:
        return WeightFile(file_name, shown, problem="leaves the model's folder")
    model_path, boundary = model_folder(loaded)
    path = model_path.joinpath(*relative.parts)
    try:
        inside = is_inside(boundary, path)
    except OSError as error:
        return WeightFile(file_name, shown, problem=f"cannot be resolved ({error.strerror or error})")
    label = _label(loaded, path, boundary)
    if not inside:
        return WeightFile(file_name, label, problem="resolves outside the package (symlink)")
    return WeightFile(file_name, label, path=path)


def _read_headers(weight_file: WeightFile) -> None:
    """Size, first 64 bytes and each referenced metadata block: one open handle, no data read."""
    assert weight_file.path is not None
    try:
        info = os.stat(weight_file.path)
    except FileNotFoundError:
        weight_file.problem = "is missing"
        return
    except OSError as error:
        weight_file.problem = f"cannot be read ({error.strerror or error})"
        return
    if stat.S_ISDIR(info.st_mode):
        weight_file.problem = "is a folder, not a file"
        return
    if not stat.S_ISREG(info.st_mode):
        weight_file.problem = "is not a regular file"
        return
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(weight_file.path, flags)
    except OSError as error:
        weight_file.problem = f"cannot be read ({error.strerror or error})"
        return
    try:
        with os.fdopen(descriptor, "rb", buffering=0) as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):  # swapped for a FIFO or device since the stat above
                weight_file.problem = "is not a regular file"
                return
            weight_file.size = opened.st_size
            head = handle.read(HEADER_SIZE)
            if head.startswith(LFS_POINTER_PREFIX):
                weight_file.lfs_pointer = True
                return
            if len(head) >= HEADER_STRUCT.size and len(head) == HEADER_SIZE:
                weight_file.storage_version = HEADER_STRUCT.unpack_from(head)[1]
            offsets = sorted({use.offset for use in weight_file.uses})
            _prefetch(descriptor, [o for o in offsets if o + METADATA_SIZE <= weight_file.size])
            for offset in offsets:
                weight_file.metadata[offset] = _read_metadata(handle, offset, weight_file.size)
    except OSError as error:
        weight_file.problem = f"cannot be read ({error.strerror or error})"


def _prefetch(descriptor: int, offsets: list[int]) -> None:
    """Ask the kernel for every metadata block at once (``POSIX_FADV_WILLNEED``), where it can be asked.

    A file not in the page cache otherwise costs one disk round trip per header, in turn: 1,442 headers of
    a 300 MB weight.bin took about 100 ms that way, and about 18 ms when queued together first. Mapping the
    file instead would not save those reads, and it would count the pages around each header in the
    process's memory. A file in the cache costs the hints about a microsecond each.
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    try:
        for offset in offsets:
            advise(descriptor, offset, METADATA_SIZE, os.POSIX_FADV_WILLNEED)
    except (OSError, OverflowError):
        pass  # a hint only


def _read_metadata(handle: Any, offset: int, size: int) -> BlobMetadata | None:
    if offset + METADATA_SIZE > size:
        return None
    handle.seek(offset)
    block = handle.read(METADATA_SIZE)
    if len(block) < METADATA_SIZE:  # the file shrank while we read it
        return None
    return BlobMetadata(*METADATA_STRUCT.unpack_from(block))
