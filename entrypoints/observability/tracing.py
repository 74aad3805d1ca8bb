"""OpenTelemetry tracing, configured by the standard OTEL_* variables and off unless asked.

On when OTEL_TRACES_EXPORTER names an exporter (`otlp`, `console`, ...) or an OTLP endpoint
is set, and OTEL_SDK_DISABLED is not `true`. The SDK reads the rest itself: OTEL_SERVICE_NAME
and OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_EXPORTER_OTLP_*, OTEL_BSP_*.
"""

import os
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from fastapi.telemetry import TelemetryConfig

if TYPE_CHECKING:  # the SDK loads only when tracing is on
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

DEFAULT_SERVICE_NAME = "conduit"
# The OTLP exporter installed is HTTP/protobuf (no gRPC stack to ship).
EXPORTER_ALIASES = {"otlp": "otlp_proto_http"}
OTLP_ENDPOINTS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
# Probes and scrapes come every few seconds and say nothing about the service's work.
UNTRACED_PATHS = ("/health/", "/metrics")


class TracingConfigurationError(ValueError):
    """An OTEL_* variable names something this installation cannot do."""


def exporter_names() -> list[str]:
    """The span exporters the environment asks for; empty when tracing stays off."""
    environ = os.environ
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return []
    listed = environ.get("OTEL_TRACES_EXPORTER")
    if listed is None:
        return ["otlp"] if any(environ.get(name) for name in OTLP_ENDPOINTS) else []
    return [name for name in (n.strip() for n in listed.split(",")) if name and name != "none"]


def tracer_provider_from_environment() -> "TracerProvider | None":
    names = exporter_names()
    if not names:
        return None
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    protocol = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or os.environ.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    if protocol != "http/protobuf" and "otlp" in names:
        raise TracingConfigurationError(
            f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol} is not supported: use http/protobuf"
        )
    resource = Resource.create()
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: DEFAULT_SERVICE_NAME}))
    provider = TracerProvider(resource=resource)
    for name in names:
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    return provider


def _exporter(name: str) -> "SpanExporter":
    wanted = EXPORTER_ALIASES.get(name, name)
    for point in entry_points(group="opentelemetry_traces_exporter", name=wanted):
        exporter: SpanExporter = point.load()()
        return exporter
    raise TracingConfigurationError(f"OTEL_TRACES_EXPORTER: no span exporter named {name!r}")


def request_telemetry(provider: "TracerProvider | None") -> TelemetryConfig:
    """FastAPI's own request spans (named by route template) on `provider`, or nothing.

    Its HTTP metrics and logs stay off: Prometheus and our logging cover those.
    """
    if provider is None:  # off, even if some library set a global provider
        return {"tracing": False, "metrics": False, "logs": False}
    return {
        "tracer_provider": provider,
        "metrics": False,
        "logs": False,
        "operation_spans": False,  # dependency and serialization spans: noise here
        "exclude": lambda scope: str(scope.get("path", "")).startswith(UNTRACED_PATHS),
    }
