"""Notifications use cases: list yours, mark them read; and the reactions that create them."""
