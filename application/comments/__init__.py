"""Comments use cases: comment on an article, list its comments, delete your own."""
