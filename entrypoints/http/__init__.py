"""The HTTP API: FastAPI routes and schemas per context, errors in the contract's shape."""
