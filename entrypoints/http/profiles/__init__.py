"""HTTP routes of the profiles context: /profiles/{username} and its follow switch."""
