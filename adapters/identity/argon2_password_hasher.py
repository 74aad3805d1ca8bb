"""PasswordHasher with Argon2id (pwdlib), run in worker threads off the event loop."""

import asyncio
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from domain.identity.values import Password


@dataclass(frozen=True, slots=True)
class Argon2Cost:
    """Defaults follow OWASP's Argon2id advice (19 MiB, 2 passes, 1 lane): ~35 ms a hash here."""

    time_cost: int = 2
    memory_kib: int = 19_456
    parallelism: int = 1


class Argon2PasswordHasher:
    def __init__(self, cost: Argon2Cost = Argon2Cost(), threads: int = 2) -> None:
        self._hash = PasswordHash(
            (
                Argon2Hasher(
                    time_cost=cost.time_cost,
                    memory_cost=cost.memory_kib,
                    parallelism=cost.parallelism,
                ),
            )
        )
        # A small pool of its own: a burst of logins queues here instead of starving the
        # default executor, and caps the memory Argon2 takes at threads x memory_kib.
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="argon2")
        # Verified against when the email is unknown, so that answer takes as long as a
        # wrong password does.
        self._decoy = self._hash.hash(secrets.token_urlsafe(24))

    async def hash(self, password: Password) -> str:
        return await self._run(self._hash.hash, password.value)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        if password_hash is None:
            await self._run(self._hash.verify, password, self._decoy)
            return False
        return bool(await self._run(self._hash.verify, password, password_hash))

    async def _run(self, function: object, *args: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, function, *args)  # type: ignore[arg-type]

    def close(self) -> None:
        self._pool.shutdown(wait=False)


def argon2_password_hasher(cost: Argon2Cost, threads: int) -> Iterator[Argon2PasswordHasher]:
    """The hasher as a container resource: closed when the container's resources are."""
    hasher = Argon2PasswordHasher(cost, threads)
    yield hasher
    hasher.close()
