"""The root container: composes one container per bounded context over the shared one."""

from dependency_injector import containers, providers

from adapters.articles.container import ArticlesContainer
from adapters.comments.container import CommentsContainer
from adapters.identity.container import IdentityContainer
from adapters.profiles.container import ProfilesContainer
from adapters.shared.broker.container import BrokerContainer
from adapters.shared.container import SharedContainer
from entrypoints.composition.broker import export_to_broker
from entrypoints.composition.test_subscribers import subscribe_test_subscribers
from entrypoints.settings import Settings


class ApplicationContainer(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)

    shared = providers.Container(SharedContainer, config=config.database)
    identity = providers.Container(IdentityContainer, config=config.identity, shared=shared)
    profiles = providers.Container(ProfilesContainer, shared=shared, identity=identity)
    articles = providers.Container(ArticlesContainer, shared=shared, identity=identity)
    comments = providers.Container(CommentsContainer, shared=shared, articles=articles)
    broker = providers.Container(BrokerContainer, config=config.broker, shared=shared)


def build_container(settings: Settings) -> ApplicationContainer:
    container = ApplicationContainer()
    container.config.from_dict(
        {
            "database": {
                "url": settings.database_url,
                "pool_size": settings.database_pool_size,
                "max_overflow": settings.database_max_overflow,
                "pool_timeout_seconds": settings.database_pool_timeout_seconds,
                "pool_recycle_seconds": settings.database_pool_recycle_seconds,
                "pool_pre_ping": settings.database_pool_pre_ping,
                "echo": settings.database_echo,
            },
            "identity": {
                "jwt_secret": settings.secret,
                "token_lifetime_minutes": settings.token_lifetime_minutes,
                "password_hash_time_cost": settings.password_hash_time_cost,
                "password_hash_memory_kib": settings.password_hash_memory_kib,
                "password_hash_threads": settings.password_hash_threads,
            },
            "broker": {
                "url": settings.broker_url,
                "exchange": settings.broker_exchange,
                "timeout_seconds": settings.broker_timeout_seconds,
            },
        }
    )
    container.comments.subscriptions()  # comments react to ArticleDeleted
    subscribe_test_subscribers(settings.environment, container.shared.subscriptions())
    if settings.broker_url is not None:  # off unless configured (docs/adr/0018)
        export_to_broker(container.shared.subscriptions(), container.broker.exporter())
    return container


async def release(container: ApplicationContainer) -> None:
    """Give back what the container holds: hashing threads, the broker connection and both
    connection pools."""
    container.identity.hasher().close()
    if container.config.broker.url() is not None:
        await container.broker.publisher().close()
    await container.shared.engine().dispose()
    await container.shared.read_database().close()
