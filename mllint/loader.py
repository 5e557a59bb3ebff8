"""Read a model's spec from disk: the protobuf only, never the weights.

Anything that keeps the spec from being read is a :class:`LoadError` with a
one-line message; the engine turns it into an ``ML000 model-unreadable``
diagnostic. Nothing here writes to disk.
"""

from __future__ import annotations

import json
import mmap
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import protos
from .discovery import Artifact, display_path
from .view import Model

MANIFEST = "Manifest.json"
SUPPORTED_PACKAGE_FORMAT = (1, 0, 0)
# protobuf cannot parse a message of 2 GiB or more; refuse before reading it.
MAX_SPEC_BYTES = 2**31 - 1
LFS_POINTER_PREFIX = b"version https://git-lfs.github.com/spec/v1"
# Specs this large are memory-mapped rather than read (see read_spec_bytes).
MAP_FROM_BYTES = 16 * 1024 * 1024
MAX_MANIFEST_BYTES = 1_000_000  # a real Manifest.json is under 1 KB
NESTED_TOO_DEEP = (
    "not a readable Core ML model: messages nested deeper than protobuf's limit of 100 levels "
    "(pipelines nested in pipelines?)"
)


class LoadError(Exception):
    """The spec cannot be read. ``file`` is the file at fault, for reports."""

    def __init__(self, message: str, file: str):
        super().__init__(message)
        self.message = message
        self.file = file


@dataclass(frozen=True)
class LoadedModel:
    """A parsed model and where it came from."""

    artifact: Artifact
    spec_file: str  # display path of the file that holds the spec
    root: Model
    weights_dir: Path | None  # the folder "@model_path/weights" refers to
    spec_size: int

    @property
    def path(self) -> str:
        return self.artifact.path

    @property
    def package_dir(self) -> Path | None:
        return Path(self.artifact.real) if self.artifact.kind == "mlpackage" else None

    def __post_init__(self) -> None:
        # For analyses that see only the model (the Neural Engine estimate sizes its weight files).
        self.root.loaded_from = (self.artifact, self.spec_file, self.weights_dir, self.spec_size)


def loaded_as(root: Model) -> LoadedModel | None:
    """The :class:`LoadedModel` that holds ``root``, or None for a model built in memory."""
    found = root.loaded_from
    if found is None:
        return None
    artifact, spec_file, weights_dir, spec_size = found
    return LoadedModel(artifact, spec_file, root, weights_dir, spec_size)


def _parse_version(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return None


def is_inside(folder: Path, path: Path) -> bool:
    """True if ``path``, symlinks resolved, lies in ``folder`` (resolved too)."""
    real_folder = os.path.realpath(folder)
    try:
        return os.path.commonpath([real_folder, os.path.realpath(path)]) == real_folder
    except ValueError:  # another drive (Windows)
        return False


def package_spec_path(package: Path) -> Path:
    """Follow ``Manifest.json`` to the spec file, refusing paths that leave the package."""
    manifest_path = package / MANIFEST
    shown = display_path(manifest_path)
    try:
        manifest_info = os.stat(manifest_path)
    except FileNotFoundError:
        raise LoadError(f"package {MANIFEST} is missing", shown) from None
    except OSError as error:  # an unreadable package folder, a symlink loop
        raise LoadError(f"cannot read package {MANIFEST}: {error.strerror or error}", shown) from None
    if not stat.S_ISREG(manifest_info.st_mode):
        raise LoadError(f"package {MANIFEST} is not a file", shown)
    if not is_inside(package, manifest_path):
        raise LoadError(f"package {MANIFEST} is a symlink to a file outside the package; not read", shown)
    try:
        with open(manifest_path, "rb") as handle:
            text = handle.read(MAX_MANIFEST_BYTES + 1)
        if len(text) > MAX_MANIFEST_BYTES:
            raise LoadError(f"{MANIFEST} is over {MAX_MANIFEST_BYTES:,} bytes; not read", shown)
        manifest: Any = json.loads(text.decode("utf-8"))
    except RecursionError:
        raise LoadError(f"{MANIFEST} is not valid JSON (nested too deeply)", shown) from None
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, a number of over 4,300 digits
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise LoadError(f"{MANIFEST} is not valid JSON ({detail})", shown) from None
    except OSError as error:
        raise LoadError(f"cannot read {MANIFEST}: {error.strerror or error}", shown) from None
    if not isinstance(manifest, dict):
        raise LoadError(f"{MANIFEST} is not a JSON object", shown)
    version = manifest.get("fileFormatVersion")
    if isinstance(version, str):
        parsed = _parse_version(version)
        if parsed is None or parsed > SUPPORTED_PACKAGE_FORMAT:
            raise LoadError(f"{MANIFEST} has fileFormatVersion {version!r}; Core ML reads 1.0.0", shown)
    root_id = manifest.get("rootModelIdentifier")
    entries = manifest.get("itemInfoEntries")
    if not isinstance(root_id, str) or not root_id:
        raise LoadError(f"{MANIFEST} has no rootModelIdentifier", shown)
    if not isinstance(entries, dict):
        raise LoadError(f"{MANIFEST} has no itemInfoEntries object", shown)
    entry = entries.get(root_id)
    if not isinstance(entry, dict):
        raise LoadError(f"{MANIFEST}: rootModelIdentifier {root_id!r} is not in itemInfoEntries", shown)
    relative = entry.get("path")
    if not isinstance(relative, str) or not relative:
        raise LoadError(f"{MANIFEST}: entry {root_id!r} has no path", shown)
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or relative.startswith(("/", "\\")) or (len(relative) > 1 and relative[1] == ":"):
        raise LoadError(f"{MANIFEST}: spec path {relative!r} is absolute; it must be inside Data/", shown)
    if ".." in pure.parts:
        raise LoadError(f"{MANIFEST}: spec path {relative!r} leaves the package", shown)
    spec = package / "Data" / Path(*pure.parts)
    if not is_inside(package, spec):
        raise LoadError(f"{MANIFEST}: spec path {relative!r} resolves outside the package (symlink)", shown)
    return spec


def read_spec_bytes(path: Path, shown: str, referrer: str | None = None) -> bytes | memoryview:
    """The spec file's bytes, after checks that need no full read.

    ``referrer`` is the file that named this path (a package's manifest): it is
    the file at fault when the spec is missing or is a folder.

    A spec of ``MAP_FROM_BYTES`` or more (a NeuralNetwork with its weights
    inside) is memory-mapped, not read: protobuf parses the file's pages in
    place, and no second copy of the weights is made. The caller hands the
    view to :func:`release` when parsed. (A file truncated by another process
    while it is being parsed would then end mllint with SIGBUS instead of a
    parse error; writers that replace the file by renaming are safe.)
    """
    if os.path.isdir(path):
        raise LoadError(f"spec path {shown} is a folder, not a file", referrer or shown)
    try:
        info = os.stat(path)
    except OSError as error:
        if not os.path.lexists(path):
            raise LoadError(f"spec file {shown} is missing", referrer or shown) from None
        raise LoadError(f"cannot read spec file: {error.strerror or error}", shown) from None
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block the read or never end
        raise LoadError(f"spec path {shown} is not a regular file (a FIFO, socket or device)", referrer or shown)
    size = info.st_size
    if size == 0:
        raise LoadError("file is empty", shown)
    if size > MAX_SPEC_BYTES:
        raise LoadError(
            f"spec file is {size:,} bytes, over the {MAX_SPEC_BYTES:,}-byte protobuf limit; not read", shown
        )
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check above, open still returns.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise LoadError(f"spec path {shown} is not a regular file (a FIFO, socket or device)", shown)
            data: bytes | memoryview | None = (
                _mapped(handle, opened.st_size) if opened.st_size >= MAP_FROM_BYTES else None
            )
            if data is None:
                data = handle.read(MAX_SPEC_BYTES + 1)
    except OSError as error:
        raise LoadError(f"cannot read spec file: {error.strerror or error}", shown) from None
    if len(data) > MAX_SPEC_BYTES:
        release(data)
        raise LoadError(f"spec file grew past the {MAX_SPEC_BYTES:,}-byte protobuf limit while read", shown)
    if bytes(data[: len(LFS_POINTER_PREFIX)]) == LFS_POINTER_PREFIX:
        release(data)
        raise LoadError("file is a Git LFS pointer, not the model (run 'git lfs pull')", shown)
    return data


def _mapped(handle: Any, size: int) -> memoryview | None:
    """A read-only memory map of the whole file, or None where the OS will not map it."""
    try:
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, OverflowError):
        return None
    if len(mapping) != size:  # changed between fstat and mmap: read it instead
        mapping.close()
        return None
    return memoryview(mapping)


def release(data: bytes | memoryview) -> None:
    """Unmap a spec mapped by :func:`read_spec_bytes` (protobuf keeps no reference into it)."""
    if isinstance(data, memoryview):
        mapping = data.obj
        data.release()
        try:
            mapping.close()  # type: ignore[attr-defined]  # data.obj is the mmap this module made
        except BufferError:  # something still holds a view: the map goes when it does
            pass


def parse_spec(data: bytes | memoryview, shown: str) -> Any:
    """Parse bytes into a ``Model`` message; reject what Core ML would reject outright."""
    spec = protos.model_class()()
    try:
        spec.ParseFromString(data)
    except RecursionError:
        raise LoadError(NESTED_TOO_DEEP, shown) from None
    except Exception as error:  # noqa: BLE001 - protobuf raises DecodeError, sometimes other errors
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        if "MaxDepth" in detail:  # upb: "Exceeded upb_DecodeOptions_MaxDepth"
            raise LoadError(NESTED_TOO_DEEP, shown) from None
        raise LoadError(f"not a Core ML model: protobuf parse failed ({detail})", shown) from None
    if spec.specificationVersion == 0:
        raise LoadError("Model specification version field missing or corrupt.", shown)
    if spec.WhichOneof("Type") is None:  # Core ML's own words (Model.cpp Model::validate)
        raise LoadError("Model did not specify a valid model-parameter type.", shown)
    return spec


def load(artifact: Artifact) -> LoadedModel:
    """Read and parse an artifact's spec; raises :class:`LoadError`."""
    if artifact.kind == "folder":
        raise LoadError(f"folder cannot be searched for models: {artifact.problem}", artifact.path)
    if artifact.kind == "mlpackage":
        package = Path(artifact.real)
        spec_path = package_spec_path(package)
        # The manifest path is relative to Data/, shown from the package as the user named it.
        shown_file = display_path(Path(artifact.path) / os.path.relpath(spec_path, package))
        weights_dir: Path | None = spec_path.parent / "weights"
        referrer: str | None = display_path(Path(artifact.path) / MANIFEST)
    else:
        spec_path = Path(artifact.real)
        shown_file = artifact.path
        weights_dir = None
        referrer = None
    data = read_spec_bytes(spec_path, shown_file, referrer)
    try:
        spec = parse_spec(data, shown_file)
        size = len(data)
    finally:
        release(data)
    return LoadedModel(artifact, shown_file, Model(spec), weights_dir, size)
