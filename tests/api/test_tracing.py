"""OpenTelemetry traces: a request's span, its use case's span and its SQL, one tree."""

from collections.abc import AsyncIterator, Sequence

import pytest
from httpx import ASGITransport, AsyncClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container, release
from tests.conftest import test_settings as make_settings
from tests.support.api import register
from tests.support.databases import MigratedDatabase


@pytest.fixture
async def traced(
    clean_database: MigratedDatabase,
) -> AsyncIterator[tuple[AsyncClient, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = make_settings(clean_database.url)
    container = build_container(settings)
    app = create_app(settings, container, tracer_provider=provider)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
            yield http, exporter
    finally:
        await release(container)
        provider.shutdown()


def children(spans: Sequence[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    assert parent.context is not None
    return [s for s in spans if s.parent is not None and s.parent.span_id == parent.context.span_id]


def only(spans: Sequence[ReadableSpan], name: str) -> ReadableSpan:
    named = [s for s in spans if s.name == name]
    assert len(named) == 1, [s.name for s in spans]
    return named[0]


@pytest.mark.parametrize(
    ("method", "path", "use_case"),
    [
        ("GET", "/api/articles", "articles.list_articles"),  # the read pool
        ("GET", "/api/profiles/{username}", "profiles.get_profile"),
        ("PUT", "/api/user", "identity.update_user"),  # a unit of work
    ],
)
async def test_a_request_is_one_trace_of_request_use_case_and_sql(
    traced: tuple[AsyncClient, InMemorySpanExporter], method: str, path: str, use_case: str
) -> None:
    http, exporter = traced
    account = await register(http, "tracy")
    exporter.clear()

    url = path.replace("{username}", "tracy")
    body = {"user": {"bio": "traced"}} if method == "PUT" else None
    response = await http.request(method, url, json=body, headers=account.headers)
    assert response.status_code == 200, response.text

    spans = exporter.get_finished_spans()
    request = only(spans, f"{method} {path}")
    assert request.kind == SpanKind.SERVER
    assert request.parent is None
    [use_case_span] = [s for s in children(spans, request) if s.name == use_case]
    statements = children(spans, use_case_span)
    assert statements, [s.name for s in spans]
    assert all(s.kind == SpanKind.CLIENT for s in statements)
    assert all(s.attributes and "db.query.text" in s.attributes for s in statements) or all(
        s.attributes and "db.statement" in s.attributes for s in statements
    )
    assert {s.context.trace_id for s in spans if s.context} == {request.context.trace_id}


async def test_probes_are_not_traced(
    traced: tuple[AsyncClient, InMemorySpanExporter],
) -> None:
    http, exporter = traced
    assert (await http.get("/health/ready")).status_code == 200
    assert (await http.get("/metrics")).status_code == 200
    assert exporter.get_finished_spans() == ()
