"""The profiles context's declaration."""

from application.profiles.published import UserFollowed
from application.shared.bounded_context import BoundedContext

CONTEXT = BoundedContext(
    name="profiles",
    summary="Public profiles and who follows whom.",
    uses=("identity",),
    publishes=(UserFollowed,),
)
