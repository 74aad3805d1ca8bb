"""Unit tests of the profiles context: the Follow rule and the use cases."""
