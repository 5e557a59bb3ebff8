"""The hooks a plugin may implement: mllint's contract with rule packages.

A plugin is any module or object with functions marked ``@mllint.hookimpl``,
registered through the ``mllint`` entry-point group::

    [project.entry-points.mllint]
    my-rules = "my_package.rules"

mllint's own rules and reporters are registered exactly this way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Sequence

import pluggy

if TYPE_CHECKING:
    from .loader import LoadedModel
    from .reporting import ReporterSpec
    from .rule import Rule, RunContext

hookspec = pluggy.HookspecMarker("mllint")


@hookspec
def mllint_rules() -> Sequence["Rule"]:
    """Return the rules this plugin provides.

    Declare each rule with :func:`mllint.model_rule`, :func:`mllint.op_rule`
    or :func:`mllint.artifact_rule`. Codes are the plugin's own prefix of capital
    letters plus three digits (``ML`` is reserved to mllint's own rules), names
    kebab-case; both must be unique across all plugins, or mllint stops with a
    usage error naming the two plugins.

    Called once per run. Import heavy dependencies inside the checks, not at
    module level: ``mllint rules`` loads every plugin, and every lint starts by loading them.
    """


@hookspec
def mllint_reporters() -> Sequence["ReporterSpec"]:
    """Return the output formats this plugin provides.

    Each :class:`mllint.reporting.ReporterSpec` has a ``name`` (the value of
    ``--format``), a one-line description and a ``render(report, stream,
    options)`` function that writes the whole report to ``stream``.
    """


@hookspec
def mllint_model_facts(model: "LoadedModel", context: "RunContext") -> Mapping[str, Any] | None:
    """Return facts about a model to show in reports, or None.

    ``context`` (optional in an implementation) is the run's :class:`~mllint.rule.RunContext`.

    The facts of all plugins are merged into the model's entry of the JSON
    report (under their keys) and may be shown by other reporters. Values must
    be JSON-serialisable. Called once per model that could be read.

    Each call is isolated like a rule: an error or facts that are not JSON
    drop this plugin's facts with an ML900 diagnostic, and a call past the
    rule time budget is stopped with an ML901; the report is kept.
    """
