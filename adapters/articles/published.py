"""Articles' published SQL view: id, slug and title, for other contexts' read models (ADR 8)."""

from sqlalchemy import TableClause, column, table

from adapters.articles.tables import ArticleRow

_articles = ArticleRow.__table__  # type: ignore[attr-defined]

article_slugs: TableClause = table(
    _articles.name, *(column(name, _articles.c[name].type) for name in ("id", "slug", "title"))
)
