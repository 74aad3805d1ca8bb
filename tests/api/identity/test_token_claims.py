"""Validly signed tokens with odd claims: each one is 401 `token: is invalid`, never a 500."""

import json
import time
from typing import Any

import jwt
import pytest
from httpx import AsyncClient

from tests.conftest import TEST_SECRET
from tests.support.api import errors_of, register

MISSING = object()  # the claim is left out
HOUR = 3600


def _claims(user_id: str, /, **odd: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {"sub": user_id, "iat": now, "exp": now + HOUR}
    for name, value in odd.items():
        if value is MISSING:
            del claims[name]
        else:
            claims[name] = value
    return claims


def _signed(payload: bytes) -> str:
    """A JWS over any bytes at all, signed with the app's own secret."""
    return jwt.api_jws.encode(payload, TEST_SECRET, algorithm="HS256")


# Each case builds a payload for the id of a user who exists: only the oddity is wrong.
ODD_CLAIMS: dict[str, dict[str, Any]] = {
    # exp
    "exp-1e20": {"exp": 1e20},
    "exp-year-10000": {"exp": 253402300800},
    "exp-tomorrow": {"exp": "tomorrow"},
    "exp-digits-as-text": {"exp": str(int(time.time()) + HOUR)},
    "exp-negative": {"exp": -1},
    "exp-very-negative": {"exp": -1e20},
    "exp-zero": {"exp": 0},
    "exp-nan": {"exp": float("nan")},
    "exp-infinity": {"exp": float("inf")},
    "exp-minus-infinity": {"exp": float("-inf")},
    "exp-2**63": {"exp": 2**63},
    "exp-10**30": {"exp": 10**30},
    "exp-1e308": {"exp": 1e308},
    "exp-true": {"exp": True},
    "exp-list": {"exp": [int(time.time()) + HOUR]},
    "exp-object": {"exp": {"at": int(time.time()) + HOUR}},
    "exp-null": {"exp": None},
    "exp-missing": {"exp": MISSING},
    # iat
    "iat-1e20": {"iat": 1e20},
    "iat-10**30": {"iat": 10**30},
    "iat-very-negative": {"iat": -1e20},
    "iat-tomorrow": {"iat": "tomorrow"},
    "iat-digits-as-text": {"iat": str(int(time.time()))},
    "iat-nan": {"iat": float("nan")},
    "iat-infinity": {"iat": float("inf")},
    "iat-in-a-day": {"iat": int(time.time()) + 24 * HOUR},
    "iat-true": {"iat": True},
    "iat-list": {"iat": [1]},
    "iat-null": {"iat": None},
    "iat-missing": {"iat": MISSING},
    # sub
    "sub-number": {"sub": 1},
    "sub-float": {"sub": 1.0},
    "sub-leading-zero": {"sub": "0{id}"},
    "sub-leading-space": {"sub": " {id}"},
    "sub-plus": {"sub": "+{id}"},
    "sub-underscore": {"sub": "{id}_0"},
    "sub-exponent": {"sub": "{id}e0"},
    "sub-zero": {"sub": "0"},
    "sub-negative": {"sub": "-1"},
    "sub-int32-overflow": {"sub": "2147483648"},
    "sub-20-digits": {"sub": "9" * 20},
    "sub-5000-digits": {"sub": "9" * 5000},
    "sub-empty": {"sub": ""},
    "sub-null": {"sub": None},
    "sub-list": {"sub": ["{id}"]},
    "sub-object": {"sub": {"id": "{id}"}},
    "sub-missing": {"sub": MISSING},
    # other claims
    "nbf-in-a-day": {"nbf": int(time.time()) + 24 * HOUR},
    "nbf-tomorrow": {"nbf": "tomorrow"},
}
RAW_PAYLOADS = {
    "payload-a-list": b'["sub", "iat", "exp"]',
    "payload-a-string": b'"{id}"',
    "payload-a-number": b"1e999",
    "payload-not-json": b"{sub: {id}}",
    "payload-not-utf8": b'{"sub": "\xff"}',
    "payload-empty": b"",
}


def _with_id(value: object, user_id: str) -> object:
    if isinstance(value, str):
        return value.replace("{id}", user_id)
    if isinstance(value, list):
        return [_with_id(item, user_id) for item in value]
    if isinstance(value, dict):
        return {key: _with_id(item, user_id) for key, item in value.items()}
    return value


def _odd_token(case: str, user_id: str) -> str:
    if case in RAW_PAYLOADS:
        return _signed(RAW_PAYLOADS[case].replace(b"{id}", user_id.encode()))
    odd = {name: _with_id(value, user_id) for name, value in ODD_CLAIMS[case].items()}
    # json.dumps writes NaN and Infinity as JavaScript does; PyJWT reads them back.
    return _signed(json.dumps(_claims(user_id, **odd)).encode())


@pytest.mark.parametrize("case", [*ODD_CLAIMS, *RAW_PAYLOADS])
async def test_an_odd_claim_is_401_invalid_on_required_and_optional_routes(
    client: AsyncClient, case: str
) -> None:
    jake = await register(client, "jake")
    user_id = jwt.decode(jake.token, options={"verify_signature": False})["sub"]
    headers = {"Authorization": f"Token {_odd_token(case, user_id)}"}

    for path in ("/api/user", "/api/articles", "/api/articles/feed"):
        response = await client.get(path, headers=headers)

        assert response.status_code == 401, (path, response.text)
        assert errors_of(response) == {"token": ["is invalid"]}


@pytest.mark.parametrize("claims", [{}, {"exp": time.time() + HOUR, "iat": time.time()}])
async def test_the_same_builder_makes_a_token_that_works(
    client: AsyncClient, claims: dict[str, object]
) -> None:
    """The cases above fail for their oddity alone: without one, the token is accepted."""
    jake = await register(client, "jake")
    user_id = jwt.decode(jake.token, options={"verify_signature": False})["sub"]
    token = _signed(json.dumps(_claims(user_id, **claims)).encode())

    response = await client.get("/api/user", headers={"Authorization": f"Token {token}"})

    assert response.status_code == 200
    assert response.json()["user"]["username"] == "jake"
