"""Which implementation of a port a contract test holds to the contract."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass
class Implementation:
    """Which implementation a contract test is holding to the contract, and its session if SQL."""

    kind: str
    session: AsyncSession | None

    @property
    def sql(self) -> AsyncSession:
        assert self.session is not None
        return self.session
