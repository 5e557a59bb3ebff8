"""From the paths a user (or pre-commit) names to the models to lint.

- ``X.mlmodel``: that file.
- ``X.mlpackage`` or any file or folder inside it: the package, once.
- any other folder: searched recursively for ``*.mlmodel`` and ``*.mlpackage``
  (hidden folders such as ``.git`` are skipped, packages are not entered).
- any other file named explicitly: read as a spec, so that a mistaken path
  gets a clear ML000 instead of being skipped silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PACKAGE_SUFFIX = ".mlpackage"
MODEL_SUFFIX = ".mlmodel"
SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})


class PathNotFound(FileNotFoundError):
    """A path to lint does not exist (the message is the path)."""


@dataclass(frozen=True, order=True)
class Artifact:
    """A model on disk: a ``.mlmodel`` file or a ``.mlpackage`` folder.

    Kind ``folder`` is a folder that could not be searched (``problem`` says why):
    the loader reports it as ML000 so that models it may hold are not lost silently.
    """

    path: str  # as shown to the user: relative to the working folder where possible
    kind: Literal["mlmodel", "mlpackage", "folder"]
    real: str  # resolved absolute path, used to deduplicate
    problem: str = field(default="", compare=False)


def display_path(path: Path) -> str:
    """Relative to the working folder when inside it, else absolute; always with '/'."""
    absolute = Path(os.path.abspath(path))
    try:
        shown = absolute.relative_to(Path.cwd())
        text = str(shown) if str(shown) != "." else "."
    except ValueError:
        text = str(absolute)
    return text.replace(os.sep, "/")


def package_root(path: Path) -> Path | None:
    """The ``*.mlpackage`` folder that is ``path`` or contains it, if any."""
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, *absolute.parents):
        if candidate.name.endswith(PACKAGE_SUFFIX):
            return candidate
    return None


def _artifact(path: Path, kind: Literal["mlmodel", "mlpackage"]) -> Artifact:
    return Artifact(display_path(path), kind, os.path.realpath(path))


def _search(folder: Path) -> Iterable[Artifact]:
    unreadable: list[OSError] = []
    for current, dirs, files in os.walk(folder, onerror=unreadable.append):
        while unreadable:  # a folder os.walk could not list: say so instead of skipping it
            error = unreadable.pop()
            where = Path(error.filename) if error.filename else Path(current)
            yield Artifact(display_path(where), "folder", os.path.realpath(where), error.strerror or str(error))
        dirs.sort()
        here = Path(current)
        kept = []
        for name in dirs:
            if name.endswith(PACKAGE_SUFFIX):
                yield _artifact(here / name, "mlpackage")
            elif not name.startswith(".") and name not in SKIPPED_FOLDERS:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.endswith(MODEL_SUFFIX):
                yield _artifact(here / name, "mlmodel")
    for error in unreadable:  # the top folder itself, or the last one listed
        where = Path(error.filename) if error.filename else folder
        yield Artifact(display_path(where), "folder", os.path.realpath(where), error.strerror or str(error))


def resolve(paths: Iterable[str]) -> list[Artifact]:
    """Every model the paths name, each once, in a stable order.

    Raises :class:`PathNotFound` for a path that does not exist.
    """
    found: dict[str, Artifact] = {}
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path):
            raise PathNotFound(raw)
        root = package_root(path)
        if root is not None:
            artifacts: Iterable[Artifact] = [_artifact(root, "mlpackage")]
        elif path.is_dir():
            artifacts = _search(path)
        else:
            artifacts = [_artifact(path, "mlmodel")]
        for artifact in artifacts:
            found.setdefault(artifact.real, artifact)
    return sorted(found.values(), key=lambda a: a.path)


def paths_without_models(paths: Iterable[str], artifacts: Iterable[Artifact]) -> list[str]:
    """The folders among ``paths`` under which ``artifacts`` (what :func:`resolve` found) has nothing.

    A folder with no model is most often a typo in a CI path; like eslint's "no files matching
    the pattern", the command line reports it instead of passing with nothing linted.
    """
    found = [os.path.abspath(a.path) for a in artifacts]
    empty = []
    for raw in paths:
        path = Path(raw)
        if package_root(path) is not None or not path.is_dir():
            continue  # a model, a file inside a package, or a file read as a model
        folder = os.path.join(os.path.abspath(path), "")
        if not any(f.startswith(folder) for f in found):
            empty.append(raw)
    return empty
