"""Core ML's own open-source validator as an oracle for the differential tests.

``../shared/oracle/mlvalidate`` (see its README) is the validator of apple/coremltools
``mlmodel/src`` compiled for Linux. :func:`validate_paths` runs it on models on disk,
:func:`validate_specs` on serialized specs written to a private temporary folder. Both
return one :class:`Verdict` per model. Tests call :func:`require_oracle` first: it skips
cleanly when the oracle is absent.

The oracle prints one line per file (``FILE<TAB>`` first when several files are given):
``OK``, ``OK POTENTIALLY_INVALID_NEURAL_NETWORK_SHAPES <msg>``, ``INVALID <ResultType> <msg>``,
``PARSEFAIL <why>`` or ``EXCEPTION <what>``; with ``--all`` further ``ALSO <ResultType> <msg>``
lines follow. Messages start with ``validator error: ``.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORACLE = ROOT.parent / "shared" / "oracle" / "mlvalidate"
PREFIX = "validator error: "
BATCH = 200  # files per oracle process


@dataclass(frozen=True)
class Verdict:
    """What Core ML's validator says of one model."""

    status: str  # OK | INVALID | PARSEFAIL | EXCEPTION, or CRASH: the validator process died
    result_type: str = ""  # e.g. INVALID_MODEL_INTERFACE (INVALID only)
    message: str = ""  # the validator's first message, "validator error: " removed
    also: tuple[tuple[str, str], ...] = field(default=())  # --all: (ResultType, message) of further errors

    @property
    def rejects(self) -> bool:
        """Core ML refuses the model (a validator error, an unreadable spec, or a validator exception)."""
        return self.status != "OK"


def available() -> bool:
    return ORACLE.is_file()


def require_oracle() -> None:
    """Skip the calling test when the oracle is not on this machine."""
    import pytest

    if not available():
        pytest.skip(f"Core ML's validator is absent ({ORACLE})")


def _strip(message: str) -> str:
    """The message without ``validator error: ``, its newlines restored (the oracle writes them as ``\\n``)."""
    return message.replace("\\n", "\n").removeprefix(PREFIX)


def parse_line(text: str) -> Verdict:
    """One verdict line (without the ``FILE<TAB>`` prefix)."""
    status, _, rest = text.partition(" ")
    if status == "INVALID":
        result_type, _, message = rest.partition(" ")
        return Verdict("INVALID", result_type, _strip(message))
    if status == "OK":
        return Verdict("OK", message=_strip(rest.partition(" ")[2]) if rest else "")
    return Verdict(status, message=rest)


def _run(paths: Sequence[Path], all_errors: bool) -> list[Verdict]:
    args = [str(ORACLE), *(["--all"] if all_errors else []), *[str(p) for p in paths]]
    done = subprocess.run(args, check=False, capture_output=True, text=True, errors="replace", timeout=600)
    if done.returncode != 0:
        if len(paths) == 1:  # the validator itself crashed on this model (e.g. SIGSEGV)
            return [Verdict("CRASH", message=f"exit status {done.returncode}")]
        middle = len(paths) // 2
        return _run(paths[:middle], all_errors) + _run(paths[middle:], all_errors)
    output = done.stdout
    heads = {f"{p}\t" for p in paths} if len(paths) > 1 else set()
    verdicts: list[Verdict] = []
    lines: list[list[str]] = []
    for line in output.split("\n"):
        if len(paths) == 1 and not lines:
            lines.append([line])
            continue
        head = line.split("\t", 1)[0] + "\t" if "\t" in line else ""
        if head and head in heads:
            lines.append([line[len(head):]])
        elif lines and line:
            lines[-1].append(line)
    for group in lines:
        first = group[0]
        also: list[tuple[str, str]] = []
        extra: list[str] = []
        for more in group[1:]:
            if more.startswith("ALSO "):
                result_type, _, message = more[5:].partition(" ")
                also.append((result_type, _strip(message)))
            elif not also:
                extra.append(more)  # a message that spans lines
            else:
                result_type, message = also[-1]
                also[-1] = (result_type, message + "\n" + more)
        verdict = parse_line("\n".join([first, *extra]))
        verdicts.append(Verdict(verdict.status, verdict.result_type, verdict.message, tuple(also)))
    if len(verdicts) != len(paths):
        raise RuntimeError(f"oracle printed {len(verdicts)} verdicts for {len(paths)} files")
    return verdicts


def validate_paths(paths: Sequence[Path], all_errors: bool = False) -> list[Verdict]:
    """The oracle's verdict on each ``.mlmodel`` file or ``.mlpackage`` folder."""
    verdicts: list[Verdict] = []
    for start in range(0, len(paths), BATCH):
        verdicts.extend(_run(paths[start:start + BATCH], all_errors))
    return verdicts


def validate_path(path: Path, all_errors: bool = False) -> Verdict:
    return validate_paths([path], all_errors)[0]


def validate_specs(specs: Sequence[bytes], all_errors: bool = False) -> list[Verdict]:
    """The oracle's verdict on each serialized ``Model`` spec (written as ``.mlmodel`` to a temp folder)."""
    with tempfile.TemporaryDirectory(prefix="mllint-oracle-") as folder:
        paths = []
        for index, data in enumerate(specs):
            path = Path(folder) / f"m{index:06d}.mlmodel"
            path.write_bytes(data)
            paths.append(path)
        return validate_paths(paths, all_errors)


def validate_spec(data: bytes, all_errors: bool = False) -> Verdict:
    return validate_specs([data], all_errors)[0]
