"""mllint: a static linter for Core ML models.

Plugin authors need :data:`hookimpl`, :class:`Finding`, :class:`Severity` and
the rule decorators; model repositories can call :func:`lint`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .diagnostics import Diagnostic, Finding, Severity
from .hookimpl import hookimpl
from .rule import Option, Rule, artifact_rule, model_rule, op_rule

if TYPE_CHECKING:
    from .api import lint as lint

__all__ = [
    "Diagnostic",
    "Finding",
    "Option",
    "Rule",
    "Severity",
    "__version__",
    "artifact_rule",
    "hookimpl",
    "lint",
    "model_rule",
    "op_rule",
]


def __getattr__(name: str) -> Any:
    if name == "lint":  # imported lazily: it loads the plugin machinery
        from .api import lint

        return lint
    raise AttributeError(f"module 'mllint' has no attribute {name!r}")
