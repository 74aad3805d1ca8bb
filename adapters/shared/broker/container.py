"""Container of the broker export: one publisher per process, the exporter that uses it."""

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.broker.amqp_publisher import AmqpPublisher
from adapters.shared.broker.exporter import BrokerExporter, ResumeExport


class BrokerContainer(containers.DeclarativeContainer):
    config = providers.Configuration()
    shared = providers.DependenciesContainer()

    resume = providers.Singleton(
        ResumeExport, publications=shared.publications, wake_up=shared.wake_up
    )
    publisher = providers.Singleton(
        AmqpPublisher,
        url=config.url,
        exchange=config.exchange,
        timeout_seconds=config.timeout_seconds,
        on_connected=resume,
    )
    exporter = providers.Singleton(
        BrokerExporter[AsyncSession], publisher=publisher, codec=shared.event_codec
    )
