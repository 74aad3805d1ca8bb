"""Adapters: the ports implemented with real technology (SQL, Argon2, JWT) and in memory."""
