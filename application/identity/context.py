"""The identity context's declaration."""

from application.shared.bounded_context import BoundedContext

CONTEXT = BoundedContext(
    name="identity",
    summary="Users: registration, log-in, tokens and account settings.",
)
