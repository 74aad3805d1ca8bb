"""Identity adapters: the users table, its repository, Argon2 hashing and JWT tokens."""
