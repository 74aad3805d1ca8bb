"""SQL plumbing shared by the contexts: engine, sessions, unit of work, metadata."""
