"""Identity: who a user is (username, email, profile text) and how they prove it (password)."""
