"""Routes: list your notifications, mark them read."""

from typing import Annotated

from fastapi import Response

from application.notifications.list_notifications import ListNotifications
from application.notifications.mark_read import MarkNotificationsRead
from application.shared.paging import Page
from entrypoints.http.notifications.schemas import (
    MarkReadRequest,
    MultipleNotificationsResponse,
    UnreadCountResponse,
    multiple_notifications,
)
from entrypoints.http.shared.auth import CallerId, CallerIdCheckedByUseCase
from entrypoints.http.shared.paging import Limit, Offset
from entrypoints.http.shared.provide import provided
from entrypoints.http.shared.rendering import json_response
from entrypoints.http.shared.router import context_router
from entrypoints.http.shared.schemas import error_responses

router = context_router(tags=["Notifications"])


@router.get(
    "/notifications",
    operation_id="GetNotifications",
    response_model=MultipleNotificationsResponse,
    summary="The caller's notifications, newest first, with the total and unread counts",
    responses=error_responses(401, 422),
)
async def list_notifications(
    caller: CallerIdCheckedByUseCase,
    list_notifications: Annotated[
        ListNotifications, provided(lambda c: c.notifications.list_notifications)
    ],
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    return multiple_notifications(await list_notifications(caller, Page(limit, offset)))


@router.post(
    "/notifications/read",
    operation_id="MarkNotificationsRead",
    response_model=UnreadCountResponse,
    summary="Mark the caller's notifications read: all, or up to an id",
    responses=error_responses(401, 422),
)
async def mark_read(
    caller: CallerId,
    mark_read: Annotated[
        MarkNotificationsRead, provided(lambda c: c.notifications.mark_notifications_read)
    ],
    body: MarkReadRequest | None = None,
) -> Response:
    up_to = body.notifications.upTo if body is not None and body.notifications else None
    return json_response({"unreadCount": await mark_read(caller, up_to)})
