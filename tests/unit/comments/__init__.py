"""Unit tests of the comments context: the aggregate and the use cases."""
