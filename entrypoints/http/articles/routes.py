"""Routes: list, feed, read, create, update, delete, favorite articles; list tags."""

from typing import Annotated

from fastapi import Path, Query, Response

from application.articles.create_article import CreateArticle, CreateArticleCommand
from application.articles.delete_article import DeleteArticle
from application.articles.favorite_article import ToggleFavorite
from application.articles.ports import ArticleFilter
from application.articles.read_articles import GetArticle, GetFeed, ListArticles, ListTags
from application.articles.update_article import UpdateArticle, UpdateArticleCommand
from application.shared.paging import Page
from entrypoints.http.articles.schemas import (
    MultipleArticlesResponse,
    NewArticleRequest,
    SingleArticleResponse,
    TagsResponse,
    UpdateArticleRequest,
    multiple_articles,
    single_article,
)
from entrypoints.http.shared.auth import CallerId, CallerIdCheckedByUseCase, OptionalCallerId
from entrypoints.http.shared.paging import Limit, Offset
from entrypoints.http.shared.provide import provided
from entrypoints.http.shared.rendering import json_response
from entrypoints.http.shared.router import context_router
from entrypoints.http.shared.schemas import Text, error_responses

router = context_router()

Slug = Annotated[Text, Path(description="The article's slug")]


def _filter_value(value: str | None) -> str | None:
    return value or None  # `?tag=` filters nothing, as if it were absent


@router.get(
    "/articles",
    tags=["Articles"],
    operation_id="GetArticles",
    response_model=MultipleArticlesResponse,
    summary="Recent articles, filtered by tag, author and favorited (AND), newest first",
    responses=error_responses(401, 422),
)
async def list_articles(
    caller: OptionalCallerId,
    list_articles: Annotated[ListArticles, provided(lambda c: c.articles.list_articles)],
    tag: Annotated[Text | None, Query(description="Only articles with this tag")] = None,
    author: Annotated[Text | None, Query(description="Only articles by this username")] = None,
    favorited: Annotated[
        Text | None, Query(description="Only articles this username favorited")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    filter = ArticleFilter(
        tag=_filter_value(tag), author=_filter_value(author), favorited=_filter_value(favorited)
    )
    return multiple_articles(await list_articles(filter, Page(limit, offset), caller))


@router.get(
    "/articles/feed",
    tags=["Articles"],
    operation_id="GetArticlesFeed",
    response_model=MultipleArticlesResponse,
    summary="Recent articles by the authors the caller follows",
    responses=error_responses(401, 422),
)
async def feed(
    caller: CallerIdCheckedByUseCase,
    get_feed: Annotated[GetFeed, provided(lambda c: c.articles.get_feed)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    return multiple_articles(await get_feed(caller, Page(limit, offset)))


@router.get(
    "/articles/{slug}",
    tags=["Articles"],
    operation_id="GetArticle",
    response_model=SingleArticleResponse,
    summary="One article",
    responses=error_responses(401, 404, 422),
)
async def get_article(
    slug: Slug,
    caller: OptionalCallerId,
    get_article: Annotated[GetArticle, provided(lambda c: c.articles.get_article)],
) -> Response:
    return single_article(await get_article(slug, caller))


@router.post(
    "/articles",
    status_code=201,
    tags=["Articles"],
    operation_id="CreateArticle",
    response_model=SingleArticleResponse,
    summary="Publish an article; a title in use gets a slug with a suffix",
    responses=error_responses(401, 422),
)
async def create_article(
    body: NewArticleRequest,
    caller: CallerId,
    create_article: Annotated[CreateArticle, provided(lambda c: c.articles.create_article)],
) -> Response:
    new = body.article
    view = await create_article(
        CreateArticleCommand(caller, new.title, new.description, new.body, new.tagList)
    )
    return single_article(view, status_code=201)


@router.put(
    "/articles/{slug}",
    tags=["Articles"],
    operation_id="UpdateArticle",
    response_model=SingleArticleResponse,
    summary="Change the given fields of the caller's article",
    responses=error_responses(401, 403, 404, 422),
)
async def update_article(
    slug: Slug,
    body: UpdateArticleRequest,
    caller: CallerId,
    update_article: Annotated[UpdateArticle, provided(lambda c: c.articles.update_article)],
) -> Response:
    changes = body.article
    given = {"tags" if f == "tagList" else f for f in changes.model_fields_set}
    view = await update_article(
        UpdateArticleCommand(
            slug=slug,
            editor_id=caller,
            given=frozenset(given),
            title=changes.title,
            description=changes.description,
            body=changes.body,
            tags=changes.tagList,
        )
    )
    return single_article(view)


@router.delete(
    "/articles/{slug}",
    status_code=204,
    response_class=Response,
    tags=["Articles"],
    operation_id="DeleteArticle",
    summary="Delete the caller's article with its comments and favorites",
    responses=error_responses(401, 403, 404, 422),
)
async def delete_article(
    slug: Slug,
    caller: CallerId,
    delete_article: Annotated[DeleteArticle, provided(lambda c: c.articles.delete_article)],
) -> Response:
    await delete_article(slug, caller)
    return Response(status_code=204)


@router.post(
    "/articles/{slug}/favorite",
    tags=["Favorites"],
    operation_id="CreateArticleFavorite",
    response_model=SingleArticleResponse,
    summary="Favorite an article (again: no change)",
    responses=error_responses(401, 404, 422),
)
async def favorite(
    slug: Slug,
    caller: CallerId,
    favorite: Annotated[ToggleFavorite, provided(lambda c: c.articles.favorite_article)],
) -> Response:
    return single_article(await favorite(slug, caller))


@router.delete(
    "/articles/{slug}/favorite",
    tags=["Favorites"],
    operation_id="DeleteArticleFavorite",
    response_model=SingleArticleResponse,
    summary="Unfavorite an article (not favorited: no change)",
    responses=error_responses(401, 404, 422),
)
async def unfavorite(
    slug: Slug,
    caller: CallerId,
    unfavorite: Annotated[ToggleFavorite, provided(lambda c: c.articles.unfavorite_article)],
) -> Response:
    return single_article(await unfavorite(slug, caller))


@router.get(
    "/tags",
    tags=["Tags"],
    operation_id="GetTags",
    response_model=TagsResponse,
    summary="Every tag in use",
    responses=error_responses(422),
)
async def tags(
    list_tags: Annotated[ListTags, provided(lambda c: c.articles.list_tags)],
) -> Response:
    return json_response({"tags": await list_tags()})
