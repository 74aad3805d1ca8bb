"""Articles use cases: publish, revise, delete, favorite; list, feed, read; tags."""
