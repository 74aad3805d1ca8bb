"""HTTP routes of the articles context: /articles, the feed, favorites, /tags."""
