"""articles: each article keeps its sorted tags; each tag counts the articles using it.

Revision ID: 0002_articles
Revises: 0001_articles
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002_articles"
down_revision: str | Sequence[str] | None = "0001_articles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Byte order equals code point order in UTF-8: the order Python's sorted() gives the domain.
BACKFILL = {
    "postgresql": """
        UPDATE articles SET tag_list = COALESCE((
            SELECT json_agg(t.name ORDER BY t.name COLLATE "C")::text
            FROM article_tags at JOIN tags t ON t.id = at.tag_id
            WHERE at.article_id = articles.id), '[]')
    """,
    "sqlite": """
        UPDATE articles SET tag_list = COALESCE((
            SELECT json_group_array(name) FROM (
                SELECT t.name AS name FROM article_tags at JOIN tags t ON t.id = at.tag_id
                WHERE at.article_id = articles.id ORDER BY t.name)), '[]')
    """,
}


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(
            sa.Column(
                "tag_list", sqlmodel.sql.sqltypes.AutoString(), server_default="[]", nullable=False
            )
        )
    with op.batch_alter_table("tags") as batch:
        batch.add_column(sa.Column("used_by", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        "UPDATE tags SET used_by = (SELECT count(*) FROM article_tags WHERE tag_id = tags.id)"
    )
    op.execute(BACKFILL[op.get_bind().dialect.name])


def downgrade() -> None:
    with op.batch_alter_table("tags") as batch:
        batch.drop_column("used_by")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("tag_list")
