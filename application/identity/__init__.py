"""Identity use cases: register, log in, read and update the current user, check tokens."""
