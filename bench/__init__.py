"""Benchmarks: a data generator, a raw-asyncpg ceiling server and a wrk-driven load run."""
