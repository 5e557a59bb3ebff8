"""``--baseline FILE``: adopt mllint on an existing model zoo, then hear only about new problems.

The first run (FILE does not exist) writes every current finding to FILE and
exits 0. Later runs hide the findings recorded there and report only the new
ones; the summary says how many were hidden.

FILE is JSON, one entry per finding, sorted, so it diffs well in review::

    {
      "3f0c...": {"code": "ML202", "path": "models/a.mlpackage", "location": "main/x", "message": "..."}
    }

The key is the finding's fingerprint as SARIF's ``primaryLocationLineHash``
has it (:func:`~mllint.diagnostics.distinct_fingerprints`: code, model path,
location; the message's shape only when one rule reports twice on one node),
computed with the model's path relative to FILE's folder, so the baseline works
from any working folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .diagnostics import Diagnostic, distinct_fingerprints
from .engine_rules import NEVER_HIDDEN
from .output import write_report
from .reporting import Report


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message is one line naming it."""


def _relative_to(path: str, folder: Path) -> str:
    return os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")


def fingerprints(diagnostics: Sequence[Diagnostic], folder: Path) -> list[str]:
    """Each diagnostic's distinct fingerprint (as SARIF's), its model path relative to the baseline's folder."""
    return distinct_fingerprints([replace(d, path=_relative_to(d.path, folder)) for d in diagnostics])


@dataclass(frozen=True)
class Baseline:
    file: Path  # absolute
    entries: Mapping[str, Mapping[str, str]]

    @property
    def folder(self) -> Path:
        return self.file.parent

    def hide_known(self, report: Report) -> int:
        """Drop the findings recorded in the baseline from ``report``; return how many.

        Fingerprints are computed over the whole report, as when it was recorded,
        so two findings of one rule on one node stay two entries. A crashed
        rule (ML900) is never hidden.
        """
        keys = iter(fingerprints(report.diagnostics, self.folder))
        hidden = 0
        for model in report.models:
            kept = [d for d, key in zip(model.diagnostics, keys) if key not in self.entries or d.code in NEVER_HIDDEN]
            hidden += len(model.diagnostics) - len(kept)
            model.diagnostics = kept
        report.hidden_by_baseline += hidden
        return hidden


def entries_for(diagnostics: Iterable[Diagnostic], folder: Path) -> dict[str, dict[str, str]]:
    listed = list(diagnostics)
    return {
        key: {
            "code": d.code,
            "path": _relative_to(d.path, folder),
            "location": d.location,
            "message": d.message,
        }
        for d, key in zip(listed, fingerprints(listed, folder))
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
