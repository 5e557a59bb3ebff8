"""A model as it was at a git revision, read into a temporary folder (``mllint diff --git REV PATH``).

A ``.mlmodel`` is read with ``git show REV:PATH``; an ``.mlpackage`` folder with
``git archive REV PATH``, unpacked with the tar ``data`` filter (no links out,
no absolute paths). The working tree is never touched.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path


class GitError(Exception):
    """git is missing, PATH is not in a repository, or REV has no such path (one line)."""


def _git(folder: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False, timeout=300)
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout


def model_at_revision(revision: str, path: str, into: Path) -> Path:
    """Write the model at ``path`` as of ``revision`` into folder ``into``; return its path there."""
    absolute = Path(os.path.abspath(path))
    start = absolute.parent if not absolute.is_dir() else absolute
    while not start.exists():
        start = start.parent
    top = Path(_git(start, "rev-parse", "--show-toplevel").decode().strip())
    try:
        relative = absolute.relative_to(top.resolve()).as_posix()
    except ValueError:
        relative = Path(os.path.relpath(absolute, top)).as_posix()
    if revision.startswith("-"):
        raise GitError(f"not a revision: {revision!r}")
    kind = _git(top, "cat-file", "-t", f"{revision}:{relative}").decode().strip()
    target = into / absolute.name
    if kind == "blob":
        target.write_bytes(_git(top, "show", f"{revision}:{relative}"))
        return target
    if kind != "tree":
        raise GitError(f"{relative} at {revision} is a {kind}, not a model")
    archive = _git(top, "archive", "--format=tar", revision, "--", relative)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if not hasattr(tarfile, "data_filter"):  # Python before 3.10.12 / 3.11.4
            raise GitError("reading a package from git needs Python's tarfile data filter (Python >= 3.11.4)")
        tar.extractall(into / "tree", filter="data")
    shutil.move(str(into / "tree" / relative), str(target))
    return target
