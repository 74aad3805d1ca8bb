"""Tracing from the OTEL_* variables, and the metrics directory `conduit serve` prepares."""

import os
from pathlib import Path

import pytest
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from entrypoints.observability.multiprocess import MULTIPROCESS_DIRECTORY, metrics_directory
from entrypoints.observability.tracing import (
    TracingConfigurationError,
    exporter_names,
    tracer_provider_from_environment,
)

OTEL = (
    "OTEL_SDK_DISABLED",
    "OTEL_TRACES_EXPORTER",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
)


@pytest.fixture(autouse=True)
def no_otel(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*OTEL, MULTIPROCESS_DIRECTORY):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("variables", "exporters"),
    [
        ({}, []),
        ({"OTEL_TRACES_EXPORTER": "none"}, []),
        ({"OTEL_TRACES_EXPORTER": "console"}, ["console"]),
        ({"OTEL_TRACES_EXPORTER": " otlp , console "}, ["otlp", "console"]),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, []),
        ({"OTEL_TRACES_EXPORTER": "console", "OTEL_SDK_DISABLED": "TRUE"}, []),
    ],
)
def test_tracing_is_off_unless_the_variables_ask_for_it(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], exporters: list[str]
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert exporter_names() == exporters
    assert (tracer_provider_from_environment() is None) == (not exporters)


def test_the_service_is_named_conduit_unless_told_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")
    provider = tracer_provider_from_environment()
    assert provider is not None
    assert provider.resource.attributes["service.name"] == "conduit"
    provider.shutdown()

    monkeypatch.setenv("OTEL_SERVICE_NAME", "conduit-eu")
    provider = tracer_provider_from_environment()
    assert provider is not None
    assert provider.resource.attributes["service.name"] == "conduit-eu"
    provider.shutdown()


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("OTEL_TRACES_EXPORTER", "jaeger", "no span exporter named 'jaeger'"),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "grpc is not supported"),
    ],
)
def test_what_cannot_be_done_is_refused_clearly(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, complaint: str
) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")
    monkeypatch.setenv(variable, value)
    with pytest.raises(TracingConfigurationError, match=complaint):
        tracer_provider_from_environment()


def test_console_is_an_exporter_the_sdk_provides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "console")
    provider = tracer_provider_from_environment()
    assert provider is not None
    processors = provider._active_span_processor._span_processors
    assert [type(p.span_exporter) for p in processors] == [ConsoleSpanExporter]  # type: ignore[attr-defined]
    provider.shutdown()


def test_one_worker_keeps_its_metrics_in_memory() -> None:
    with metrics_directory(workers=1, enabled=True) as directory:
        assert directory is None
        assert MULTIPROCESS_DIRECTORY not in os.environ


def test_several_workers_share_a_directory_removed_afterwards() -> None:
    with metrics_directory(workers=2, enabled=True) as directory:
        assert directory is not None
        assert directory.is_dir()
        assert os.environ[MULTIPROCESS_DIRECTORY] == str(directory)
    assert not directory.exists()
    assert MULTIPROCESS_DIRECTORY not in os.environ


def test_a_directory_the_operator_chose_is_emptied_and_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "counter_123.db").write_bytes(b"stale")
    (tmp_path / "notes.txt").write_text("not ours")
    monkeypatch.setenv(MULTIPROCESS_DIRECTORY, str(tmp_path))
    with metrics_directory(workers=1, enabled=True) as directory:
        assert directory == tmp_path
        assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert tmp_path.is_dir()


def test_no_directory_when_metrics_are_off() -> None:
    with metrics_directory(workers=4, enabled=False) as directory:
        assert directory is None
