"""ML145 word-tagger-invalid: a word tagger whose outputs, tags or parameters Core ML refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_interface import FEATURE_TYPE_NAMES
from .validator_order import TYPE, TYPE_PARAMETERS, TYPE_PRELUDE, step
from .validator_text import where

SOURCE = "apple/coremltools mlmodel/src/Validation/WordTaggerValidator.cpp"
# (WordTagger field naming an output, the sequence element kind that output takes)
OUTPUT_FIELDS = (
    ("tokensOutputFeatureName", "stringType"),
    ("tokenTagsOutputFeatureName", "stringType"),
    ("tokenLocationsOutputFeatureName", "int64Type"),
    ("tokenLengthsOutputFeatureName", "int64Type"),
)
# The order of the element checks after the outputs' kinds: tags first, then tokens, locations, lengths.
ELEMENT_CHECK_ORDER = (
    "tokenTagsOutputFeatureName",
    "tokensOutputFeatureName",
    "tokenLocationsOutputFeatureName",
    "tokenLengthsOutputFeatureName",
)


@model_rule(
    code="ML145",
    name="word-tagger-invalid",
    severity="error",
    summary="A word tagger whose outputs are not the ones it names, whose tag output is missing or of the wrong "
    "sequence type, or that has no revision, tags or parameter data.",
    why="""
        Core ML's word tagger produces exactly the outputs its parameters name (tokens, tags, locations,
        lengths), the tags always; tokens and tags are String sequences, locations and lengths Int64
        sequences; and it needs a revision, at least one tag and its model data. Otherwise the validator
        refuses the model.
    """,
    fix="""
        Keep the tagger's outputs and their names as Create ML wrote them; do not strip its tags or
        model parameter data.
    """,
    evidence="validator",
    sources=(f"{SOURCE} validate<MLModelType_wordTagger>",),
)
def word_tagger_invalid(model: Model) -> Iterator[Finding]:
    """Ports the word tagger's validator: first the outputs against the names it declares (before its
    input and output kinds, which ML135 ports), then, after them, the outputs' sequence types, revision,
    tags and data; reports the first complaint.

    Example: a tagger declaring only `tokenTagsOutputFeatureName = "tags"` with outputs `tags` and
    `tokens` gets "More model output features than the output features of the word tagger model."
    """
    if model.type != "wordTagger":
        return
    tagger = model.body
    outputs = list(model.proto.description.output)
    problem = _outputs_error(tagger, outputs)
    if problem:
        yield Finding(problem + where(model), location=model.location("outputs"), order=step(model, TYPE, TYPE_PRELUDE))
        return
    problem = _parameters_error(tagger, outputs)
    if problem:
        yield Finding(
            problem + where(model), location=model.location("wordTagger"), order=step(model, TYPE, TYPE_PARAMETERS)
        )


def _outputs_error(tagger: Any, outputs: list[Any]) -> str | None:
    named = [getattr(tagger, field) for field, _ in OUTPUT_FIELDS]
    if len(outputs) != sum(1 for name in named if name):
        return "More model output features than the output features of the word tagger model."
    for output in outputs:
        if output.name not in named:
            return f"Output feature '{output.name}' was not required by the output features of the word tagger model."
    if not any(o.name == tagger.tokenTagsOutputFeatureName for o in outputs):
        return (
            f"Expected feature '{tagger.tokenTagsOutputFeatureName}' (defined by tokenTagsOutputFeatureName) to the "
            "model is not present in the model description."
        )
    return None


def _parameters_error(tagger: Any, outputs: list[Any]) -> str | None:
    """The checks after the kinds (ML135, which reports an output that is not a sequence)."""
    if any(o.type.WhichOneof("Type") != "sequenceType" for o in outputs):
        return None
    kinds = dict(OUTPUT_FIELDS)
    for field in ELEMENT_CHECK_ORDER:
        name = getattr(tagger, field)
        index = _last_index(outputs, name) if name else None
        if index is None:
            continue
        element = outputs[index].type.sequenceType.WhichOneof("Type")
        if element != kinds[field]:
            return (
                f'Unsupported type "{FEATURE_TYPE_NAMES[element]}" for feature "{name}". '
                f"Should be: {FEATURE_TYPE_NAMES[kinds[field]]}"
            )
    if tagger.revision == 0:
        return "Model revision number not set. Must be >= 1"
    if tagger.WhichOneof("Tags") is None or not len(tagger.stringTags.vector):
        return "Model output tags not set. Must have at least one tag"
    if not tagger.modelParameterData:
        return "Model parameter data not set"
    return None


def _last_index(outputs: list[Any], name: str) -> int | None:
    """The index the validator keeps for a name: the last output of that name."""
    found = None
    for index, output in enumerate(outputs):
        if output.name == name:
            found = index
    return found
