"""Export of integration events to a RabbitMQ topic exchange (docs/adr/0018)."""
