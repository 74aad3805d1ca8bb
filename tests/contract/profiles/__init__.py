"""Contract tests of the profiles context's ports."""
