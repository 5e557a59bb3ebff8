"""Which tool wrote a model, read from what the tool writes into the model's own metadata.

Each row is a mark a tool leaves, with its source. A model whose metadata carries
one was written by that tool; its author may not be able to change what the tool
chose (e.g. Create ML's spec versions), and a rule may say so.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class CreatorMark(NamedTuple):
    tool: str
    field: str  # "shortDescription" (starts with ``text``) or "userDefined" (a key starts with ``text``)
    text: str
    source: str


CREATOR_MARKS: tuple[CreatorMark, ...] = (
    CreatorMark(
        "Create ML",
        "shortDescription",
        "A model trained using CreateML",
        "Apple docs, Create ML MLModelMetadata init(author:shortDescription:license:version:additional:): "
        'the default shortDescription is "A model trained using CreateML for use with CoreML." '
        '(Create ML of macOS 10.14 wrote "A model trained using CreateML")',
    ),
    CreatorMark(
        "Create ML",
        "userDefined",
        "com.apple.createml.",
        "Apple docs, MLModelMetadataKey.creatorDefinedKey: the Create ML app records its version under "
        "com.apple.createml.version and com.apple.createml.app.version, shown on Xcode's model page",
    ),
)


def written_by(metadata: Any, tool: str) -> bool:
    """Whether ``metadata`` (a ``Metadata`` message) carries a mark of ``tool``."""
    for mark in CREATOR_MARKS:
        if mark.tool != tool:
            continue
        if mark.field == "shortDescription" and str(metadata.shortDescription).startswith(mark.text):
            return True
        if mark.field == "userDefined" and any(str(key).startswith(mark.text) for key in metadata.userDefined):
            return True
    return False
