"""The root model's metadata fields (ML501-ML504): empty, or a placeholder that says nothing."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding
from mllint.view import Model


def root_only(model: Model) -> bool:
    """Xcode and Core ML show the root model's metadata; a pipeline's parts carry none."""
    return model.parent is None


# Values that fill a metadata field without saying anything (CreateML writes "Unspecified").
PLACEHOLDERS = frozenset({"unspecified", "unknown", "none", "n/a", "na", "todo", "tbd", "-"})


def missing_field(model: Model, field: str, shown: str) -> Iterator[Finding]:
    """A finding when the root model's ``metadata.<field>`` is empty or a placeholder."""
    if not root_only(model):
        return
    value = getattr(model.metadata, field).strip()
    if not value:
        yield Finding(f"the model has no {shown} (metadata.{field} is empty)", location=model.location("metadata"))
    elif value.lower() in PLACEHOLDERS:
        yield Finding(
            f"the model's {shown} is the placeholder {value!r} (metadata.{field})", location=model.location("metadata")
        )
