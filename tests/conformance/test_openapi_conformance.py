"""The served OpenAPI document holds: schemathesis finds no 5xx and no answer it does not describe.

Schemathesis generates requests for every documented operation (fixed seed, bounded examples) and
sends them in-process to the ASGI app, authenticated as a real user. Each operation runs on a
freshly seeded database in which path parameters sometimes name resources that exist (the caller's
article and comment, another user's article and comment, both users) and login bodies sometimes
carry the real credentials, so success and 403 answers are checked as well as 401/404/422 ones.

Checks: every check schemathesis runs by default, among them not_a_server_error,
status_code_conformance, content_type_conformance, response_schema_conformance,
response_headers_conformance, negative_data_rejection, positive_data_acceptance, ignored_auth,
missing_required_header, unsupported_method and allow_header_conformance. Two adjustments:

- negative_data_rejection also counts 413 as a rejection: an oversized invalid body is refused
  with `413 {"errors": {"body": ["is too large"]}}` before anything reads it.
- positive_data_acceptance is off for POST /api/profiles/{username}/follow only: following
  yourself is refused with the documented 422 (a contract rule that no schema can express), and
  the generator names the caller half of the time.
"""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
import requests
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from requests.structures import CaseInsensitiveDict
from schemathesis import AuthContext
from schemathesis.python import asgi
from starlette.types import Receive, Scope, Send

from entrypoints.composition.app import create_app
from entrypoints.composition.container import build_container
from tests.conftest import test_settings as make_settings
from tests.support.databases import MigratedDatabase

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase

SEED = 20240611
MAX_EXAMPLES = 25  # per operation, for the fuzzing phase; the coverage phase adds its own cases
PASSWORD = "correct horse battery"
MY_NAME, OTHER_NAME = "conformance", "other"

# Stand-ins the generator picks for a path parameter half of the time; `World.prepare` swaps each
# for the live resource it names just before the request goes out.
MY_ARTICLE, THEIR_ARTICLE = "known-article-mine", "known-article-theirs"
MY_COMMENT, THEIR_COMMENT = 900_000_001, 900_000_002
ME, OTHER = "known-user-me", "known-user-other"
STAND_INS: frozenset[object] = frozenset(
    {MY_ARTICLE, THEIR_ARTICLE, MY_COMMENT, THEIR_COMMENT, ME, OTHER}
)
# Schemathesis' default answers that refuse invalid input (5xx: not_a_server_error reports those),
# plus 413 Content Too Large.
REJECTIONS = [
    *["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx"],
    "413",
]
# The token the coverage phase's cases carry: schemathesis builds them at collection time.
PENDING_TOKEN = "pending"


def served_document() -> dict[str, Any]:
    """What the app serves at /api/openapi.json (a test below checks it against the served one)."""
    settings = make_settings("sqlite+aiosqlite:///:memory:")  # never connected: no request is made
    document: dict[str, Any] = create_app(settings, build_container(settings)).openapi()
    return document


DOCUMENT = served_document()

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
        # Both adjustments are explained in the module docstring.
        "checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}},
        "operations": [
            {
                "include-method": "POST",
                "include-path": "/api/profiles/{username}/follow",
                "checks": {"positive_data_acceptance": {"enabled": False}},
            }
        ],
        "dictionaries": {
            "articles": {"values": [MY_ARTICLE, THEIR_ARTICLE]},
            "comments": {"values": [MY_COMMENT, THEIR_COMMENT]},
            "users": {"values": [ME, OTHER]},
            "emails": {"values": [f"{MY_NAME}@example.com"]},
            "passwords": {"values": [PASSWORD]},
        },
        "parameters": {
            "path.slug": {"dictionary": "articles", "probability": 0.5},
            "path.id": {"dictionary": "comments", "probability": 0.5},
            "path.username": {"dictionary": "users", "probability": 0.5},
            # Login succeeds now and then; register and PUT /user meet a taken email.
            "body.user.email": {"dictionary": "emails", "probability": 0.5},
            "body.user.password": {"dictionary": "passwords", "probability": 0.5},
        },
    }
)

schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)


class Target:
    """What the running test works against: its app and the data seeded into it."""

    app: FastAPI | None = None
    world: "World | None" = None


async def conduit(scope: Scope, receive: Receive, send: Send) -> None:
    """The app of the running test. Schemathesis binds one app to a schema, at import time."""
    assert Target.app is not None, "only the `served` fixture sends requests"
    await Target.app(scope, receive, send)


# In-process: each generated request, and each probe a check sends on its own, reaches the app.
schema.app = conduit


@dataclass
class World:
    """The seeded data, tracked across the examples of one operation as they change it."""

    http: asgi.ASGIClient
    token: str = ""
    live: dict[object, object] = field(default_factory=dict)

    def call(self, method: str, path: str, token: str = "", **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Token {token}"} if token else {}
        return self.http.request(method, path, headers=headers, **kwargs)

    def register(self, username: str) -> str:
        user = {"username": username, "email": f"{username}@example.com", "password": PASSWORD}
        response = self.call("POST", "/api/users", json={"user": user})
        assert response.status_code == 201, response.text
        token: str = response.json()["user"]["token"]
        return token

    def publish(self, token: str, title: str) -> str:
        article = {"title": title, "description": "d", "body": "b", "tagList": ["dragons"]}
        response = self.call("POST", "/api/articles", token, json={"article": article})
        assert response.status_code == 201, response.text
        slug: str = response.json()["article"]["slug"]
        return slug

    def comment(self, token: str, slug: object) -> int:
        response = self.call(
            "POST", f"/api/articles/{slug}/comments", token, json={"comment": {"body": "nice"}}
        )
        assert response.status_code == 201, response.text
        comment_id: int = response.json()["comment"]["id"]
        return comment_id

    def seed(self) -> None:
        self.token = self.register(MY_NAME)
        other = self.register(OTHER_NAME)
        self.live[ME], self.live[OTHER] = MY_NAME, OTHER_NAME
        self.live[THEIR_ARTICLE] = self.publish(other, "Theirs")
        self.live[THEIR_COMMENT] = self.comment(other, self.live[THEIR_ARTICLE])
        # Ours sits on their article, which we cannot delete: only deleting it removes it.
        self.live[MY_COMMENT] = self.comment(self.token, self.live[THEIR_ARTICLE])
        self.live[MY_ARTICLE] = self.publish(self.token, "Mine")
        # The feed and the `favorited` filter have something to show.
        followed = self.call("POST", f"/api/profiles/{OTHER_NAME}/follow", self.token)
        assert followed.status_code == 200, followed.text
        slug = self.live[THEIR_ARTICLE]
        favorited = self.call("POST", f"/api/articles/{slug}/favorite", self.token)
        assert favorited.status_code == 200, favorited.text

    def resolve(self, stand_in: object) -> object:
        """The live value behind `stand_in`, recreating what an earlier example deleted."""
        if self.live[stand_in] is None:
            if stand_in == MY_ARTICLE:
                self.live[MY_ARTICLE] = self.publish(self.token, "Mine")
            elif stand_in == MY_COMMENT:
                self.live[MY_COMMENT] = self.comment(self.token, self.live[THEIR_ARTICLE])
        return self.live[stand_in]

    def prepare(self, case: "OpenApiCase") -> dict[str, object]:
        """Put live values in the case; returns the stand-ins it used, by parameter."""
        headers = case.headers
        if headers.get("Authorization") == f"Token {PENDING_TOKEN}":
            headers["Authorization"] = f"Token {self.token}"
        used: dict[str, object] = {}
        parameters = case.path_parameters
        if isinstance(parameters, dict):
            for name, value in list(parameters.items()):
                if isinstance(value, (str, int)) and value in STAND_INS:
                    used[name] = value
                    parameters[name] = self.resolve(value)
        return used

    def observe(
        self, case: "OpenApiCase", used: dict[str, object], response: schemathesis.Response
    ) -> None:
        """Follow what a successful request changed about the seeded data."""
        if not 200 <= response.status_code < 300:
            return
        operation = (case.method.upper(), case.path)
        if operation == ("PUT", "/api/user"):
            user = response.json()["user"]
            self.token, self.live[ME] = user["token"], user["username"]
        elif operation == ("PUT", "/api/articles/{slug}") and used.get("slug") == MY_ARTICLE:
            self.live[MY_ARTICLE] = response.json()["article"]["slug"]  # a new title, a new slug
        elif operation == ("DELETE", "/api/articles/{slug}") and used.get("slug") == MY_ARTICLE:
            self.live[MY_ARTICLE] = None
        elif (
            operation == ("DELETE", "/api/articles/{slug}/comments/{id}")
            and used.get("id") == MY_COMMENT
        ):
            self.live[MY_COMMENT] = None


@schema.auth(refresh_interval=None, retry_on=[])
class CallerToken:
    """`Authorization: Token <jwt>` of the seeded user on every generated request."""

    def get(self, case: "OpenApiCase", context: AuthContext) -> str:
        world = Target.world
        return world.token if world is not None else PENDING_TOKEN

    def set(self, case: "OpenApiCase", data: str, context: AuthContext) -> None:
        # A new mapping, as before: a case may share its headers with the case it was copied from.
        headers: CaseInsensitiveDict[Any] = CaseInsensitiveDict(case.headers)
        headers["Authorization"] = f"Token {data}"
        case.headers = headers


@pytest.fixture
async def empty_database(database: MigratedDatabase) -> AsyncIterator[MigratedDatabase]:
    await database.clean()
    yield database
    await database.clean()


@pytest.fixture
def served(empty_database: MigratedDatabase) -> Iterator[asgi.ASGIClient]:
    """A client of the app on the database, in schemathesis' ASGI event loop thread.

    One app per test: schemathesis ends the lifespan of every ASGI app (which disposes the app's
    engine and hasher) when a test ends.
    """
    settings = make_settings(empty_database.url)
    Target.app = create_app(settings, build_container(settings))
    try:
        # Schemathesis types ASGI messages as dict, Starlette as MutableMapping: same messages.
        with asgi.get_client(conduit) as http:  # type: ignore[arg-type]  # starts the lifespan
            yield http
    finally:
        asgi.shutdown_lifespans()
        Target.app = None


@pytest.fixture
def world(served: asgi.ASGIClient) -> Iterator[World]:
    world = World(served)
    world.seed()
    Target.world = world
    yield world
    Target.world = None


def test_the_tested_document_is_the_served_one(served: asgi.ASGIClient) -> None:
    response = served.get("/api/openapi.json")

    assert response.status_code == 200, response.text
    assert response.json() == DOCUMENT


@schema.parametrize()
# One world per operation on purpose: its examples share it, and `World` follows their changes.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_conforms_to_its_openapi_document(case: "OpenApiCase", world: World) -> None:
    used = world.prepare(case)
    response = case.call_and_validate()
    world.observe(case, used, response)
