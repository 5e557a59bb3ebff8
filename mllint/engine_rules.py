"""The rules the engine itself reports: a model it cannot read, a rule that crashed or ran out of time.

They are registered by the plugin manager like any plugin (see
:func:`mllint.plugins.get_plugin_manager`), so they are listed, documented,
selected and ignored like every other rule.
"""

from __future__ import annotations

from typing import Sequence

from .hookimpl import hookimpl
from .rule import Option, Rule, metadata_only

RULE_TIME_BUDGET = 10.0  # seconds per rule per model (ML901's option `seconds`); see mllint/watchdog.py

MODEL_UNREADABLE = metadata_only(
    code="ML000",
    evidence="mllint",
    name="model-unreadable",
    severity="error",
    summary="The model cannot be read: nothing else was checked.",
    why="""
        Core ML refuses a spec it cannot parse, and every other rule needs the parsed spec.
        Typical causes: a half-downloaded or truncated file, a Git LFS pointer committed in
        place of the model, an `.mlpackage` whose `Manifest.json` is missing, broken or points
        outside the package, a file that is not a Core ML protobuf at all, or a spec whose
        version field is 0 or which names no model type.
    """,
    fix="""
        Re-export or re-download the model. For a package, check `Manifest.json`
        (`rootModelIdentifier` must name an entry of `itemInfoEntries` whose `path` lies
        under `Data/`). For an LFS pointer, run `git lfs pull`.
    """,
    docs="""
        Reported by the loader for every input that does not yield a Core ML spec.
        The message says in one line what is wrong; the file named is the file at fault
        (the spec, or the package's `Manifest.json`). The input is never modified.
        A folder that cannot be listed while searching for models (no permission, removed
        during the run) is reported too, so that the models it may hold are not skipped
        silently. The spec file is never read past 2 GiB - 1 byte (protobuf's limit), a
        `Manifest.json` past 1 MB, and FIFOs, sockets and devices are refused unread.
    """,
    sources=(
        "apple/coremltools modelpackage/src/ModelPackage.cpp (manifest keys and format version)",
        "apple/coremltools mlmodel/src/Model.cpp validateGeneric (version 0 is corrupt)",
    ),
)

RULE_CRASHED = metadata_only(
    code="ML900",
    evidence="mllint",
    name="rule-crashed",
    severity="error",
    summary="A rule or plugin raised an error; its findings for this model are incomplete.",
    why="""
        A linter must not lose a whole report because one check failed. mllint runs every
        rule in isolation; when one raises (or returns something that is not a finding),
        the others still run and this diagnostic names the rule, its plugin and the error,
        so the gap in the report is visible rather than silent.
    """,
    fix="""
        Report the error to the rule's plugin (named in the message) with the model if you
        can share it. To carry on meanwhile, `--ignore` the crashing rule.
    """,
    docs="""
        Emitted by the engine, once per crashing rule and model, with the first error and a count.
        A crash is never hidden: `--select`, `--ignore`, the configuration, an in-model
        `mllint:ignore` and a baseline do not drop ML900, and a report with one always fails the
        run (exit 1, even with `--fail-on never` or `--exit-zero`). Ignore the crashing rule instead.
    """,
)

RULE_TIMEOUT = metadata_only(
    code="ML901",
    evidence="mllint",
    name="rule-timeout",
    severity="error",
    summary="A rule used more than its time budget on one model; its findings for that model are incomplete.",
    why="""
        A linter that runs in pre-commit and CI must answer, whatever the model and whatever the
        plugins. Each rule gets a time budget per model (10 s, summed over all its calls on that
        model). A rule past its budget is stopped for that model, so one slow or stuck check
        cannot hold up or lose the rest of the report; this diagnostic names it.
    """,
    fix="""
        Report the slow rule to its plugin (named in the message) with the model if you can share
        it. Meanwhile `--ignore` it, or raise the budget with ML901's per-rule option `seconds`
        (from Python: `RunContext(options={"ML901": {"seconds": 60}})`).
    """,
    options=(
        Option(
            "seconds", (int, float), RULE_TIME_BUDGET, "Seconds each rule may take on one model, summed over calls."
        ),
    ),
    docs="""
        Emitted by the engine, once per rule and model. After each call the engine adds the call's
        time to the rule's total for the model; past the budget the rule is not called again for
        that model ("was not called again"). On POSIX, when mllint runs on the main thread and no
        one else uses SIGALRM, a quarter-second `setitimer` tick also interrupts a single call that
        runs past the budget ("was interrupted"), so a rule stuck in an endless loop cannot hang
        the run. Findings the rule produced before it was stopped are kept. Code that never returns
        to the Python interpreter (a C extension stuck in a loop) cannot be interrupted this way.
    """,
)


# An internal crash is never hidden: no selection, configuration, in-model suppression or baseline
# drops ML900, and a report with one always fails the run (mllint.pipeline).
NEVER_HIDDEN = frozenset({RULE_CRASHED.code})


@hookimpl
def mllint_rules() -> Sequence[Rule]:
    return [MODEL_UNREADABLE, RULE_CRASHED, RULE_TIMEOUT]
