"""Helpers the test levels share: databases, the app under test, API clients."""
