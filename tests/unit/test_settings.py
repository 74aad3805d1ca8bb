"""Settings: safe defaults for development, a hard stop for weak production secrets."""

import logging
import secrets
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


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        (None, "is not set"),
        ("", "is blank"),
        (" " * 32, "is blank"),
        ("\t \n" * 12, "is blank"),
        (DEVELOPMENT_SECRET, "is the development secret published in Conduit's source"),
        ("too-short", "is shorter than 32 bytes"),
        ("k" * 32, "has too little variety (1 distinct characters in 32)"),
        ("ab" * 20, "has too little variety (2 distinct characters in 40)"),
        ("abcdefg" * 6, "has too little variety (7 distinct characters in 42)"),
        ("bench-secret-" + "b" * 40, "has too little variety (9 distinct characters in 53)"),
    ],
)
def test_production_refuses_a_weak_secret_in_one_line(secret: str | None, problem: str) -> None:
    with pytest.raises(InsecureConfiguration) as refused:
        settings(environment="production", jwt_secret=secret)

    message = str(refused.value)
    assert message.startswith(f"CONDUIT_JWT_SECRET {problem}; ")
    assert "openssl rand -hex 32" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "secret",
    [secrets.token_hex(32), secrets.token_hex(16), secrets.token_urlsafe(32)],
    ids=["hex-32", "hex-16", "urlsafe-32"],  # the same test ids in every xdist worker
)
def test_production_accepts_a_generated_secret(secret: str) -> None:
    assert settings(environment="production", jwt_secret=secret).secret == secret


@pytest.mark.parametrize("blank", ["", "   "])
def test_outside_production_a_blank_secret_is_no_secret(blank: str) -> None:
    configured = settings(jwt_secret=blank)

    assert not configured.has_secret
    assert configured.secret == DEVELOPMENT_SECRET


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONDUIT_DATABASE_URL", "postgresql://db/conduit")
    monkeypatch.setenv("CONDUIT_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("CONDUIT_DATABASE_POOL_SIZE", "3")

    loaded = settings()

    assert loaded.database_url == "postgresql://db/conduit"
    assert loaded.cors_origins == ["https://a.example", "https://b.example"]
    assert loaded.database_pool_size == 3


def test_the_broker_export_is_off_unless_a_url_is_given() -> None:
    assert settings().broker_url is None
    assert settings(broker_url=" ").broker_url is None
    assert settings().broker_exchange == "conduit.events"


def test_a_broker_url_must_be_amqp() -> None:
    with pytest.raises(ValueError, match="amqp:// or amqps://"):
        settings(broker_url="http://127.0.0.1:5672/")
    url = "amqp://guest:guest@127.0.0.1:5672/"
    assert settings(broker_url=url, broker_exchange="x").broker_url == url


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("amqp://guest:guest@127.0.0.1:notaport/", "is not a valid URL"),
        ("amqp://guest:guest@127.0.0.1:99999/", "is not a valid URL"),
        ("amqp://[::1", "is not a valid URL"),
        ("amqp://", "must name the broker's host"),
        ("amqps:///vhost", "must name the broker's host"),
    ],
)
def test_a_broker_url_the_publisher_cannot_use_is_refused(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        settings(broker_url=url)


@pytest.mark.parametrize(
    "setting",
    [
        "events_retry_base_seconds",
        "events_retry_max_seconds",
        "events_poll_seconds",
        "events_delivery_timeout_seconds",
    ],
)
def test_event_delays_beyond_their_bound_are_refused(setting: str) -> None:
    # 1e12 s is 31,700 years: a retry's date could not even be computed.
    with pytest.raises(ValueError, match=setting):
        settings(**{setting: 1e12})
