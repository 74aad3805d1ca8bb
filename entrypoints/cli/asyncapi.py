"""`conduit asyncapi`: the AsyncAPI document of the events exported to the broker."""

import argparse
import sys
from pathlib import Path

from entrypoints.cli.help import Commands, add_command
from entrypoints.cli.mistakes import Mistake
from entrypoints.settings import Settings

DOCUMENT = Path("docs/asyncapi.json")


def register(commands: Commands) -> None:
    asyncapi = add_command(
        commands,
        "asyncapi",
        summary="print the AsyncAPI document of the events exported to the broker",
        settings=("broker_exchange",),
    )
    what = asyncapi.add_mutually_exclusive_group()
    what.add_argument("--write", action="store_true", help="write it to --path instead")
    what.add_argument(
        "--check", action="store_true", help="fail unless --path holds it as generated now"
    )
    asyncapi.add_argument("--path", type=Path, default=DOCUMENT, help="the committed document")
    asyncapi.set_defaults(run=_asyncapi)


def _asyncapi(args: argparse.Namespace, settings: Settings) -> None:
    from entrypoints.composition.broker import asyncapi_json

    document = asyncapi_json(settings.broker_exchange)
    path: Path = args.path
    if args.write:
        path.write_text(document)
        print(f"wrote {path}")
    elif args.check:
        if not path.is_file() or path.read_text() != document:
            raise Mistake(f"{path} is not the current description: run `conduit asyncapi --write`")
        print(f"{path} is current")
    else:
        sys.stdout.write(document)
