"""`conduit contexts`: the context map, printed or written to docs/contexts.md and README.md."""

import argparse
from pathlib import Path

from entrypoints.cli.generated import add_output_options, output
from entrypoints.cli.help import Commands, add_command
from entrypoints.cli.mistakes import Mistake
from entrypoints.settings import Settings

MAP, README = "docs/contexts.md", "README.md"


def register(commands: Commands) -> None:
    contexts = add_command(
        commands,
        "contexts",
        summary="print the context map: each context's use cases, ports, published "
        "interface, events, tables and routes",
    )
    add_output_options(contexts, f"{MAP} and ./{README}'s context table")
    contexts.set_defaults(run=_contexts)


def _contexts(args: argparse.Namespace, _settings: Settings) -> None:
    from entrypoints.composition.context_docs import (
        render_markdown,
        render_text,
        with_readme_table,
    )
    from entrypoints.composition.context_map import context_cards

    cards = context_cards()
    files = {MAP: render_markdown(cards)}
    if args.write or args.check:
        try:
            files[README] = with_readme_table(Path(README).read_text(), cards)
        except (OSError, ValueError) as error:
            raise Mistake(f"{README}: {error}") from error
    output(args, "contexts", files, render_text(cards))
