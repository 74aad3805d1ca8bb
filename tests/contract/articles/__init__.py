"""Contract tests of the articles context's ports and read model."""
