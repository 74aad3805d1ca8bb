"""Alembic migrations: one branch per bounded context, each in versions/<context>/."""
