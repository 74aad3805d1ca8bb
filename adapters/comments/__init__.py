"""Comments adapters: the comments table, its repositories, read model and subscriptions."""
