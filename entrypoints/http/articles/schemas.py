"""Request and response bodies of the articles routes."""

from typing import Annotated

from pydantic import BaseModel, Field

from application.articles.ports import ArticlePage, ArticleView
from domain.articles.article import BODY_MAX, DESCRIPTION_MAX, TITLE_MAX
from domain.articles.tags import MAX_TAG_LENGTH, MAX_TAGS
from entrypoints.http.shared.schemas import (
    NOT_BLANK,
    Profile,
    RequestModel,
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


class ArticleListItem(BaseModel):
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


class Article(BaseModel):
    slug: str
    title: str
    description: str
    body: str
    tagList: list[str]
    createdAt: Timestamp
    updatedAt: Timestamp
    favorited: bool
    favoritesCount: int
    author: Profile


class SingleArticleResponse(BaseModel):
    article: Article

    @classmethod
    def of(cls, view: ArticleView) -> "SingleArticleResponse":
        return cls(article=Article(body=view.body or "", **_fields(view)))


class MultipleArticlesResponse(BaseModel):
    articles: list[ArticleListItem]
    articlesCount: int

    @classmethod
    def of(cls, page: ArticlePage) -> "MultipleArticlesResponse":
        return cls(
            articles=[ArticleListItem(**_fields(view)) for view in page.articles],
            articlesCount=page.total,
        )


class TagsResponse(BaseModel):
    tags: list[str]


def _fields(view: ArticleView) -> dict[str, object]:
    return {
        "slug": view.slug,
        "title": view.title,
        "description": view.description,
        "tagList": view.tags,
        "createdAt": view.created_at,
        "updatedAt": view.updated_at,
        "favorited": view.favorited,
        "favoritesCount": view.favorites_count,
        "author": Profile.model_validate(view.author),
    }
