"""Real concurrent requests against a real server: no lost update, no 500, nothing orphaned."""

import asyncio
import random
from collections import Counter
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import text

from adapters.shared.sql.engine import create_engine
from tests.support.api import PASSWORD, Account
from tests.support.databases import drop_postgres_database, fresh_database
from tests.support.server import Server, running_server

pytestmark = pytest.mark.slow

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, str]]:
    directory = tmp_path_factory.mktemp(f"races-{request.param}")
    url = asyncio.run(fresh_database(request.param, directory, "races"))
    try:
        with running_server(directory, url, database_pool_size="20") as server:
            yield server, url
    finally:
        if request.param == "postgres":
            asyncio.run(drop_postgres_database(url))


@pytest.fixture
async def http(served: tuple[Server, str]) -> AsyncIterator[httpx.AsyncClient]:
    # Idle connections are dropped well before the server's 5 s keep-alive timeout: on a
    # loaded machine a connection could sit idle that long, and reusing it as the server
    # closes it is a client-side race (httpx.ReadError), not what these tests look for.
    limits = httpx.Limits(max_connections=100, keepalive_expiry=1.0)
    async with httpx.AsyncClient(base_url=served[0].base_url, timeout=60, limits=limits) as client:
        yield client


async def scalar(url: str, sql: str, **params: object) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int((await connection.execute(text(sql), params)).scalar_one())
    finally:
        await engine.dispose()


async def register(http: httpx.AsyncClient, name: str) -> Account:
    response = await http.post(
        "/api/users",
        json={"user": {"username": name, "email": f"{name}@example.com", "password": PASSWORD}},
    )
    assert response.status_code == 201, response.text
    return Account(name, f"{name}@example.com", response.json()["user"]["token"])


async def create_article(http: httpx.AsyncClient, author: Account, title: str) -> httpx.Response:
    return await http.post(
        "/api/articles",
        headers=author.headers,
        json={"article": {"title": title, "description": "d", "body": "b", "tagList": ["race"]}},
    )


async def test_favorites_count_stays_true_under_concurrent_toggling(
    http: httpx.AsyncClient, served: tuple[Server, str]
) -> None:
    fans = await asyncio.gather(*(register(http, f"fan{i}") for i in range(50)))
    author = await register(http, "favorite-author")
    slug = (await create_article(http, author, "Popular")).json()["article"]["slug"]
    rng = random.Random(7)
    plans = {fan.username: [rng.choice(["POST", "DELETE"]) for _ in range(4)] for fan in fans}

    async def toggle(fan: Account) -> list[int]:
        statuses = []
        for method in plans[fan.username]:
            response = await http.request(
                method, f"/api/articles/{slug}/favorite", headers=fan.headers
            )
            statuses.append(response.status_code)
        return statuses

    statuses = await asyncio.gather(*(toggle(fan) for fan in fans))

    assert {s for run in statuses for s in run} == {200}
    expected = sum(plan[-1] == "POST" for plan in plans.values())
    article = (await http.get(f"/api/articles/{slug}")).json()["article"]
    stored = await scalar(
        served[1],
        "SELECT count(*) FROM favorites f JOIN articles a ON a.id = f.article_id WHERE a.slug = :s",
        s=slug,
    )
    assert article["favoritesCount"] == expected == stored


async def test_articles_created_at_once_with_one_title_all_get_distinct_slugs(
    http: httpx.AsyncClient,
) -> None:
    author = await register(http, "prolific")

    responses = await asyncio.gather(
        *(create_article(http, author, "Same Title") for _ in range(10))
    )

    assert [r.status_code for r in responses] == [201] * 10, [r.text for r in responses]
    slugs = {r.json()["article"]["slug"] for r in responses}
    assert len(slugs) == 10
    assert "same-title" in slugs


@pytest.mark.parametrize("clash", ["username", "email"])
async def test_registrations_racing_for_one_name_give_one_201_and_409s(
    http: httpx.AsyncClient, clash: str
) -> None:
    def user(i: int) -> dict[str, str]:
        return {
            "username": f"racer-{clash}" if clash == "username" else f"racer-{clash}-{i}",
            "email": f"racer-{clash}@example.com" if clash == "email" else f"r{i}-{clash}@x.io",
            "password": PASSWORD,
        }

    responses = await asyncio.gather(
        *(http.post("/api/users", json={"user": user(i)}) for i in range(10))
    )

    assert Counter(r.status_code for r in responses) == {201: 1, 409: 9}, [
        r.text for r in responses
    ]
    conflicts = [r.json() for r in responses if r.status_code == 409]
    assert all(body == {"errors": {clash: ["has already been taken"]}} for body in conflicts)


async def test_comments_racing_an_article_deletion_leave_no_orphans(
    http: httpx.AsyncClient, served: tuple[Server, str]
) -> None:
    author = await register(http, "deleter")
    readers = await asyncio.gather(*(register(http, f"commenter{i}") for i in range(10)))
    slug = (await create_article(http, author, "Doomed")).json()["article"]["slug"]

    async def comment(reader: Account) -> int:
        response = await http.post(
            f"/api/articles/{slug}/comments",
            headers=reader.headers,
            json={"comment": {"body": "hi"}},
        )
        return response.status_code

    async def delete() -> int:
        await asyncio.sleep(0.005)
        return (await http.delete(f"/api/articles/{slug}", headers=author.headers)).status_code

    *comment_statuses, delete_status = await asyncio.gather(
        *(comment(r) for r in readers), delete()
    )

    assert delete_status == 204
    assert set(comment_statuses) <= {201, 404}
    orphans = await scalar(
        served[1],
        "SELECT count(*) FROM comments c WHERE NOT EXISTS "
        "(SELECT 1 FROM articles a WHERE a.id = c.article_id)",
    )
    assert orphans == 0


async def test_concurrent_edits_of_one_article_never_fail_and_never_mix(
    http: httpx.AsyncClient,
) -> None:
    author = await register(http, "editor")
    slug = (await create_article(http, author, "Draft")).json()["article"]["slug"]

    async def edit(i: int) -> httpx.Response:
        return await http.put(
            f"/api/articles/{slug}",
            headers=author.headers,
            json={"article": {"description": f"description {i}", "body": f"body {i}"}},
        )

    responses = await asyncio.gather(*(edit(i) for i in range(10)))

    assert [r.status_code for r in responses] == [200] * 10
    final = (await http.get(f"/api/articles/{slug}")).json()["article"]
    assert final["description"].split()[-1] == final["body"].split()[-1]  # one edit won whole


async def test_one_user_favoriting_and_following_at_once_notifies_once(
    http: httpx.AsyncClient,
) -> None:
    author, fan = await register(http, "told-once"), await register(http, "eager-fan")
    slug = (await create_article(http, author, "Favorited at once")).json()["article"]["slug"]
    headers = fan.headers

    answers = await asyncio.gather(
        *(http.post(f"/api/articles/{slug}/favorite", headers=headers) for _ in range(10)),
        *(http.post("/api/profiles/told-once/follow", headers=headers) for _ in range(10)),
    )
    assert {a.status_code for a in answers} == {200}

    kinds: Counter[str] = Counter()
    for _ in range(150):  # up to 3 s
        body = (await http.get("/api/notifications", headers=author.headers)).json()
        kinds = Counter(n["kind"] for n in body["notifications"])
        if sum(kinds.values()) >= 2:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.5)  # any duplicate would have been delivered by now
    body = (await http.get("/api/notifications", headers=author.headers)).json()
    assert Counter(n["kind"] for n in body["notifications"]) == {
        "articleFavorited": 1,
        "userFollowed": 1,
    }


def test_server_logged_no_errors(served: tuple[Server, str]) -> None:
    logs = served[0].logs()

    assert "Traceback" not in logs, logs
    assert "ERROR" not in logs, logs
