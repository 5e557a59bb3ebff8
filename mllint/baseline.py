"""``--baseline FILE``: adopt mllint on an existing model zoo, then hear only about new problems.

The first run (FILE does not exist) writes every current finding to FILE and
exits 0. Later runs hide the findings recorded there and report only the new
ones; the summary says how many were hidden.

FILE is JSON, one entry per finding, sorted, so it diffs well in review::

    {
      "3f0c...": {"code": "ML202", "path": "models/a.mlpackage", "location": "main/x", "message": "..."}
    }

The key is the finding's :attr:`~mllint.diagnostics.Diagnostic.fingerprint`
(code, model path, location: not the message, so rewording a message does not
resurface old findings) computed with the model's path relative to FILE's
folder, so the baseline works from any working folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping

from .diagnostics import Diagnostic
from .output import write_report
from .reporting import Report


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message is one line naming it."""


def _relative_to(path: str, folder: Path) -> str:
    return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")


def fingerprint(diagnostic: Diagnostic, folder: Path) -> str:
    """The diagnostic's fingerprint, with its model path relative to the baseline's folder."""
    return replace(diagnostic, path=_relative_to(diagnostic.path, folder)).fingerprint


@dataclass(frozen=True)
class Baseline:
    file: Path  # absolute
    entries: Mapping[str, Mapping[str, str]]

    @property
    def folder(self) -> Path:
        return self.file.parent

    def knows(self, diagnostic: Diagnostic) -> bool:
        return fingerprint(diagnostic, self.folder) in self.entries

    def hide_known(self, report: Report) -> int:
        """Drop the findings recorded in the baseline from ``report``; return how many."""
        hidden = 0
        for model in report.models:
            kept = [d for d in model.diagnostics if not self.knows(d)]
            hidden += len(model.diagnostics) - len(kept)
            model.diagnostics = kept
        report.hidden_by_baseline += hidden
        return hidden


def entries_for(diagnostics: Iterable[Diagnostic], folder: Path) -> dict[str, dict[str, str]]:
    return {
        fingerprint(d, folder): {
            "code": d.code,
            "path": _relative_to(d.path, folder),
            "location": d.location,
            "message": d.message,
        }
        for d in diagnostics
    }


def write_baseline(file: str | os.PathLike[str], diagnostics: Iterable[Diagnostic]) -> Baseline:
    """Record ``diagnostics`` in ``file`` (atomically: a temporary file, then a rename)."""
    path = Path(os.path.abspath(file))
    entries = entries_for(diagnostics, path.parent)
    write_report(json.dumps(entries, indent=2, sort_keys=True) + "\n", str(path))
    return Baseline(path, entries)


def read_baseline(file: str | os.PathLike[str]) -> Baseline:
    path = Path(os.path.abspath(file))
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"baseline {file}: not valid JSON ({error})") from None
    except OSError as error:
        raise BaselineError(f"baseline {file}: cannot read: {error.strerror or error}") from None
    if not isinstance(document, dict) or not all(isinstance(v, dict) for v in document.values()):
        raise BaselineError(f"baseline {file}: not an mllint baseline (a JSON object of fingerprint -> finding)")
    return Baseline(path, document)
