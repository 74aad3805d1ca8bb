"""The PasswordHasher contract, held by Argon2 and by the fake."""

from collections.abc import Iterator

import pytest

from adapters.identity.argon2_password_hasher import Argon2Cost, Argon2PasswordHasher
from adapters.identity.fakes import FakePasswordHasher
from application.identity.ports import PasswordHasher
from domain.identity.values import Password


@pytest.fixture(params=["argon2", "fake"])
def hasher(request: pytest.FixtureRequest) -> Iterator[PasswordHasher]:
    if request.param == "fake":
        yield FakePasswordHasher()
        return
    argon2 = Argon2PasswordHasher(Argon2Cost(time_cost=1, memory_kib=8))
    yield argon2
    argon2.close()


async def test_a_hash_verifies_its_password_only(hasher: PasswordHasher) -> None:
    stored = await hasher.hash(Password("correct horse"))

    assert stored != "correct horse"
    assert await hasher.verify("correct horse", stored)
    assert not await hasher.verify("correct horsf", stored)


async def test_verifying_without_a_hash_is_false(hasher: PasswordHasher) -> None:
    assert not await hasher.verify("anything at all", None)


async def test_argon2_salts_each_hash() -> None:
    argon2 = Argon2PasswordHasher(Argon2Cost(time_cost=1, memory_kib=8))
    try:
        one = await argon2.hash(Password("same words"))
        two = await argon2.hash(Password("same words"))
        assert one != two
        assert one.startswith("$argon2id$")
    finally:
        argon2.close()
