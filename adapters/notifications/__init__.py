"""Notifications adapters: the notifications table, its repository, read model and subscriptions."""
