"""The commands beyond linting: ``mllint fix``, ``mllint diff`` and ``mllint show``.

Each parses its flags and hands them to its module (:mod:`mllint.fixing.command`,
:mod:`mllint.compare_command`), imported when the command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from .cli_options import UsageError, configuration_options


@click.command("fix")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write the fixed model here (one model only).")
@click.option("--in-place", is_flag=True, help="Replace each model with its fixed version (atomically).")
@click.option("--diff", is_flag=True, help="Write nothing; print what would change, field by field.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="Also apply unsafe fixes (they change what the model says or computes)."
)
@click.option("--select", multiple=True, help="Only findings of these rules: codes, prefixes or names.")
@click.option("--ignore", multiple=True, help="Leave findings of these rules alone.")
@click.option("--author", help="Unsafe fix: metadata author to set where it is empty (ML502).")
@click.option("--license", "license_text", help="Unsafe fix: metadata license to set where it is empty (ML503).")
@click.option("--version-string", help="Unsafe fix: metadata versionString to set where it is empty (ML504).")
@click.option(
    "--validator",
    envvar="MLLINT_VALIDATOR",
    type=click.Path(exists=True, dir_okay=False, path_type=str),
    help="A validator command run on the fixed model (Core ML's mlvalidate); a result it does not call OK is not written.  [env: MLLINT_VALIDATOR]",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity remains.",
)
@configuration_options("every model")
def fix(
    paths: Sequence[str],
    output: str | None,
    in_place: bool,
    diff: bool,
    unsafe_fixes: bool,
    select: Sequence[str],
    ignore: Sequence[str],
    author: str | None,
    license_text: str | None,
    version_string: str | None,
    validator: str | None,
    fail_on: str,
    config_file: str | None,
    isolated: bool,
) -> None:
    """Repair what is safe to repair: spec versions, FLOAT16 arrays of an NMS model (see docs/fix-and-diff.md).

    Findings are those `mllint check` reports (the same configuration files).
    A fixed model is linted again and written only if Core ML would load it;
    --validator also runs Core ML's validator on it. The input is changed only with --in-place.
    """
    from .fixing.command import FixUsageError, fix_values, run_fix
    from .fixing.runner import FixOptions
    from .linted import Configuration
    from .pipeline import RunError

    options = FixOptions(
        select,
        ignore,
        unsafe_fixes,
        fix_values(author, license_text, version_string),
        validator,
        Configuration(config_file, isolated),
    )
    try:
        code = run_fix(paths, output, in_place, diff, options, fail_on, click.echo)
    except (FixUsageError, RunError) as error:
        raise UsageError(str(error)) from None
    sys.exit(code)


@click.command("diff")
@click.argument("models", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--git", "git_revision", nargs=2, metavar="REV PATH", help="Compare PATH with its version at git revision REV."
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True
)
@click.option(
    "--fail-on-new",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="warning",
    show_default=True,
    help="Exit 1 when a new finding is at or above this severity.",
)
@click.option(
    "--max-ane-drop",
    type=float,
    default=5.0,
    show_default=True,
    help="Exit 1 when the Neural Engine share of ops falls by more points.",
)
@configuration_options("both models")
def diff(
    models: Sequence[str],
    git_revision: tuple[str, str] | None,
    output_format: str,
    fail_on_new: str,
    max_ane_drop: float,
    config_file: str | None,
    isolated: bool,
) -> None:
    """Compare two versions of a model: OLD NEW, or --git REV PATH.

    Findings are those `mllint check` reports, each model with its configuration
    file; with --git, the old version is read with PATH's configuration.
    """
    from .compare_command import CompareUsageError, run_diff
    from .linted import Configuration

    if len(models) not in ((0,) if git_revision else (2,)):
        raise UsageError("give OLD and NEW model paths, or --git REV PATH")
    old, new = (models[0], models[1]) if models else (None, None)
    try:
        configuration = Configuration(config_file, isolated)
        code = run_diff(old, new, git_revision, output_format, fail_on_new, max_ane_drop, click.echo, configuration)
    except CompareUsageError as error:
        raise UsageError(str(error)) from None
    sys.exit(code)


@click.command("show")
@click.argument("path", type=click.Path(path_type=str))
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=str),
    help="Report the findings this mllint.toml or pyproject.toml selects.  [default: no configuration file]",
)
def show(path: str, config_file: str | None) -> None:
    """Print a stable, line-oriented summary of one model (a git textconv filter).

    No configuration file is read unless --config names one: git hands a textconv
    filter a temporary copy of the old version, outside the repository, and both
    sides must be read alike.
    """
    from .compare_command import CompareUsageError, run_show
    from .linted import ISOLATED, Configuration

    configuration = Configuration(config_file) if config_file is not None else ISOLATED
    try:
        sys.exit(run_show(path, click.echo, configuration))
    except CompareUsageError as error:
        raise UsageError(str(error)) from None
