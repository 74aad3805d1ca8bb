"""Notifications: what a user is told about others' actions that concern them."""
