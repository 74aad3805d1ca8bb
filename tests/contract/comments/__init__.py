"""Contract tests of the comments context's port and read model."""
