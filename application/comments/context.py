"""The comments context's declaration."""

from application.articles.published import ArticleDeleted
from application.comments.published import CommentAdded
from application.shared.bounded_context import BoundedContext, Delivery, Reaction

CONTEXT = BoundedContext(
    name="comments",
    summary="Comments on articles; removed with their article.",
    uses=("articles", "identity", "profiles"),
    publishes=(CommentAdded,),
    reacts_to=(Reaction(ArticleDeleted, Delivery.IN_TRANSACTION),),
)
