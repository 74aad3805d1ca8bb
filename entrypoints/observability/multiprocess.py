"""The directory where worker processes write their metrics, prepared by `conduit serve`.

prometheus-client reads PROMETHEUS_MULTIPROC_DIR when it is first imported, so this module
must not import it: the directory is set here, in the parent, before any worker starts.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MULTIPROCESS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"


@contextmanager
def metrics_directory(*, workers: int, enabled: bool) -> Iterator[Path | None]:
    """With several workers, a fresh directory for the serve's life, removed afterwards.

    A directory the operator set is used instead, emptied of the previous run's samples
    (stale counters would add up with the new ones) and kept.
    """
    given = os.environ.get(MULTIPROCESS_DIRECTORY)
    if not enabled or (workers <= 1 and not given):
        yield None  # one process: its own registry in memory
        return
    if given:
        directory = Path(given)
        directory.mkdir(parents=True, exist_ok=True)
        for samples in directory.glob("*.db"):
            samples.unlink()
        yield directory
        return
    directory = Path(tempfile.mkdtemp(prefix="conduit-metrics-"))
    os.environ[MULTIPROCESS_DIRECTORY] = str(directory)
    try:
        yield directory
    finally:
        del os.environ[MULTIPROCESS_DIRECTORY]
        shutil.rmtree(directory, ignore_errors=True)
