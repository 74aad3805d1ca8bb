"""Configuration from environment variables (CONDUIT_*) and an optional .env file."""

import logging
from collections import Counter
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from yarl import URL

from entrypoints.logging_setup import LogFormat, LogLevel

log = logging.getLogger("conduit.settings")

DEVELOPMENT_SECRET = "conduit-development-secret-never-use-in-production"
MIN_SECRET_BYTES = 32
MIN_SECRET_DISTINCT_CHARACTERS = 8


class InsecureConfiguration(RuntimeError):
    """Production settings that must not be served with."""


def secret_problem(secret: str | None) -> str | None:
    """What makes `secret` unfit to sign production tokens, in a few words; None if nothing.

    Only the obvious is caught: a generated secret (`openssl rand -hex 32`) passes, while a
    blank one, the published development one, or a run of a few characters is refused.
    """
    if secret is None:
        return "is not set"
    if not secret.strip():
        return "is blank"
    if secret == DEVELOPMENT_SECRET:
        return "is the development secret published in Conduit's source"
    if len(secret.encode()) < MIN_SECRET_BYTES:
        return f"is shorter than {MIN_SECRET_BYTES} bytes"
    counts = Counter(secret)
    distinct, most = len(counts), max(counts.values())
    # 32 random hex digits show fewer than 8 distinct ones about once in 28 million draws,
    # and one digit as half of them practically never.
    if distinct < MIN_SECRET_DISTINCT_CHARACTERS or most > len(secret) // 2:
        return f"has too little variety ({distinct} distinct characters in {len(secret)})"
    return None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONDUIT_", env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite+aiosqlite:///./conduit.db"
    # Per pool; a worker has two (reads, and units of work): at most 2 x (8 + 8) connections.
    database_pool_size: int = Field(default=8, ge=1)
    database_max_overflow: int = Field(default=8, ge=0)
    database_pool_timeout_seconds: float = Field(default=30.0, gt=0)
    database_pool_recycle_seconds: int = Field(default=1800, ge=-1)
    database_pool_pre_ping: bool = True
    database_echo: bool = False
    jwt_secret: SecretStr | None = None
    token_lifetime_minutes: int = Field(default=60 * 24 * 7, ge=1)
    cors_origins: Annotated[list[str], NoDecode] = ["*"]
    log_level: LogLevel = "info"
    log_format: LogFormat = "text"  # json: one JSON object per line
    password_hash_time_cost: int = Field(default=2, ge=1)
    password_hash_memory_kib: int = Field(default=19_456, ge=8)
    password_hash_threads: int = Field(default=2, ge=1)
    # Room for the largest valid article (200,000 characters) even with every character
    # JSON-escaped (up to 12 bytes each); 10 MB bodies are still refused.
    max_body_bytes: int = Field(default=4_000_000, ge=1_024)
    # Connection limits, per worker process (entrypoints/serving, docs/adr/0013).
    max_header_bytes: int = Field(default=16_384, ge=1_024)
    header_timeout_seconds: float = Field(default=10.0, gt=0)
    body_timeout_seconds: float = Field(default=30.0, gt=0)
    keep_alive_timeout_seconds: int = Field(default=5, ge=1)
    max_connections: int = Field(default=1_000, ge=1)
    # /metrics and the measurements behind it (docs/adr/0016); tracing is set by OTEL_*.
    metrics_enabled: bool = True
    # A readiness probe answers 503 rather than wait longer than this for the database.
    readiness_timeout_seconds: float = Field(default=1.0, gt=0, le=60)
    # `conduit serve` waits for a database that does not answer yet (docs/adr/0015): this many
    # tries, each bounded by the readiness timeout, this far apart; then it refuses to start.
    database_startup_attempts: int = Field(default=10, ge=1)
    database_startup_retry_seconds: float = Field(default=3.0, ge=0)
    # After-commit event delivery (docs/adr/0017): dispatchers run in every `conduit serve`
    # worker (unless this is false) and in each `conduit events worker`.
    events_dispatch_in_serve: bool = True
    # Failed deliveries of a publication before it is marked failed (RetryLater: not counted).
    events_max_attempts: int = Field(default=10, ge=1)
    # The first retry's delay, doubled after each failure up to the maximum.
    # At most a day: a retry's time must stay a date the database can store.
    events_retry_base_seconds: float = Field(default=1.0, ge=0, le=86_400)
    events_retry_max_seconds: float = Field(default=300.0, gt=0, le=86_400)
    # The longest a dispatcher waits before looking again; commits wake it sooner.
    events_poll_seconds: float = Field(default=1.0, gt=0, le=3_600)
    events_batch_size: int = Field(default=100, ge=1, le=10_000)
    # Deliveries in flight per dispatcher on PostgreSQL (SQLite: one, its one writer).
    events_concurrency: int = Field(default=4, ge=1, le=64)
    # On SQLite a delivery holds the one write lock: every request's write waits for it.
    events_delivery_timeout_seconds: float = Field(default=30.0, gt=0, le=3_600)
    # /health/ready answers 503 while more publications than this wait for delivery.
    events_ready_backlog: int = Field(default=10_000, ge=1)
    # Export of integration events to RabbitMQ (docs/adr/0018): off unless a URL is given.
    broker_url: str | None = None
    broker_exchange: str = Field(default="conduit.events", min_length=1, max_length=255)
    # Bounds each connection attempt and each wait for a publisher confirm.
    broker_timeout_seconds: float = Field(default=3.0, gt=0, le=60)

    @model_validator(mode="before")
    @classmethod
    def _split_origins(cls, values: dict[str, object]) -> dict[str, object]:
        origins = values.get("cors_origins")
        if isinstance(origins, str):
            values["cors_origins"] = [o.strip() for o in origins.split(",") if o.strip()]
        return values

    @field_validator("broker_url", mode="before")
    @classmethod
    def _amqp_url(cls, url: object) -> object:
        if isinstance(url, str) and not url.strip():
            return None  # CONDUIT_BROKER_URL= (blank) turns the export off, like unset
        if isinstance(url, str) and not url.startswith(("amqp://", "amqps://")):
            raise ValueError(
                "must be an amqp:// or amqps:// URL (e.g. amqp://guest:guest@127.0.0.1:5672/)"
            )
        if isinstance(url, str):
            # Parsed as the publisher will: refused there, the export would never connect,
            # and the first delivery would wait out its timeout holding the dispatcher.
            try:
                host = URL(url).host
            except ValueError as error:
                raise ValueError(f"is not a valid URL: {error}") from None
            if not host:
                raise ValueError("must name the broker's host")
        return url

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> "Settings":
        if self.environment == "production":
            secret = self.jwt_secret
            given = None if secret is None else secret.get_secret_value()
            problem = secret_problem(given)
            if problem is not None:
                raise InsecureConfiguration(
                    f"CONDUIT_JWT_SECRET {problem}; production needs a random one of at least "
                    f"{MIN_SECRET_BYTES} bytes (e.g. `openssl rand -hex 32`)."
                )
        return self

    @property
    def has_secret(self) -> bool:
        """Whether a secret was configured: without one, tokens use the public development one."""
        return self.jwt_secret is not None and bool(self.jwt_secret.get_secret_value().strip())

    @cached_property
    def secret(self) -> str:
        """The signing secret; outside production a fixed development one, with a warning."""
        if self.jwt_secret is not None and self.has_secret:
            return self.jwt_secret.get_secret_value()
        log.warning(
            "CONDUIT_JWT_SECRET is not set: signing tokens with the development secret. "
            "Anyone can forge tokens for this server; set a secret before exposing it."
        )
        return DEVELOPMENT_SECRET
