"""Profiles use cases: show a profile, follow and unfollow."""
