"""Use cases: what the system does, written against ports only."""
