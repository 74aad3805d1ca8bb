"""Generated Python made to look written by hand: `ruff check --fix`, then `ruff format`."""

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from entrypoints.cli.mistakes import Mistake


def tidy(paths: Sequence[Path], root: Path) -> None:
    """Fixes and formats `paths` with the project's ruff settings (pyproject.toml in `root`).

    Raises `Mistake` when ruff is missing or finds what it cannot fix (the files stay)."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        raise Mistake("ruff is not installed: `make install` installs it with the dev extras")
    files = [str(path) for path in paths]
    for step in (["check", "--fix-only"], ["format"], ["check"]):
        result = subprocess.run(
            [ruff, *step, "--quiet", *files], cwd=root, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise Mistake(f"`ruff {step[0]}` fails on the written files: run `ruff {step[0]} .`")
