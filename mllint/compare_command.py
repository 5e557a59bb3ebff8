"""``mllint diff`` and ``mllint show``: the commands' work, apart from their click declarations.

``diff`` exits 1 on a regression (a new finding at or above ``--fail-on-new``,
or a Neural Engine share drop of more than ``--max-ane-drop`` points), 0
otherwise; usage errors (a missing model, a bad revision) are 2.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .compare import compare, render
from .diagnostics import Severity
from .linted import DISCOVERED, ISOLATED, Configuration
from .summary import show_lines, summarize

Echo = Callable[[str], None]


class CompareUsageError(ValueError):
    """A missing model, a bad revision or a bad option (exit 2)."""


def run_diff(
    old: str | None,
    new: str | None,
    git_revision: tuple[str, str] | None,
    output_format: str,
    fail_on_new: str,
    max_ane_drop: float,
    echo: Echo,
    configuration: Configuration = DISCOVERED,
) -> int:
    """Each model is linted with its configuration file (``configuration`` may name one or none); the old
    version of ``--git REV PATH``, read into a temporary folder, with the one PATH has."""
    from .git_revision import GitError, model_at_revision
    from .linted import config_file_for

    if git_revision is not None and (old is not None or new is not None):
        raise CompareUsageError("give either OLD NEW or --git REV PATH, not both")
    with tempfile.TemporaryDirectory(prefix="mllint-diff-") as scratch:
        if git_revision is not None:
            revision, path = git_revision
            try:
                old_path = str(model_at_revision(revision, path, Path(scratch)))
            except GitError as error:
                raise CompareUsageError(str(error)) from None
            old_shown, new, new_shown = f"{path}@{revision}", path, path
        elif old is not None and new is not None:
            old_path, old_shown, new_shown = old, old, new
        else:
            raise CompareUsageError("give OLD and NEW model paths, or --git REV PATH")
        for path in (old_path, new):
            if not os.path.lexists(path):
                raise CompareUsageError(f"path does not exist: {path}")
        threshold = None if fail_on_new == "never" else Severity.parse(fail_on_new)
        old_configuration = configuration
        if git_revision is not None and configuration == DISCOVERED:  # the temporary copy has none nearby
            old_configuration = Configuration(file=config_file_for(new))
        try:
            old_summary = summarize(old_path, configuration=old_configuration)
            new_summary = summarize(new, configuration=configuration)
        except ValueError as error:  # a folder holding several models
            raise CompareUsageError(str(error)) from None
        result = compare(old_summary, new_summary, old_shown, new_shown, threshold, max_ane_drop)
    echo(render(result, output_format).rstrip("\n"))
    return 1 if result.regressions else 0


def run_show(path: str, echo: Echo, configuration: Configuration = ISOLATED) -> int:
    """A file is summarised on its own (the spec git hands a textconv filter), a package whole."""
    if not os.path.lexists(path):
        raise CompareUsageError(f"path does not exist: {path}")
    if os.path.isdir(path) and not path.rstrip("/\\").endswith(".mlpackage"):
        raise CompareUsageError(f"{path} is a folder, not a .mlpackage")
    try:
        summary = summarize(path, spec_only=os.path.isfile(path), configuration=configuration)
    except ValueError as error:  # a bad configuration file
        raise CompareUsageError(str(error)) from None
    echo("\n".join(show_lines(summary)))
    return 0
