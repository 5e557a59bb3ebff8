"""The ``mllint`` command.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it
(an unreadable model counts), or a rule that crashed (ML900, whatever
``--select``, ``--fail-on`` or ``--exit-zero`` say); 2 usage error (bad
option, missing path, unknown rule). Errors are one line on stderr, never a
traceback. ``check`` parses its flags into a :class:`mllint.pipeline.Request`,
runs it and prints the report: :func:`mllint.lint` runs the same pipeline.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from . import __version__
from .cli_options import UsageError, configuration_options
from .cli_repair import diff, fix, show

SUBCOMMANDS = ("check", "rules", "rule", "fix", "diff", "show")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class DefaultToCheck(click.Group):
    """``mllint PATH...`` means ``mllint check PATH...``, like ``ruff check``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if a not in ("--help", "-h", "--version")), None)
        if (
            args
            and first is not None
            and first not in self.commands
            and "--help" not in args[:1]
            and "--version" not in args[:1]
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _color_choice(value: str, stream: Any) -> bool:
    if value == "always":
        return True
    if value == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mllint", message="%(prog)s %(version)s")
def cli() -> None:
    """A static linter for Core ML models (.mlmodel files and .mlpackage folders).

    Run `mllint PATH...` to lint models; `mllint rules` lists the rules.
    """


@cli.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "output_format",
    default="text",
    show_default=True,
    help="text, json, sarif, github, html, xcode, or a plugin's format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the report to this file (atomically) instead of stdout.",
)
@click.option(
    "--select", multiple=True, help="Only these rules: codes, prefixes (ML2) or names; comma-separated or repeated."
)
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option("--ignore", multiple=True, help="Rules to skip: codes, prefixes or names.")
@click.option(
    "--target",
    "deployment_target",
    metavar="OS",
    help="Deployment target (iOS16, macOS13, tvOS16, watchOS9): the ML3xx rules flag what needs a newer OS.  [default: target from the config, else none]",
)
@click.option(
    "--chip", help="Neural Engine caps of this chip (A14..A18, M1..M5).  [default: chip from the config, else M1]"
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Exit 1 when a finding is at or above this severity.  [default: fail-on from the config, else warning]",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even with findings (usage errors still exit 2, a crashed rule, ML900, still exits 1).",
)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--category", help="SARIF automationDetails category (one per CI job or shard).")
@configuration_options("every model")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=str),
    help="Report only findings not recorded in FILE. If FILE does not exist, record every current finding there and exit 0.",
)
@click.option(
    "-j",
    "--jobs",
    "jobs_text",
    default="1",
    show_default=True,
    metavar="N|auto",
    help="Lint N models at a time, in N processes (auto: one per CPU). The report is the same, in the same order.",
)
@click.option(
    "--shard",
    "shard_text",
    metavar="K/N",
    help="Lint only shard K of N of the models (by a hash of each path), for a CI matrix of N jobs. The SARIF category defaults to mllint-K-of-N.",
)
@click.option(
    "--output-format",
    "text_style",
    type=click.Choice(["full", "concise"]),
    default="full",
    show_default=True,
    help="Text format: each finding with its fix (full), or one line per finding (concise).",
)
@click.option("--concise", "text_style", flag_value="concise", help="Same as --output-format concise.")
@click.option("--statistics", is_flag=True, help="Text format: after the findings, a count per rule.")
@click.option(
    "-q", "--quiet", is_flag=True, help="Text format: print the findings only (no model headers, no summary)."
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Text format: a header and estimate for every model, not only those with findings.",
)
@click.option(
    "--allow-empty", is_flag=True, help="Exit 0 when the paths hold no Core ML model (otherwise a usage error, exit 2)."
)
@click.option(
    "--sarif-file",
    type=click.Path(dir_okay=False, path_type=str),
    help="Also write the report as SARIF to this file (one run, two outputs).",
)
def check(
    paths: Sequence[str],
    output_format: str,
    output: str | None,
    select: Sequence[str],
    extend_select: Sequence[str],
    ignore: Sequence[str],
    deployment_target: str | None,
    chip: str | None,
    fail_on: str | None,
    exit_zero: bool,
    color: str,
    category: str | None,
    config_file: str | None,
    isolated: bool,
    baseline: str | None,
    jobs_text: str,
    shard_text: str | None,
    text_style: str,
    statistics: bool,
    quiet: bool,
    verbose: bool,
    allow_empty: bool,
    sarif_file: str | None,
) -> None:
    """Lint models: .mlmodel files, .mlpackage folders, files inside a package, or folders.

    Each model is linted with the nearest mllint.toml, or pyproject.toml with a
    [tool.mllint] table, in its folder or above; options given here beat it.

    \b
    --baseline FILE adopts mllint on an existing model zoo:
      - FILE missing: every current finding is written to FILE (JSON, keyed by
        fingerprint) and mllint exits 0. Commit FILE.
      - FILE present: findings recorded in FILE are hidden, only new ones are
        reported (and decide the exit code); the summary says how many were
        hidden. Delete FILE to record a new baseline.

    \b
    --shard K/N splits a model zoo over the N jobs of a CI matrix: each model
    is in exactly one shard, chosen by a hash of its path (adding a model
    moves no other). Give each job its own SARIF category (the default,
    mllint-K-of-N, does) so code scanning keeps every shard's alerts.
    """
    from .api import Linter
    from .discovery import PathNotFound
    from .output import write_report
    from .pipeline import NoModels, Request, RunError, run
    from .plugins import PluginError
    from .reporting import ReportOptions

    jobs, shard = 1, None
    if jobs_text != "1" or shard_text is not None:  # mllint.parallel is not loaded for a plain run
        from .parallel import Shard, parse_jobs

        try:
            jobs = parse_jobs(jobs_text)
            shard = Shard.parse(shard_text) if shard_text is not None else None
        except ValueError as error:
            raise UsageError(str(error)) from None
    try:
        linter = Linter.create()
    except PluginError as error:
        raise UsageError(str(error)) from None
    reporter = linter.registry.reporters.get(output_format)
    if reporter is None:
        known = ", ".join(sorted(linter.registry.reporters))
        raise UsageError(f"unknown format {output_format!r} (known: {known})")
    request = Request(
        paths=tuple(paths),
        select=tuple(select),
        ignore=tuple(ignore),
        extend_select=tuple(extend_select),
        target=deployment_target,
        chip=chip,
        fail_on=fail_on,
        config=config_file,
        isolated=isolated,
        jobs=jobs,
        shard=shard,
        baseline=baseline,
        allow_empty=allow_empty,
    )
    try:
        outcome = run(request, linter, reporter.prepare)
    except PathNotFound as missing:
        raise UsageError(f"path does not exist: {missing}") from None
    except NoModels as error:  # one line, like eslint's unmatched pattern
        _stderr(f"mllint: {error}")
        sys.exit(EXIT_USAGE)
    except RunError as error:
        raise UsageError(str(error)) from None
    if outcome.recorded is not None:
        _stderr(f"mllint: recorded {len(outcome.recorded.entries)} finding(s) in the new baseline {baseline}")
    target = sys.stdout if output is None else None
    options = ReportOptions(
        color=_color_choice(color, target) if target is not None else color == "always",
        working_directory=os.getcwd(),
        category=category if category is not None or shard is None else shard.category,
        output_format=text_style,
        statistics=statistics,
        quiet=quiet,
        verbose=verbose,
    )
    buffer = io.StringIO()
    reporter.render(outcome.report, buffer, options)
    write_report(buffer.getvalue(), output)
    if sarif_file is not None:
        also = io.StringIO()
        linter.registry.reporters["sarif"].render(outcome.report, also, options)
        write_report(also.getvalue(), sarif_file)
    if outcome.crashed or (outcome.failed and not exit_zero):
        sys.exit(EXIT_FINDINGS)


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, default severity, summary (JSON: everything `mllint rule` prints)."""
    from .docs import rules_listing

    click.echo(rules_listing(_registry().rules, output_format))


@cli.command("rule")
@click.argument("code_or_name")
def show_rule(code_or_name: str) -> None:
    """Print a rule's documentation, by code (ML101) or name: evidence, options, source, tests."""
    from .docs import rule_text

    rule = _registry().rule(code_or_name)
    if rule is None:
        raise UsageError(f"no rule {code_or_name!r}; `mllint rules` lists them")
    click.echo(rule_text(rule))


cli.add_command(fix)
cli.add_command(diff)
cli.add_command(show)


def _registry() -> Any:
    """Every plugin's rules; a plugin that cannot be loaded is a usage error."""
    from .api import Linter
    from .plugins import PluginError

    try:
        return Linter.create().registry
    except PluginError as error:
        raise UsageError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI, turning every error into one line and an exit code."""
    _main(argv)


def _main(argv: Sequence[str] | None) -> None:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="mllint", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        _stderr(f"mllint: error: {error.format_message()}")
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        _stderr("mllint: aborted")
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(EXIT_FINDINGS)
    except KeyboardInterrupt:
        _stderr("mllint: interrupted")
        sys.exit(130)
    except OSError as error:
        _stderr(f"mllint: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "))
        sys.exit(EXIT_USAGE)
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback
        _stderr(f"mllint: internal error: {type(error).__name__}: {error}")
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_OK)


def _stderr(line: str) -> None:
    try:
        sys.stderr.write(" ".join(line.split()) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _quiet_broken_pipe() -> None:
    """stdout was closed early (``mllint ... | head -1``): exit without noise."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
