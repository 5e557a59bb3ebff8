"""Read a model's spec for editing, and write an edited spec without losing anything.

A ``.mlmodel`` is one protobuf file. A ``.mlpackage`` is a folder: its
``Manifest.json`` names the spec file (``Data/com.apple.CoreML/model.mlmodel``)
and every other file (``weights/weight.bin`` ...) belongs to the model too.
Writing keeps the manifest and every other file byte-identical (hard-linked when
they may share storage, else copied) and replaces only the spec's bytes.

Everything is written to a temporary file or folder beside the destination and
then renamed into place, so a reader sees the old model or the new one, never a
half-written one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..discovery import resolve
from ..loader import load, package_spec_path


@dataclass(frozen=True)
class ModelFile:
    """A model on disk and its parsed spec."""

    path: Path  # the .mlmodel file or the .mlpackage folder
    is_package: bool
    spec: Any  # CoreML.Specification.Model
    spec_relative: str  # the spec file inside a package ('' for a .mlmodel)


def read_model(path: str | os.PathLike[str]) -> ModelFile:
    """Parse a model for editing; raises ``loader.LoadError`` or ``FileNotFoundError``."""
    artifacts = resolve([os.fspath(path)])
    if len(artifacts) != 1 or artifacts[0].kind == "folder":
        raise ValueError(f"{os.fspath(path)} is not one .mlmodel file or .mlpackage folder")
    artifact = artifacts[0]
    loaded = load(artifact)
    real = Path(artifact.real)
    if artifact.kind == "mlpackage":
        relative = os.path.relpath(package_spec_path(real), real)
        return ModelFile(real, True, loaded.root.proto, relative)
    return ModelFile(real, False, loaded.root.proto, "")


def serialize(spec: Any) -> bytes:
    data: bytes = spec.SerializeToString(deterministic=True)
    return data


def stage(model: ModelFile, spec: Any, folder: Path, share_files: bool) -> Path:
    """Write ``spec`` as a copy of ``model`` into a new temporary entry of ``folder``; return its path.

    ``share_files``: hard-link the package's other files (the original is being
    replaced); otherwise copy them. The name keeps the model's suffix so that it
    lints as the same kind of model.
    """
    suffix = model.path.suffix
    if not model.is_package:
        handle, name = tempfile.mkstemp(prefix=".mllint-fix-", suffix=suffix, dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(serialize(spec))
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(name, _mode_of(model.path))
        return Path(name)
    staged = Path(tempfile.mkdtemp(prefix=".mllint-fix-", suffix=suffix, dir=folder))
    try:
        _copy_package(model.path, staged, model.spec_relative, share_files)
        spec_path = staged / model.spec_relative
        with open(spec_path, "wb") as stream:
            stream.write(serialize(spec))
            stream.flush()
            os.fsync(stream.fileno())
        shutil.copymode(model.path / model.spec_relative, spec_path)
        shutil.copymode(model.path, staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return staged


def _copy_package(source: Path, target: Path, spec_relative: str, share_files: bool) -> None:
    for folder, subfolders, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        for name in subfolders:
            os.makedirs(target / relative / name, exist_ok=True)
        for name in files:
            item = os.path.normpath(os.path.join(relative, name))
            if item == os.path.normpath(spec_relative):
                continue
            _copy_file(source / item, target / item, share_files)


def _copy_file(source: Path, target: Path, share: bool) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    if share:
        try:
            os.link(source, target)
            return
        except OSError:
            pass  # another file system, or links not allowed: copy
    shutil.copy2(source, target)


def publish(staged: Path, destination: Path) -> None:
    """Rename the staged model onto ``destination`` (replacing a model already there)."""
    if not destination.is_dir() or destination.is_symlink():
        os.replace(staged, destination)
        return
    # A folder cannot be renamed over a non-empty folder: move the old one aside first.
    aside = Path(tempfile.mkdtemp(prefix=".mllint-old-", dir=destination.parent))
    os.rmdir(aside)
    os.rename(destination, aside)
    try:
        os.rename(staged, destination)
    except BaseException:
        os.rename(aside, destination)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def discard(staged: Path) -> None:
    if staged.is_dir() and not staged.is_symlink():
        shutil.rmtree(staged, ignore_errors=True)
    else:
        try:
            staged.unlink()
        except OSError:
            pass


def _mode_of(path: Path) -> int:
    return os.stat(path).st_mode & 0o7777
