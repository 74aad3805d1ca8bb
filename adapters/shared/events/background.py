"""One task running in the background until stopped: the dispatcher's loop, the listener's."""

import asyncio
from collections.abc import Callable, Coroutine
from contextlib import suppress
from typing import Any


class Background:
    def __init__(self, name: str, run: Callable[[], Coroutine[Any, Any, None]]) -> None:
        self._name = name
        self._run = run
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Starts the task unless it runs already."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self._name)

    async def stop(self, grace_seconds: float = 0.0) -> None:
        """Waits up to `grace_seconds` for the task to end by itself (told some other way),
        then cancels it and waits for it to end."""
        task, self._task = self._task, None
        if task is None:
            return
        if grace_seconds > 0:
            await asyncio.wait({task}, timeout=grace_seconds)
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
