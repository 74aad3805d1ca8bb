"""`conduit contracts`: .importlinter as the contexts' declarations make it (docs/adr/0011)."""

import argparse

from entrypoints.cli.generated import add_output_options, output
from entrypoints.cli.help import Commands, add_command
from entrypoints.settings import Settings

PATH = ".importlinter"


def register(commands: Commands) -> None:
    contracts = add_command(
        commands, "contracts", summary="print the import contracts the declarations make"
    )
    add_output_options(contracts, PATH)
    contracts.set_defaults(run=_contracts)


def _contracts(args: argparse.Namespace, _settings: Settings) -> None:
    from entrypoints.composition.import_contracts import render_contracts

    text = render_contracts()
    output(args, "contracts", {PATH: text}, text)
