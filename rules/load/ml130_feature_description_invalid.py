"""ML130 feature-description-invalid: a feature description that Core ML's validator refuses."""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.view import Model

from .validator_interface import description_units, feature_description_error
from .validator_order import description_order
from .validator_text import INTERFACE_SOURCE, where

# The checks of validateFeatureDescription this rule reports; the others have their own rules
# (ML101 FLOAT16, ML102 INT8, ML103 dataType/colorSpace, ML104 sequence version, ML105 default
# values, ML106/ML107 states, ML111 missing shape or image size).
OWN_CHECKS = frozenset(
    {
        "name-empty",
        "type-missing",
        "type-unset",
        "dictionary-key",
        "sequence-range",
        "sequence-type",
        "enumerated-empty",
        "enumerated-rank-0",
        "enumerated-default",
        "range-invalid",
        "range-rank",
        "range-default",
        "shape-negative",
        "image-enumerated-empty",
        "image-enumerated-default",
        "image-range",
        "image-range-default",
    }
)
ROLES = (("input", "inputs"), ("output", "outputs"), ("state", "states"))


@model_rule(
    code="ML130",
    name="feature-description-invalid",
    severity="error",
    summary="A feature with no name or no type, a dictionary without a key type, a sequence of another "
    "type, a negative dimension, or flexible shapes or sizes that do not hold together.",
    why="""
        Core ML validates every input, output and state description of every model (and of each
        pipeline sub-model, at that model's own specification version) before it loads it. A feature
        without a name or type, a dictionary whose key type is unset, a sequence that is neither
        Int64 nor String or whose size range is inverted, a negative dimension, an empty list of
        enumerated shapes, a shape range whose lower bound is above its upper bound, or a default
        shape or image size outside its enumerated shapes or ranges makes the model fail to load.
    """,
    fix="""
        Give every feature a name and a type; make the default shape (or image size) one of the
        enumerated shapes, or within the ranges, with one range per dimension; use only
        non-negative dimensions (coremltools `ct.EnumeratedShapes` / `ct.RangeDim` write these).
    """,
    evidence="validator",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription, validateSizeRange",),
)
def feature_description_invalid(model: Model) -> Iterator[Finding]:
    """Runs the port of validateFeatureDescription on each input, output and state of the model (or of
    each function of a multi-function model) and reports the validator's first complaint about each
    feature when it is one of this rule's checks.

    Example: an input `x` with shape [1, -1] gets "Description of multiarray feature 'x' has an
    invalid shape. Element 1 has non-positive value -1."
    """
    for unit_index, (prefix, description) in enumerate(description_units(model.proto.description)):
        for role_index, (io, folder) in enumerate(ROLES):
            for index, feature in enumerate(getattr(description, io)):
                complaint = feature_description_error(feature, model.spec_version, io)
                if complaint is not None and complaint.check in OWN_CHECKS:
                    yield Finding(
                        complaint.message + where(model),
                        location=model.location(prefix, folder, feature.name),
                        order=description_order(model, unit_index, role_index, index, complaint.check),
                    )
