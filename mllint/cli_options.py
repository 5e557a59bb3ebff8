"""What the ``mllint`` commands share: the one-line usage error and the configuration options."""

from __future__ import annotations

from typing import Callable, TypeVar

import click

Command = TypeVar("Command", bound=Callable[..., object])


class UsageError(click.UsageError):
    """A one-line usage error."""


def configuration_options(models: str) -> Callable[[Command], Command]:
    """``--config FILE`` and ``--isolated``, as every command that reads configuration takes them.

    ``models`` says what one ``--config`` file applies to in the help text ("every model").
    """

    def add(command: Command) -> Command:
        command = click.option("--isolated", is_flag=True, help="Read no configuration file.")(command)
        return click.option(
            "--config",
            "config_file",
            type=click.Path(dir_okay=False, path_type=str),
            help=f"Use this mllint.toml or pyproject.toml for {models} instead of the one found next to each.",
        )(command)

    return add
