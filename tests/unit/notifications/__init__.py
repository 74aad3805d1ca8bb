"""Unit tests of the notifications context and of the events it hears."""
