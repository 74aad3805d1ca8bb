"""HTTP routes of the comments context: /articles/{slug}/comments."""
