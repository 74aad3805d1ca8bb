"""The articles context's declaration."""

from application.articles.published import ArticleDeleted, ArticleFavorited, ArticlePublished
from application.shared.bounded_context import BoundedContext

CONTEXT = BoundedContext(
    name="articles",
    summary="Articles, their tags and favorites, the lists and the personal feed.",
    uses=("identity", "profiles"),
    publishes=(ArticleDeleted, ArticlePublished, ArticleFavorited),
)
