"""API tests of the notifications context."""
