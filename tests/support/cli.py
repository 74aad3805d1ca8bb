"""The `conduit` command run as a process, in a directory of its own, and its one-line errors."""

import subprocess
from pathlib import Path

from tests.support.server import CONDUIT, conduit_env

COMMAND_SECONDS = 120  # generous: a loaded 2-core machine, and waits the test asked for


def conduit(directory: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`conduit ARGS` with only the CONDUIT_ variables given (lower-case names, no prefix)."""
    return subprocess.run(
        [str(CONDUIT), *args],
        cwd=directory,  # no stray .env from the repo
        env=conduit_env(**settings),
        capture_output=True,
        text=True,
        timeout=COMMAND_SECONDS,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str], exit_code: int) -> str:
    """The single line a failed command wrote on stderr, after checking there is just one."""
    assert result.returncode == exit_code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("conduit: "), lines
    return lines[0]
