"""Small helpers that drive the API the way a client would."""

from dataclasses import dataclass
from typing import Any

from httpx import AsyncClient, Response

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Account:
    username: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}


async def register(client: AsyncClient, username: str, password: str = PASSWORD) -> Account:
    response = await client.post(
        "/api/users",
        json={
            "user": {"username": username, "email": f"{username}@example.com", "password": password}
        },
    )
    assert response.status_code == 201, response.text
    user = response.json()["user"]
    return Account(user["username"], user["email"], user["token"])


def errors_of(response: Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"errors"}, body
    errors: dict[str, Any] = body["errors"]
    return errors
