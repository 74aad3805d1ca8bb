"""Use cases measured and traced per bounded context, as the HTTP layer receives them.

`entrypoints/http/shared/provide.py` hands every use case it obtains through a
`UseCaseObserver` when one is installed: calls, errors and latency by `context` and
`use_case`, and a span named `<context>.<use_case>`. Nothing is wrapped when both are off.
"""

import inspect
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from opentelemetry.trace import Tracer

from entrypoints.observability.metrics import USE_CASE_CALLS, USE_CASE_DURATION, USE_CASE_ERRORS

UseCaseName = tuple[str, str]  # (context, use case), e.g. ("articles", "list_articles")


class UseCaseObserver:
    """`observer(name, use_case)` returns the use case wrapped in what is switched on."""

    def __init__(self, *, metrics: bool, tracer: Tracer | None) -> None:
        self._metrics = metrics
        self._tracer = tracer
        self._wrappers: dict[UseCaseName, Callable[[Any], Any]] = {}

    def __call__(self, name: UseCaseName, use_case: Any) -> Any:
        wrap = self._wrappers.get(name)
        if wrap is None:
            wrap = self._wrappers[name] = self._wrapper(name, use_case)
        return wrap(use_case)

    def _wrapper(self, name: UseCaseName, use_case: Any) -> Callable[[Any], Any]:
        probe = _Probe(name, metrics=self._metrics, tracer=self._tracer)
        if inspect.iscoroutinefunction(type(use_case).__call__):

            def wrap_async(target: Any) -> Any:
                async def observed(*args: Any, **kwargs: Any) -> Any:
                    with _Observation(probe):
                        return await target(*args, **kwargs)

                return observed

            return wrap_async

        def wrap(target: Any) -> Any:
            def observed(*args: Any, **kwargs: Any) -> Any:
                with _Observation(probe):
                    return target(*args, **kwargs)

            return observed

        return wrap


class _Probe:
    """One use case's labelled metrics and span name, looked up once."""

    def __init__(self, name: UseCaseName, *, metrics: bool, tracer: Tracer | None) -> None:
        self.name = name
        self.span_name = ".".join(name)
        self.tracer = tracer
        self.calls = USE_CASE_CALLS.labels(*name) if metrics else None
        self.duration = USE_CASE_DURATION.labels(*name) if metrics else None

    def failed(self, error: BaseException) -> None:
        USE_CASE_ERRORS.labels(*self.name, type(error).__name__).inc()


class _Observation:
    """One call: its span (current while it runs, so SQL spans nest under it) and timing."""

    __slots__ = ("_probe", "_span", "_started")

    def __init__(self, probe: _Probe) -> None:
        self._probe = probe
        self._span: Any = None

    def __enter__(self) -> None:
        if self._probe.tracer is not None:
            self._span = self._probe.tracer.start_as_current_span(self._probe.span_name)
            self._span.__enter__()
        self._started = time.perf_counter()

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        probe = self._probe
        if probe.calls is not None and probe.duration is not None:
            probe.duration.observe(time.perf_counter() - self._started)
            probe.calls.inc()
            if error is not None:
                probe.failed(error)
        if self._span is not None:
            self._span.__exit__(error_type, error, traceback)
