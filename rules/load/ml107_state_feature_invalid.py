"""ML107 state-feature-invalid: a state feature that is optional, shapeless, flexible, defaulted, not
FLOAT16/INT8, or declared outside the states.
"""

from __future__ import annotations

from collections.abc import Iterator

from mllint import Finding, model_rule
from mllint.knowledge import model_features as mf
from mllint.view import Feature, Model

from .validator_order import feature_order
from .validator_text import INTERFACE_SOURCE, array_dtype_name, where


def _state_problem(feature: Feature) -> tuple[str, str] | None:
    """The first complaint of the validator about a state feature, in its order: (check, message)."""
    name = feature.name
    if feature.kind != "stateType":
        if feature.role == "state":
            return "state-misplaced", f"State feature description can declare only state features, but '{name}' is not."
        return None
    if feature.role not in ("state", "input"):
        return "state-misplaced", f"State feature '{name}' should only be declared in the state feature description."
    if feature.optional:
        return "state-optional", f"State feature '{name}' cannot be optional."
    array = feature.proto.type.stateType.arrayType
    if not array.shape:
        return "state-shape-missing", f"Description of State feature '{name}' has missing shape constraints."
    for index, value in enumerate(array.shape):
        if value < 0:
            return "state-shape-negative", (
                f"Description of State feature '{name}' has an invalid shape. "
                f"Element {index} has non-positive value {value}."
            )
    if array_dtype_name(array.dataType) not in mf.VALID_STATE_DTYPES:
        return "state-dtype", (
            f"Description of State feature '{name}' has an invalid or unspecified dataType. "
            "It must be specified as FLOAT16"
        )
    if array.WhichOneof("ShapeFlexibility") is not None:
        return "state-flexible", f"State feature '{name}' cannot have flexible shape."
    if array.WhichOneof("defaultOptionalValue") is not None:
        return "state-default", f"State feature '{name}' cannot have default optional value."
    return None


@model_rule(
    code="ML107",
    name="state-feature-invalid",
    severity="error",
    summary="A state feature that is optional, shapeless, flexible, defaulted, not FLOAT16/INT8, or declared "
    "outside the states.",
    why="""
        Core ML allocates a state's buffer once, from its declared shape and type: a state must
        be a fixed-shape FLOAT16 (or INT8) array, never optional, with no default value, and be
        declared among the model's states (or, for backward compatibility, its inputs). The
        validator refuses anything else, and refuses a non-state feature listed as a state.
    """,
    fix="""
        Declare the state with `ct.StateType(wrapped_type=ct.TensorType(shape=..., dtype=np.float16))`
        and a fixed shape; keep it out of the outputs.
    """,
    evidence="validator",
    sources=(f"{INTERFACE_SOURCE} validateFeatureDescription (state checks)",),
)
def state_feature_invalid(model: Model) -> Iterator[Finding]:
    """Looks at every state feature (and every feature listed among the states) and reports the
    first problem the validator would, per feature.

    Example: a state `kv_cache` declared FLOAT32: "It must be specified as FLOAT16".
    """
    for feature in model.features:
        problem = _state_problem(feature)
        if problem:
            check, message = problem
            yield Finding(message + where(model), location=feature.path, order=feature_order(model, feature, check))
