"""Settings: safe defaults for development, a hard stop for weak production secrets."""

import logging
from typing import Any

import pytest

from entrypoints.settings import DEVELOPMENT_SECRET, InsecureConfiguration, Settings


def settings(**values: Any) -> Settings:  # Any: as in tests.conftest.test_settings
    return Settings(_env_file=None, **values)


def test_the_default_database_is_an_embedded_sqlite_file() -> None:
    assert settings().database_url.startswith("sqlite")


def test_without_a_secret_development_signs_with_a_fixed_one_and_warns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="conduit.settings"):
        secret = settings().secret

    assert secret == DEVELOPMENT_SECRET
    assert "CONDUIT_JWT_SECRET" in caplog.text


@pytest.mark.parametrize("secret", [None, "", "too-short"])
def test_production_refuses_a_missing_or_short_secret(secret: str | None) -> None:
    with pytest.raises(InsecureConfiguration, match="CONDUIT_JWT_SECRET"):
        settings(environment="production", jwt_secret=secret)


def test_production_accepts_a_long_secret() -> None:
    assert settings(environment="production", jwt_secret="k" * 32).secret == "k" * 32


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONDUIT_DATABASE_URL", "postgresql://db/conduit")
    monkeypatch.setenv("CONDUIT_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("CONDUIT_DATABASE_POOL_SIZE", "3")

    loaded = settings()

    assert loaded.database_url == "postgresql://db/conduit"
    assert loaded.cors_origins == ["https://a.example", "https://b.example"]
    assert loaded.database_pool_size == 3
