"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning.

What code scanning needs and mllint does (github/docs
``content/code-security/reference/code-scanning/sarif-files/sarif-support.md``):

- ``artifactLocation.uri`` is a real *file*, relative to the working folder:
  the spec (``X.mlpackage/Data/com.apple.CoreML/model.mlmodel``) or, for a
  broken package, its ``Manifest.json`` (if that is missing, the package's
  first file); never the package folder.
- ``region.startLine`` is 1: a model has no source lines.
- The model node goes in ``logicalLocations`` and at the front of the message,
  since GitHub shows only the message and the file.
- ``partialFingerprints.primaryLocationLineHash`` is mllint's own (code, model
  path, node; the message's shape too when a rule reports twice on one node),
  so re-exporting a model does not reopen its alerts.
- At most 25,000 results per run (GitHub's limit): past it the most severe
  are kept and a tool notification says how many were dropped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from ..diagnostics import Diagnostic, Severity, distinct_fingerprints
from ..reporting import Report, ReporterSpec, ReportOptions
from ..rule import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mllint/mllint"
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000
MAX_TEXT = 1024
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}


def _clip(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    markdown = "\n\n".join(
        part
        for part in (
            f"**{rule.code} {rule.name}**: {rule.summary}",
            f"**Why it matters.** {rule.why}",
            f"**How to fix.** {rule.fix}",
            rule.docs,
            f"[Documentation]({rule.docs_url})",
        )
        if part
    )
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(rule.why or rule.summary)},
        "help": {"text": _clip(f"{rule.fix} See {rule.docs_url}", 4000), "markdown": markdown},
        "helpUri": rule.docs_url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "tags": ["coreml", rule.family],
            "precision": "medium" if rule.heuristic else "high",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
        },
    }


def unknown_rule_descriptor(diagnostic: Diagnostic) -> dict[str, Any]:
    """A descriptor for a code no loaded rule declares (a report built by other code)."""
    text = _clip(f"{diagnostic.code} {diagnostic.name}")
    return {
        "id": diagnostic.code,
        "name": diagnostic.name,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": _clip(diagnostic.fix or text, 4000)},
        "defaultConfiguration": {"level": LEVELS[diagnostic.severity]},
    }


def artifact_location(path: str, working_directory: str) -> dict[str, Any]:
    """``path`` as a relative, percent-encoded URI under the working folder (``%SRCROOT%``).

    A file outside the working folder keeps an absolute ``file:`` URI, without
    ``uriBaseId`` (SARIF allows a base only for relative references).
    """
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(os.path.abspath(working_directory))
    except ValueError:
        return {"uri": absolute.as_uri()}
    # fsencode: a file name that is not UTF-8 (surrogate-escaped by Python) keeps its own bytes
    return {"uri": quote(os.fsencode(relative.as_posix()), safe="/"), "uriBaseId": SRCROOT}


def reported_file(diagnostic: Diagnostic) -> str:
    """The file a result points at: the diagnostic's, or if that does not exist, a file of its package.

    A package whose ``Manifest.json`` is missing is reported against that
    manifest; code scanning cannot place an alert on a file that does not
    exist, so the result goes to the package's first file instead (the message
    says what is missing). Never the package folder.
    """
    if os.path.isfile(diagnostic.file) or not os.path.isdir(diagnostic.path):
        return diagnostic.file
    for current, dirs, files in os.walk(diagnostic.path):
        dirs.sort()
        if files:
            return os.path.join(current, sorted(files)[0]).replace(os.sep, "/")
    return diagnostic.file


def line_hashes(diagnostics: list[Diagnostic]) -> list[str]:
    """``primaryLocationLineHash`` of each diagnostic: its fingerprint, kept distinct within the run."""
    return [f"{key}:1" for key in distinct_fingerprints(diagnostics)]


def result(
    diagnostic: Diagnostic, rule_index: int, working_directory: str = ".", line_hash: str | None = None
) -> dict[str, Any]:
    where = f"{diagnostic.location}: " if diagnostic.location else ""
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": artifact_location(reported_file(diagnostic), working_directory),
            "region": {"startLine": 1, "startColumn": 1},
        }
    }
    if diagnostic.location:
        kind = "parameter" if "/inputs/" in f"/{diagnostic.location}" else "member"
        location["logicalLocations"] = [{"fullyQualifiedName": diagnostic.location, "kind": kind}]
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": LEVELS[diagnostic.severity],
        "message": {"text": f"{where}{diagnostic.message}"},
        "locations": [location],
        "partialFingerprints": {"primaryLocationLineHash": line_hash or f"{diagnostic.fingerprint}:1"},
        "properties": {"model": diagnostic.path, "name": diagnostic.name},
    }


def document(report: Report, options: ReportOptions) -> dict[str, Any]:
    diagnostics = report.diagnostics
    notifications = []
    if len(diagnostics) > MAX_RESULTS:
        kept = sorted(diagnostics, key=lambda d: -d.severity)[:MAX_RESULTS]
        order = {id(d): i for i, d in enumerate(diagnostics)}
        dropped = len(diagnostics) - MAX_RESULTS
        diagnostics = sorted(kept, key=lambda d: order[id(d)])
        notifications.append(
            {
                "level": "warning",
                "message": {
                    "text": f"{dropped} result(s) dropped: GitHub code scanning accepts at most "
                    f"{MAX_RESULTS} results per run; the most severe were kept. Lint fewer models per run "
                    "(one job per folder, each uploaded with its own category) to see them all."
                },
            }
        )
    first = {d.code: d for d in reversed(diagnostics)}
    codes = sorted(first)
    descriptors = []
    for code in codes:
        rule = report.rule(code)
        descriptors.append(rule_descriptor(rule) if rule is not None else unknown_rule_descriptor(first[code]))
    index = {code: i for i, code in enumerate(codes)}
    cwd = Path(os.path.abspath(options.working_directory)).as_uri().rstrip("/") + "/"
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mllint",
                "semanticVersion": report.version,
                "version": report.version,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": cwd}},
        "invocations": [
            {
                "executionSuccessful": True,
                "workingDirectory": {"uri": cwd},
                **({"toolExecutionNotifications": notifications} if notifications else {}),
            }
        ],
        "results": [
            result(d, index[d.code], options.working_directory, line_hash)
            for d, line_hash in zip(diagnostics, line_hashes(diagnostics))
        ],
        "columnKind": "unicodeCodePoints",
    }
    if options.category:
        run["automationDetails"] = {"id": f"{options.category}/"}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    json.dump(document(report, options), out, indent=2)
    out.write("\n")


REPORTER = ReporterSpec("sarif", "SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.", render)
