"""The `conduit` command: serve the API and manage the database schema."""
