"""Technology every context's adapters share: the database engine, unit of work, clock."""
