"""HTTP routes of the notifications context."""
