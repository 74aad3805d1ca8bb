"""Articles adapters: tables, repositories, the read model (SQL and in memory), container."""
