"""Request and response bodies of the articles routes."""

from typing import Annotated, Any

from pydantic import Field
from starlette.responses import Response

from application.articles.ports import ArticlePage, ArticleView
from domain.articles.article import BODY_MAX, DESCRIPTION_MAX, TITLE_MAX
from domain.articles.tags import MAX_TAG_LENGTH, MAX_TAGS
from entrypoints.http.shared.rendering import json_response, profile, stamps
from entrypoints.http.shared.schemas import (
    NOT_BLANK,
    Profile,
    RequestModel,
    ResponseModel,
    Text,
    Timestamp,
    documented,
)

Title = Annotated[Text, documented(NOT_BLANK, maxLength=TITLE_MAX)]
Description = Annotated[Text, documented(NOT_BLANK, maxLength=DESCRIPTION_MAX)]
Body = Annotated[Text, documented(NOT_BLANK, maxLength=BODY_MAX)]
# Not blank, no control characters (C0 and C1); trimmed, de-duplicated and sorted on arrival.
Tag = Annotated[
    Text,
    documented(
        "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$",
        maxLength=MAX_TAG_LENGTH,
    ),
]
TagList = Annotated[list[Tag], Field(max_length=MAX_TAGS)]


class NewArticle(RequestModel):
    title: Title
    description: Description
    body: Body
    tagList: TagList = Field(default_factory=list)


class NewArticleRequest(RequestModel):
    article: NewArticle


class UpdateArticle(RequestModel):
    """Only the given fields change; `tagList: []` clears the tags, null is refused."""

    title: Title = None  # type: ignore[assignment]
    description: Description = None  # type: ignore[assignment]
    body: Body = None  # type: ignore[assignment]
    tagList: TagList = None  # type: ignore[assignment]


class UpdateArticleRequest(RequestModel):
    article: UpdateArticle


class ArticleListItem(ResponseModel):
    """An article in a list: every field but `body`."""

    slug: str
    title: str
    description: str
    tagList: list[str]
    createdAt: Timestamp
    updatedAt: Timestamp
    favorited: bool
    favoritesCount: int
    author: Profile


class Article(ArticleListItem):
    """One article: a list item and its `body` (article_json writes the keys in API order)."""

    body: str


class SingleArticleResponse(ResponseModel):
    article: Article


class MultipleArticlesResponse(ResponseModel):
    articles: list[ArticleListItem]
    articlesCount: int


class TagsResponse(ResponseModel):
    tags: list[str]


def article_json(view: ArticleView) -> dict[str, Any]:
    """An Article (or, when the view has no body, an ArticleListItem), as plain JSON data."""
    shown: dict[str, Any] = {
        "slug": view.slug,
        "title": view.title,
        "description": view.description,
    }
    if view.body is not None:
        shown["body"] = view.body
    shown["tagList"] = view.tags
    shown["createdAt"], shown["updatedAt"] = stamps(view.created_at, view.updated_at)
    shown["favorited"] = view.favorited
    shown["favoritesCount"] = view.favorites_count
    shown["author"] = profile(view.author)
    return shown


def single_article(view: ArticleView, status_code: int = 200) -> Response:
    return json_response({"article": article_json(view)}, status_code)


def multiple_articles(page: ArticlePage) -> Response:
    articles = [article_json(view) for view in page.articles]
    return json_response({"articles": articles, "articlesCount": page.total})
