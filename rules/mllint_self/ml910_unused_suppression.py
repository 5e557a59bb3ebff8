"""ML910: an in-model suppression that suppresses nothing (ruff's RUF100 for models).

Whether a ``mllint:ignore`` entry hid anything is known only after every other
rule has run on the model, so the check is not a per-model function: the
engine applies the suppressions (:mod:`mllint.suppress`) and reports this rule
for each entry that hid nothing, when this rule is enabled. This module
declares it, so it is listed, documented, selected and ignored like any rule.
"""

from __future__ import annotations

from mllint.rule import metadata_only

UNUSED_SUPPRESSION = metadata_only(
    scope="model",
    code="ML910",
    name="unused-suppression",
    severity="warning",
    summary="An `mllint:ignore` entry in the model's metadata suppresses nothing.",
    why="""
        A suppression that hides nothing is noise at best; at worst it hides the next real
        problem of that rule, which nobody will see because the model said "ignore" long after
        the original reason was gone. Reporting stale entries keeps the list of exceptions a
        model carries short and true, as ruff's RUF100 does for `# noqa` comments.
    """,
    fix="""
        Remove the entry from `metadata.userDefined["mllint:ignore"]` and save the model
        (coremltools: `spec = model.get_spec()`, edit
        `spec.description.metadata.userDefined["mllint:ignore"]`, `ct.models.MLModel(spec,
        weights_dir=model.weights_dir).save(...)`; or `model.user_defined_metadata[...]`).
        If the rule is disabled on purpose in this repository, ignore ML910 here instead.
    """,
    docs="""
        Looks at every `mllint:ignore` entry (a code such as `ML202`, a prefix such as `ML2`, or
        a name such as `output-layout-op`) in the `metadata.userDefined` of the model and of its
        sub-models, after all other rules ran, and reports the entries that hid no finding:

        - the rule ran on the model and found nothing there (fixed since, or never needed);
        - the rule did not run on the model: not selected, or ignored by the configuration or a
          per-path ignore. A configuration ignore does not make an in-model suppression "used";
        - the entry names no rule this mllint knows (a typo, or a plugin that is not installed).

        The finding's location is `metadata/userDefined/mllint:ignore` of the model carrying the
        key. An entry naming ML910 itself (`ML910`, `ML9`, `unused-suppression`) silences ML910
        on its model and is never reported.

        Example: a model converted with `user_defined_metadata={"mllint:ignore": "ML202"}` whose
        output reshape was later moved into app code: ML202 no longer fires, so the entry is
        reported: "mllint:ignore entry 'ML202' suppresses nothing: ML202 (output-layout-op) found
        nothing in this model".

        Sources: ruff RUF100 unused-noqa (docs.astral.sh/ruff/rules/unused-noqa); sqlfluff's
        unused noqa warning.
    """,
    evidence="mllint",
    sources=("ruff RUF100 unused-noqa", "coremltools Model.proto: Metadata.userDefined"),
)
