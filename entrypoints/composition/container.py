"""The root container: one container per declared bounded context over the shared one."""

from typing import TYPE_CHECKING, Any

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.broker.container import BrokerContainer
from adapters.shared.container import SharedContainer
from application.shared.bounded_context import BoundedContext
from application.shared.events import EventSubscriptions
from entrypoints.composition.broker import export_to_broker
from entrypoints.composition.contexts import (
    CONTAINER,
    KERNEL,
    SUBSCRIPTIONS,
    DeclarationError,
    declared_contexts,
    optional_module,
)
from entrypoints.composition.test_subscribers import subscribe_test_subscribers
from entrypoints.settings import Settings

SETTINGS = "config"  # a context container's Configuration by this name receives the settings


class ApplicationContainer(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)

    shared = providers.Container(SharedContainer, config=config.database)
    broker = providers.Container(BrokerContainer, config=config.broker, shared=shared)

    if TYPE_CHECKING:  # one `providers.Container` per declared context, added by name

        def __getattr__(self, context: str) -> Any: ...


def build_container(settings: Settings) -> ApplicationContainer:
    """The root container: every declared context's container, then their subscriptions."""
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
            "broker": {
                "url": settings.broker_url,
                "exchange": settings.broker_exchange,
                "timeout_seconds": settings.broker_timeout_seconds,
            },
            # Read by the contexts' containers by the settings' own names.
            "settings": {**settings.model_dump(), "jwt_secret": settings.secret},
        }
    )
    for context in declared_contexts():  # each after the contexts it uses
        if context.name in ApplicationContainer.providers:
            raise DeclarationError(
                f"application/{context.name}/context.py: {context.name!r} names the root "
                "container's own provider; choose another name"
            )
        setattr(container, context.name, _context_container(container, context))
    subscriptions: EventSubscriptions[AsyncSession] = container.shared.subscriptions()
    for context in declared_contexts():
        if context.reacts_to:
            _subscriptions_of(context).subscribe(subscriptions)
    subscribe_test_subscribers(settings.environment, subscriptions)
    if settings.broker_url is not None:  # off unless configured (docs/adr/0018)
        export_to_broker(subscriptions, container.broker.exporter())
    return container


def context_container_class(context: str) -> type[containers.DeclarativeContainer]:
    """The one DeclarativeContainer that adapters/<ctx>/container.py defines."""
    module = optional_module(CONTAINER, context)
    if module is None:
        raise DeclarationError(f"{context} is declared; adapters/{context}/container.py is missing")
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, containers.DeclarativeContainer)
        and value.__module__ == CONTAINER.format(context)
    ]
    if len(found) != 1:
        raise DeclarationError(
            f"adapters/{context}/container.py must define one DeclarativeContainer, "
            f"found {len(found)}"
        )
    return found[0]


def _context_container(
    root: ApplicationContainer, context: BoundedContext
) -> providers.Container[Any]:
    """The context's container, given `shared`, the containers of the contexts it uses (by
    their names) and, if it has a `config`, the settings."""
    container_class = context_container_class(context.name)
    given: dict[str, Any] = {}
    for dependency in container_class.dependencies:
        if dependency not in (KERNEL, *context.uses):
            raise DeclarationError(
                f"adapters/{context.name}/container.py depends on {dependency!r}, which "
                f"application/{context.name}/context.py does not use"
            )
        given[dependency] = getattr(root, dependency)
    if isinstance(container_class.providers.get(SETTINGS), providers.Configuration):
        given[SETTINGS] = root.config.settings
    return providers.Container(container_class, **given)


def _subscriptions_of(context: BoundedContext) -> Any:
    module = optional_module(SUBSCRIPTIONS, context.name)
    if module is None or not callable(getattr(module, "subscribe", None)):
        raise DeclarationError(
            f"{context.name} reacts to events but adapters/{context.name}/subscriptions.py "
            "defines no subscribe(subscriptions)"
        )
    return module


async def release(container: ApplicationContainer) -> None:
    """Give back what the container holds: the contexts' resources, the broker connection and
    both connection pools."""
    container.shutdown_resources()
    if container.config.broker.url() is not None:
        await container.broker.publisher().close()
    await container.shared.engine().dispose()
    await container.shared.read_database().close()
