"""Files generated from the declarations: print them, `--write` them, or `--check` them."""

import argparse
from pathlib import Path

from entrypoints.cli.mistakes import Mistake


def add_output_options(command: argparse.ArgumentParser, path: str) -> None:
    choice = command.add_mutually_exclusive_group()
    choice.add_argument("--write", action="store_true", help=f"write ./{path}")
    choice.add_argument(
        "--check", action="store_true", help=f"fail unless ./{path} is what it would write"
    )


def output(args: argparse.Namespace, command: str, files: dict[str, str], shown: str) -> None:
    """Prints `shown`; or writes each of `files` (path -> text, relative to the working
    directory); or fails naming the first file that differs."""
    if args.write:
        for path, text in files.items():
            Path(path).write_text(text)
            print(f"wrote {path}")
    elif args.check:
        for path, text in files.items():
            if not Path(path).is_file() or Path(path).read_text() != text:
                raise Mistake(f"{path} is stale: run `conduit {command} --write`")
        print(f"up to date: {', '.join(files)}")
    else:
        print(shown, end="")
