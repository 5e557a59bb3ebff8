"""The installed entry points of a group, read with ``importlib.metadata`` and kept in a small cache.

Importing ``importlib.metadata`` costs about as much as the rest of mllint's
start-up outside the rules (it pulls in ``email``, ``zipfile``, ``csv``...), on
every run, though the installed plugins rarely change. So the entry points
found are written to a cache file (``$MLLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/mllint``, else ``~/.cache/mllint``), one per Python
environment, and reused while that environment is unchanged: the same
``sys.path``, and each of its folders with the same modification time.
Installing or removing a distribution (pip, an editable install) creates or
deletes its ``.dist-info`` folder and so changes its folder's time. A cache
is never written while a folder changed in the last few seconds (a change in
the same clock tick would not show), and a cache that cannot be read or
written is simply not used.
"""

from __future__ import annotations

import json
import os
import sys
import time
import zlib
from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple

_SETTLED_SECONDS = 2.0  # a folder changed more recently than this may change again within its clock tick
_FORMAT = 1


class EntryPoint(NamedTuple):
    """One entry point: ``name = value`` (``module`` or ``module:attribute``) of ``distribution``."""

    name: str
    value: str
    distribution: str  # the distribution's name, normalized (PEP 503): ``mllint-example-plugin``

    def load(self) -> Any:
        """The object the entry point names (``importlib.metadata.EntryPoint.load``'s rule; extras ignored)."""
        module_name, _, attribute = self.value.partition(":")
        target: Any = import_module(module_name.strip())
        for part in attribute.split("[", 1)[0].strip().split(".") if attribute else ():
            target = getattr(target, part)
        return target


def normalized(name: str) -> str:
    """A distribution name as PEP 503 compares them: ``Mllint_Example.plugin`` -> ``mllint-example-plugin``."""
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def entry_points(group: str) -> list[EntryPoint]:
    """Every installed distribution's entry points of ``group`` (each distribution once)."""
    folders = _environment()
    file = _cache_file(group, folders)
    cached = _read(file, group, folders) if file is not None else None
    if cached is not None:
        return cached
    found = _scan(group)
    settled = time.time_ns() - int(_SETTLED_SECONDS * 1e9)
    if file is not None and all(mtime < settled for _, mtime in folders if mtime is not None):
        _write(file, group, folders, found)
    return found


def _scan(group: str) -> list[EntryPoint]:
    from importlib.metadata import entry_points as installed

    names: dict[object, str] = {}  # one METADATA parse per distribution, not per entry point
    found = []
    for entry_point in installed(group=group):
        dist = entry_point.dist
        if dist not in names:
            names[dist] = normalized(dist.name) if dist is not None else ""
        found.append(EntryPoint(entry_point.name, entry_point.value, names[dist]))
    return found


def _environment() -> list[tuple[str, int | None]]:
    """Each ``sys.path`` folder (as Python searches it) and its modification time (None: not there)."""
    folders: list[tuple[str, int | None]] = []
    for entry in sys.path:
        path = os.path.abspath(entry or ".")
        try:
            mtime: int | None = os.stat(path).st_mtime_ns
        except OSError:
            mtime = None
        folders.append((path, mtime))
    return folders


def _cache_file(group: str, folders: list[tuple[str, int | None]]) -> Path | None:
    root = os.environ.get("MLLINT_CACHE_DIR")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        if base.startswith("~"):
            return None  # no home folder
        root = os.path.join(base, "mllint")
    digest = zlib.crc32(_environment_name(group, folders).encode("utf-8", "surrogateescape"))
    return Path(root) / f"entry-points-{digest:08x}.json"


def _environment_name(group: str, folders: list[tuple[str, int | None]]) -> str:
    return "\0".join([sys.executable, group, *(path for path, _ in folders)])


def _read(file: Path, group: str, folders: list[tuple[str, int | None]]) -> list[EntryPoint] | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("environment") != _environment_name(group, folders):
            return None
        if [tuple(f) for f in data["folders"]] != [tuple(f) for f in folders]:
            return None
        return [EntryPoint(str(name), str(value), str(dist)) for name, value, dist in data["entry_points"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _write(file: Path, group: str, folders: list[tuple[str, int | None]], found: list[EntryPoint]) -> None:
    data = {
        "format": _FORMAT,
        "environment": _environment_name(group, folders),
        "folders": folders,
        "entry_points": [list(e) for e in found],
    }
    partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data), encoding="utf-8")
        os.replace(partial, file)
    except OSError:
        try:
            partial.unlink()
        except OSError:
            pass
