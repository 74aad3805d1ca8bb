"""Ports of the profiles context."""

from typing import Protocol

from application.shared.unit_of_work import UnitOfWork
from domain.profiles.repository import FollowRepository


class ProfilesUnitOfWork(UnitOfWork, Protocol):
    follows: FollowRepository
