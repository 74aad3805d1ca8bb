"""articles: favorites carry their article's created_at, indexed (user, created_at, article).

?favorited= then reads one page off the index instead of fetching and sorting every article
the user favorited, so its cost stays flat as a user's favorites grow (bench/RESULTS.md).

Revision ID: 0004_articles
Revises: 0003_articles
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004_articles"
down_revision: str | Sequence[str] | None = "0003_articles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("favorites") as batch:
        batch.add_column(
            sa.Column("article_created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.execute(
        "UPDATE favorites SET article_created_at = "
        "(SELECT created_at FROM articles WHERE articles.id = favorites.article_id)"
    )
    with op.batch_alter_table("favorites") as batch:
        batch.alter_column("article_created_at", nullable=False)
        batch.create_index(
            "ix_favorites_user_id_article_created_at_article_id",
            ["user_id", "article_created_at", "article_id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("favorites") as batch:
        batch.drop_index("ix_favorites_user_id_article_created_at_article_id")
        batch.drop_column("article_created_at")
