"""/metrics: requests by route template, use cases by context, pools; switched off on demand."""

from httpx import ASGITransport, AsyncClient

from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container, release
from tests.conftest import test_settings as make_settings
from tests.support.api import register
from tests.support.databases import MigratedDatabase
from tests.support.metrics import Samples, samples_of, value


async def scrape(client: AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return samples_of(response.text)


async def test_requests_are_counted_by_route_template_method_and_status(
    client: AsyncClient,
) -> None:
    before = await scrape(client)
    await client.get("/api/articles/first-slug")
    await client.get("/api/articles/second-slug")
    await client.get("/api/articles")
    await client.get("/no/such/path/1")
    await client.get("/no/such/path/2")
    await client.request("BREW", "/api/articles")
    after = await scrape(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "conduit_http_requests_total"
    assert grew(requests, method="GET", route="/api/articles/{slug}", status="404") == 2
    assert grew(requests, method="GET", route="/api/articles", status="200") == 1
    assert grew(requests, method="GET", route="unmatched", status="404") == 2
    assert grew(requests, method="OTHER", route="/api/articles", status="405") == 1
    assert not any("first-slug" in str(key) or "/no/such" in str(key) for key in after)

    duration = "conduit_http_request_duration_seconds_count"
    assert grew(duration, method="GET", route="/api/articles/{slug}") == 2
    bucket = "conduit_http_request_duration_seconds_bucket"
    assert grew(bucket, method="GET", route="/api/articles/{slug}", le="+Inf") == 2
    assert value(after, "conduit_http_requests_in_flight") == 1  # the scrape itself


async def test_use_cases_are_counted_and_timed_per_context(client: AsyncClient) -> None:
    account = await register(client, "metered")
    before = await scrape(client)
    await client.get("/api/articles", headers=account.headers)
    await client.get("/api/articles/missing")
    await client.get("/api/profiles/metered")
    after = await scrape(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    calls = "conduit_use_case_calls_total"
    assert grew(calls, context="articles", use_case="list_articles") == 1
    assert grew(calls, context="articles", use_case="get_article") == 1
    assert grew(calls, context="profiles", use_case="get_profile") == 1
    assert grew(calls, context="identity", use_case="verify_token") == 1
    errors = "conduit_use_case_errors_total"
    assert grew(errors, context="articles", use_case="get_article", error="NotFound") == 1
    assert grew(errors, context="articles", use_case="list_articles", error="NotFound") == 0
    timed = "conduit_use_case_duration_seconds_count"
    assert grew(timed, context="articles", use_case="get_article") == 1


async def test_both_connection_pools_are_reported(client: AsyncClient) -> None:
    await client.get("/api/articles")
    samples = await scrape(client)
    pools = {dict(labels)["pool"] for name, labels in samples if name.startswith("conduit_db_pool")}
    assert pools == {"units_of_work", "reads"}
    assert value(samples, "conduit_db_pool_connections_in_use", pool="reads") == 0
    assert value(samples, "conduit_db_pool_waiting", pool="units_of_work") == 0


async def test_metrics_can_be_switched_off(sqlite_database: MigratedDatabase) -> None:
    settings = make_settings(sqlite_database.url, metrics_enabled=False)
    container = build_container(settings)
    app = create_app(settings, container)
    try:
        async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as http:
            assert (await http.get("/metrics")).status_code == 404
            assert (await http.get("/api/tags")).status_code == 200
        assert app.state.observe_use_case is None  # nothing wraps the use cases
    finally:
        await release(container)
