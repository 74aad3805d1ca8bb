"""The event publication registry, its codec and its dispatcher (docs/adr/0017)."""
