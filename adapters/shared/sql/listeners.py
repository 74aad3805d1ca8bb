"""Who wants to hear each statement a read database sends (query budgets, tests)."""

from collections.abc import Callable

Listener = Callable[[str], None]


class StatementListeners:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def listen(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def sent(self, sql: str) -> None:
        for listener in self._listeners:
            listener(sql)
