"""Profiles adapters: the follows table, its repositories and the published SQL pieces."""
