"""Request and response bodies of the articles routes."""

from pydantic import BaseModel, Field

from application.articles.ports import ArticlePage, ArticleView
from entrypoints.http.shared.schemas import Profile, RequestModel, Text, Timestamp


class NewArticle(RequestModel):
    title: Text
    description: Text
    body: Text
    tagList: list[Text] = Field(default_factory=list)


class NewArticleRequest(RequestModel):
    article: NewArticle


class UpdateArticle(RequestModel):
    """Only the given fields change; `tagList: []` clears the tags, null is refused."""

    title: Text = None  # type: ignore[assignment]
    description: Text = None  # type: ignore[assignment]
    body: Text = None  # type: ignore[assignment]
    tagList: list[Text] = None  # type: ignore[assignment]


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
