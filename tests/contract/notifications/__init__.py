"""Contract tests of the notifications context's ports."""
