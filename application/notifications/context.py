"""The notifications context's declaration."""

from application.articles.published import ArticleFavorited, ArticlePublished
from application.comments.published import CommentAdded
from application.profiles.published import UserFollowed
from application.shared.bounded_context import BoundedContext, Delivery, Reaction

CONTEXT = BoundedContext(
    name="notifications",
    summary="Tells users of others' actions that concern them; fed only by events.",
    uses=("articles", "comments", "identity", "profiles"),
    reacts_to=tuple(
        Reaction(event, Delivery.AFTER_COMMIT)
        for event in (ArticlePublished, ArticleFavorited, CommentAdded, UserFollowed)
    ),
)
