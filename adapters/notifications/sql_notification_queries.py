"""The notifications read model on SQL: a page and both counts in one statement.

The actor's profile comes from identity's and profiles' published pieces, the article's
current slug and title from articles' published view: a rename shows at once, and a
deleted article leaves its notifications with the title they were made with and no slug.
"""

from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, exists, false, func, select, true

from adapters.articles.published import article_slugs
from adapters.identity.published import public_users
from adapters.notifications.tables import NotificationRow
from adapters.profiles.published import is_followed_by, profile_in
from adapters.shared.sql.ids import storable_id
from adapters.shared.sql.read_database import ReadDatabase
from application.notifications.ports import (
    ArticleMention,
    NotificationPage,
    NotificationView,
)
from application.shared.paging import Page

_notifications = NotificationRow.__table__  # type: ignore[attr-defined]
_known = public_users.alias("known")  # the recipient, apart from the actors


@cache
def page_statement() -> Select[Any]:
    """The counts LEFT JOINed to the page, so an empty page still reports them; `known`
    says whether the recipient exists."""
    n, actor = _notifications, public_users
    recipient = bindparam("recipient_id", type_=Integer)
    mine = n.c.recipient_id == recipient
    ids = (
        select(n.c.id)
        .where(mine)
        .order_by(n.c.id.desc())
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("ids")
    )
    rows = (
        select(
            n.c.id,
            n.c.kind,
            n.c.created_at,
            n.c.read,
            n.c.article_id,
            n.c.article_title,
            n.c.comment_id,
            actor.c.id.label("actor_id"),
            actor.c.username,
            actor.c.bio,
            actor.c.image,
            is_followed_by(recipient, n.c.actor_id).label("following"),
            article_slugs.c.slug,
            article_slugs.c.title,
        )
        .select_from(
            ids.join(n, n.c.id == ids.c.id)
            .outerjoin(actor, actor.c.id == n.c.actor_id)
            .outerjoin(article_slugs, article_slugs.c.id == n.c.article_id)
        )
        .subquery("page")
    )
    count = select(func.count()).select_from(n)
    counted = select(
        exists().where(_known.c.id == recipient).label("known"),
        count.where(mine).scalar_subquery().label("total"),
        count.where(mine, n.c.read == false()).scalar_subquery().label("unread"),
    ).subquery("counted")
    return (
        select(counted, rows)
        .select_from(counted.outerjoin(rows, true()))
        .order_by(rows.c.id.desc())
    )


def _view(row: Mapping[str, Any]) -> NotificationView:
    article = None
    if row["article_id"] is not None:
        article = ArticleMention(row["slug"], row["title"] or row["article_title"])
    return NotificationView(
        id=row["id"],
        kind=row["kind"],
        created_at=row["created_at"],
        read=bool(row["read"]),
        actor=profile_in(row) if row["actor_id"] is not None else None,
        article=article,
        comment_id=row["comment_id"],
    )


class SqlNotificationQueries:
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database

    async def page(self, recipient_id: int, page: Page) -> NotificationPage | None:
        if not storable_id(recipient_id):
            return None
        parameters = {"recipient_id": recipient_id, "limit": page.limit, "offset": page.offset}
        rows = await self._database.rows(page_statement(), parameters)
        if not rows[0]["known"]:
            return None
        views = [_view(row) for row in rows if row["id"] is not None]
        return NotificationPage(views, rows[0]["total"], rows[0]["unread"])
