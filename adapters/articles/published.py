"""Articles' published SQL view: slug -> id, for other contexts' read models (docs/adr/0008)."""

from sqlalchemy import TableClause, column, table

from adapters.articles.tables import ArticleRow

_articles = ArticleRow.__table__  # type: ignore[attr-defined]

article_slugs: TableClause = table(
    _articles.name, *(column(name, _articles.c[name].type) for name in ("id", "slug"))
)
