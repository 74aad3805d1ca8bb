"""Profiles: who follows whom. A profile is a user's public face plus that relation."""
