"""Write a report: to stdout, or atomically to a file (temporary file, then rename)."""

from __future__ import annotations

import os
import sys


def write_report(text: str, output: str | None) -> None:
    """Write ``text``; a file name that is not UTF-8 (surrogate-escaped by Python) keeps its own bytes."""
    if output is None:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:  # stdout is strict (a UTF-8 locale) and a path is not UTF-8
            sys.stdout.flush()
            sys.stdout.buffer.write(_encode(text, sys.stdout.encoding or "utf-8"))
        sys.stdout.flush()
        return
    import tempfile  # only with --output

    folder = os.path.dirname(os.path.abspath(output))
    handle, temporary = tempfile.mkstemp(prefix=".mllint-", suffix=".tmp", dir=folder)
    try:
        os.chmod(temporary, _mode_for(output))  # mkstemp makes it 0600
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, output)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding, "surrogateescape")
    except UnicodeEncodeError:  # a character the terminal's encoding lacks
        return text.encode(encoding, "backslashreplace")


def _mode_for(output: str) -> int:
    """The mode of the file being replaced, else what a plain ``open`` would give (0666 less the umask)."""
    try:
        return os.stat(output).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
