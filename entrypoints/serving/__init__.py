"""How `conduit serve` runs the app: uvicorn, with the connection limits it lacks added."""
