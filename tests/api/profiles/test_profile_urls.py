"""Every username the API accepts has a reachable profile URL; the others are refused."""

from urllib.parse import quote

import pytest
from httpx import AsyncClient

from tests.support.api import PASSWORD, errors_of, register

DOT_SEGMENTS = [".", ".."]
# What URLs, their parsers, normalisers and the databases might trip on.
CANDIDATES = [
    *DOT_SEGMENTS,
    *[" . ", "...", ".jake", "jake.", "..jake", "j..ake", "-", "_", "--", "-.-"],
    *["a/b", "a\\b", "a?b", "a#b", "a%b", "a%2Fb", "%2E", "%2E%2E", "a;b", "a&b", "a=b", "a+b"],
    *["a@b", "a:b", "~a", "a|b", "{a}", "a*b", "a'b", 'a"b', "a<b>", "a b", "a,b", "a!b"],
    *[" ann", "bob ", "\tcid\n", "ja\tke", "ja\x00ke", "ja\x7fke", "ja\u200bke", "ja\u00a0ke"],
    *["Jürgen", "e\u0301", "İstanbul", "straße", "日本語", "٣٤", "x²", "Ⅻ", "ﬁ", "Ωmega"],
    *["api", "profiles", "follow", "0", "00", "null", "x" * 64, "x" * 65],
]


@pytest.mark.parametrize("username", DOT_SEGMENTS)
async def test_dot_segment_usernames_are_refused_at_registration(
    client: AsyncClient, username: str
) -> None:
    response = await client.post(
        "/api/users", json={"user": {"username": username, "email": "a@b.c", "password": PASSWORD}}
    )

    assert response.status_code == 422
    assert errors_of(response) == {"username": ["can't be '.' or '..'"]}


@pytest.mark.parametrize("username", DOT_SEGMENTS)
async def test_dot_segment_usernames_are_refused_on_update(
    client: AsyncClient, username: str
) -> None:
    jake = await register(client, "jake")

    response = await client.put(
        "/api/user", json={"user": {"username": username}}, headers=jake.headers
    )

    assert response.status_code == 422
    assert errors_of(response) == {"username": ["can't be '.' or '..'"]}
    me = await client.get("/api/user", headers=jake.headers)
    assert me.json()["user"]["username"] == "jake"


async def test_every_accepted_username_has_a_profile_url_that_answers(
    client: AsyncClient,
) -> None:
    accepted = []
    for number, candidate in enumerate(CANDIDATES):
        response = await client.post(
            "/api/users",
            json={
                "user": {"username": candidate, "email": f"u{number}@x.io", "password": PASSWORD}
            },
        )
        assert response.status_code in (201, 422), (candidate, response.text)
        if response.status_code == 422:
            assert list(errors_of(response)) == ["username"], candidate
            continue
        accepted.append(response.json()["user"]["username"])

    assert len(accepted) > len(CANDIDATES) // 3  # the table exercises both outcomes
    for username in accepted:
        # As a client builds it: the name as one path segment, percent-encoded.
        response = await client.get(f"/api/profiles/{quote(username, safe='')}")

        assert response.status_code == 200, (username, response.text)
        assert response.json()["profile"]["username"] == username
