"""Routes: comment on an article, list its comments, delete your comment."""

from typing import Annotated, Any

from fastapi import Path, Response

from application.comments.add_comment import AddComment
from application.comments.delete_comment import DeleteComment
from application.comments.list_comments import ListComments
from application.comments.ports import CommentView
from domain.comments.comment import BODY_MAX
from entrypoints.http.shared.auth import CallerId, OptionalCallerId
from entrypoints.http.shared.provide import provided
from entrypoints.http.shared.rendering import json_response, profile, stamps
from entrypoints.http.shared.router import context_router
from entrypoints.http.shared.schemas import (
    NOT_BLANK,
    Profile,
    RequestModel,
    ResponseModel,
    Text,
    Timestamp,
    documented,
    error_responses,
)

router = context_router(tags=["Comments"])

Slug = Annotated[Text, Path(description="The article's slug")]


class NewComment(RequestModel):
    body: Annotated[Text, documented(NOT_BLANK, maxLength=BODY_MAX)]


class NewCommentRequest(RequestModel):
    comment: NewComment


class Comment(ResponseModel):
    id: int
    createdAt: Timestamp
    updatedAt: Timestamp
    body: str
    author: Profile


class SingleCommentResponse(ResponseModel):
    comment: Comment


class MultipleCommentsResponse(ResponseModel):
    comments: list[Comment]


def comment_json(view: CommentView) -> dict[str, Any]:
    created, updated = stamps(view.created_at, view.updated_at)
    return {
        "id": view.id,
        "createdAt": created,
        "updatedAt": updated,
        "body": view.body,
        "author": profile(view.author),
    }


@router.post(
    "/articles/{slug}/comments",
    status_code=201,
    operation_id="CreateArticleComment",
    response_model=SingleCommentResponse,
    summary="Comment on an article",
    responses=error_responses(401, 404, 422),
)
async def add_comment(
    slug: Slug,
    body: NewCommentRequest,
    caller: CallerId,
    add_comment: Annotated[AddComment, provided(lambda c: c.comments.add_comment)],
) -> Response:
    view = await add_comment(slug, caller, body.comment.body)
    return json_response({"comment": comment_json(view)}, status_code=201)


@router.get(
    "/articles/{slug}/comments",
    operation_id="GetArticleComments",
    response_model=MultipleCommentsResponse,
    summary="An article's comments, oldest first",
    responses=error_responses(401, 404, 422),
)
async def list_comments(
    slug: Slug,
    caller: OptionalCallerId,
    list_comments: Annotated[ListComments, provided(lambda c: c.comments.list_comments)],
) -> Response:
    comments = [comment_json(view) for view in await list_comments(slug, caller)]
    return json_response({"comments": comments})


@router.delete(
    "/articles/{slug}/comments/{id}",
    status_code=204,
    response_class=Response,
    operation_id="DeleteArticleComment",
    summary="Delete your comment",
    responses=error_responses(401, 403, 404, 422),
)
async def delete_comment(
    slug: Slug,
    id: Annotated[int, Path(description="The comment's id")],
    caller: CallerId,
    delete_comment: Annotated[DeleteComment, provided(lambda c: c.comments.delete_comment)],
) -> Response:
    await delete_comment(slug, id, caller)
    return Response(status_code=204)
