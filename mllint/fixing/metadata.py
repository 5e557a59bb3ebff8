"""Unsafe fix: fill the model's author, licence and version string from the command line.

Only with ``--unsafe-fixes`` and only the fields given (``--author``,
``--license``, ``--version-string``): mllint cannot know them, so the values are
the user's, and a field already set is overwritten only when a finding says it
is empty (ML502, ML503, ML504).
"""

from __future__ import annotations

from .fix import FixRequest

FIELDS = (("ML502", "author", "author"), ("ML503", "license", "license"), ("ML504", "versionString", "version_string"))


def fill_metadata(request: FixRequest) -> list[str]:
    codes = {d.code for d in request.findings}
    metadata = request.spec.description.metadata
    notes = []
    for code, field, value_name in FIELDS:
        value = getattr(request.values, value_name)
        if code in codes and value is not None and not getattr(metadata, field):
            setattr(metadata, field, value)
            notes.append(f"model: metadata.{field} '' -> {value!r}")
    return notes
