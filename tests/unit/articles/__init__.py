"""Unit tests of the articles context: slugs, tags, the aggregate and the use cases."""
