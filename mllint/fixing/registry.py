"""Which findings ``mllint fix`` can repair: a table keyed by rule code.

Each row names a rule code and the :class:`~mllint.fixing.fix.Fix` that repairs
its findings, with ruff's applicability: **safe** (the model keeps its meaning
and only becomes loadable on the OS it already needs) or **unsafe** (changes
numerics, the interface or what the model says of itself; applied only with
``--unsafe-fixes``). Several codes share one fix; :data:`FIXES` is the order
fixes run in (the NMS fix before the versions, which it changes).
"""

from __future__ import annotations

from .fix import Fix
from .metadata import fill_metadata
from .nms_float32 import nms_arrays_to_float32
from .spec_versions import raise_spec_versions

NMS_FLOAT32 = Fix(
    "nms-float32",
    "safe",
    "Give the NMS model FLOAT32 arrays and make the step feeding it produce FLOAT32 (a cast in an ML program).",
    nms_arrays_to_float32,
)
SPEC_VERSIONS = Fix(
    "raise-spec-versions",
    "safe",
    "Raise the model's and each sub-model's specificationVersion to the lowest its features need; never lower one.",
    raise_spec_versions,
)
METADATA = Fix(
    "fill-metadata",
    "unsafe",
    "Set metadata author / license / versionString from --author, --license, --version-string.",
    fill_metadata,
)

FIXES: tuple[Fix, ...] = (NMS_FLOAT32, SPEC_VERSIONS, METADATA)

FIX_BY_CODE: dict[str, Fix] = {
    "ML101": SPEC_VERSIONS,  # float16-before-ios16
    "ML102": SPEC_VERSIONS,  # int8-array-before-ios26
    "ML104": SPEC_VERSIONS,  # sequence-before-ios12
    "ML105": SPEC_VERSIONS,  # optional-default-value-invalid (the "before spec 5" case)
    "ML106": SPEC_VERSIONS,  # state-before-ios18
    "ML108": SPEC_VERSIONS,  # multifunction-before-ios18
    "ML110": SPEC_VERSIONS,  # empty-interface (the "no inputs before spec 9" case)
    "ML112": SPEC_VERSIONS,  # mlprogram-opset-too-new
    "ML115": NMS_FLOAT32,  # nms-element-type (FLOAT16 arrays; FLOAT32 before spec 5 is a version fix)
    "ML116": SPEC_VERSIONS,  # updatable-model-invalid (the "below spec 4" case)
    "ML117": SPEC_VERSIONS,  # spec-version-below-feature
    "ML118": SPEC_VERSIONS,  # pipeline-version-below-sub-model
    "ML120": SPEC_VERSIONS,  # nn-layer-newer-than-spec
    "ML502": METADATA,  # missing-author
    "ML503": METADATA,  # missing-license
    "ML504": METADATA,  # missing-version
}


def fixes_for(codes: set[str]) -> list[Fix]:
    """The fixes for findings with these codes, in the order they run.

    ML115 also asks for the version fix: an NMS model with FLOAT32 arrays below
    spec 5 only needs its version raised.
    """
    wanted = {FIX_BY_CODE[code] for code in codes if code in FIX_BY_CODE}
    if NMS_FLOAT32 in wanted:
        wanted.add(SPEC_VERSIONS)
    return [fix for fix in FIXES if fix in wanted]


def codes_of(fix: Fix) -> list[str]:
    return [code for code, row in FIX_BY_CODE.items() if row is fix]


def applicability(code: str) -> str | None:
    """``safe`` / ``unsafe`` for a rule whose findings ``mllint fix`` repairs, else None (for ``mllint rules``)."""
    fix = FIX_BY_CODE.get(code)
    return fix.applicability if fix is not None else None
