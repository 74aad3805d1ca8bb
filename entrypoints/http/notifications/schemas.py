"""Request and response bodies of the notifications routes."""

from typing import Annotated, Any

from pydantic import Field, StrictInt
from starlette.responses import Response

from application.notifications.ports import NotificationPage, NotificationView
from domain.notifications.notification import Kind
from entrypoints.http.shared.rendering import json_response, profile, stamp
from entrypoints.http.shared.schemas import Profile, RequestModel, ResponseModel, Timestamp


class ReadUpTo(RequestModel):
    # Strict: an id is a JSON number, not "5" nor true.
    upTo: Annotated[
        StrictInt, Field(ge=1, description="Mark read the notifications with this id or lower")
    ]


class MarkReadRequest(RequestModel):
    """Without `notifications` (or without a body), every notification is marked read."""

    notifications: ReadUpTo | None = None


class NotifiedArticle(ResponseModel):
    """The article's current slug and title; once it is deleted, `slug` is null and `title`
    the one it had when the notification was made."""

    slug: str | None
    title: str


class Notification(ResponseModel):
    id: int
    kind: Kind
    createdAt: Timestamp
    read: bool
    actor: Profile | None = Field(description="Who acted, as you see them; null once deleted")
    article: NotifiedArticle | None = Field(description="Null for userFollowed")
    commentId: int | None = Field(description="The comment, for commentAdded")


class MultipleNotificationsResponse(ResponseModel):
    notifications: list[Notification]
    notificationsCount: int
    unreadCount: int


class UnreadCountResponse(ResponseModel):
    unreadCount: int


def notification_json(view: NotificationView) -> dict[str, Any]:
    return {
        "id": view.id,
        "kind": view.kind,
        "createdAt": stamp(view.created_at),
        "read": view.read,
        "actor": profile(view.actor) if view.actor is not None else None,
        "article": (
            {"slug": view.article.slug, "title": view.article.title}
            if view.article is not None
            else None
        ),
        "commentId": view.comment_id,
    }


def multiple_notifications(page: NotificationPage) -> Response:
    return json_response(
        {
            "notifications": [notification_json(view) for view in page.notifications],
            "notificationsCount": page.total,
            "unreadCount": page.unread,
        }
    )
