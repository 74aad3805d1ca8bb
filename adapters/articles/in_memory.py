"""The articles context's fakes: repositories and read model over one in-memory store."""

from dataclasses import replace

from application.articles.ports import ArticleFilter, ArticlePage, ArticleView
from application.identity.published import UserDirectory
from application.profiles.published import ProfileDirectory
from application.shared.paging import Page
from domain.articles.article import Article
from domain.articles.repository import ArticleRef, SlugTaken
from domain.shared.errors import NotFound


class InMemoryArticleStore:
    """What the SQL tables hold, as dicts; the unit of work snapshots it for rollback."""

    def __init__(self) -> None:
        self.articles: dict[int, Article] = {}
        self.favorites: set[tuple[int, int]] = set()  # (user_id, article_id)
        self.next_id = 1


class InMemoryArticleRepository:
    def __init__(self, store: InMemoryArticleStore) -> None:
        self._store = store

    async def add(self, article: Article) -> Article:
        if await self.slug_taken(article.slug):
            raise SlugTaken(article.slug)
        stored = replace(article, id=self._store.next_id)
        self._store.next_id += 1
        self._store.articles[self._store.next_id - 1] = stored
        return stored

    async def get_by_slug(self, slug: str) -> Article | None:
        return next((a for a in self._store.articles.values() if a.slug == slug), None)

    async def id_of(self, slug: str) -> int | None:
        article = await self.get_by_slug(slug)
        return article.id if article else None

    async def ref_of(self, slug: str) -> ArticleRef | None:
        article = await self.get_by_slug(slug)
        if article is None or article.id is None:
            return None
        return ArticleRef(article.id, article.author_id, article.slug, article.title)

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool:
        return any(a.slug == slug and a.id != other_than for a in self._store.articles.values())

    async def update(self, article: Article) -> Article:
        if article.id not in self._store.articles:
            raise NotFound("article")
        if await self.slug_taken(article.slug, other_than=article.id):
            raise SlugTaken(article.slug)
        self._store.articles[article.id] = article
        return article

    async def remove(self, article: Article) -> None:
        self._store.articles.pop(article.id, None)  # type: ignore[arg-type]
        self._store.favorites = {f for f in self._store.favorites if f[1] != article.id}


class InMemoryFavoriteRepository:
    def __init__(self, store: InMemoryArticleStore) -> None:
        self._store = store

    async def add(self, user_id: int, article_id: int) -> bool:
        if article_id not in self._store.articles:
            raise NotFound("article")
        new = (user_id, article_id) not in self._store.favorites
        self._store.favorites.add((user_id, article_id))
        return new

    async def remove(self, user_id: int, article_id: int) -> None:
        self._store.favorites.discard((user_id, article_id))


class InMemoryArticleQueries:
    """The read model over the store, asking identity and profiles through their facades."""

    def __init__(
        self, store: InMemoryArticleStore, users: UserDirectory, profiles: ProfileDirectory
    ) -> None:
        self._store = store
        self._users = users
        self._profiles = profiles

    async def page(self, filter: ArticleFilter, page: Page, viewer_id: int | None) -> ArticlePage:
        matches = [a for a in self._store.articles.values() if await self._matches(a, filter)]
        matches.sort(key=lambda a: (a.created_at, a.id or 0), reverse=True)
        shown = matches[page.offset : page.offset + page.limit]
        views = await self._views(shown, viewer_id, with_body=False)
        return ArticlePage(views, len(matches))

    async def one(self, slug: str, viewer_id: int | None) -> ArticleView | None:
        found = [a for a in self._store.articles.values() if a.slug == slug]
        views = await self._views(found, viewer_id, with_body=True)
        return views[0] if views else None

    async def tags(self) -> list[str]:
        return sorted({tag for a in self._store.articles.values() for tag in a.tags})

    async def _matches(self, article: Article, filter: ArticleFilter) -> bool:
        if filter.tag is not None and filter.tag not in article.tags:
            return False
        if filter.author is not None:
            author = await self._users.by_username(filter.author)
            if author is None or author.id != article.author_id:
                return False
        if filter.favorited is not None:
            fan = await self._users.by_username(filter.favorited)
            if fan is None or (fan.id, article.id) not in self._store.favorites:
                return False
        if filter.followed_by is not None:
            followed = await self._profiles.followees_of(filter.followed_by)
            if article.author_id not in followed:
                return False
        return True

    async def _views(
        self, articles: list[Article], viewer_id: int | None, with_body: bool
    ) -> list[ArticleView]:
        authors = await self._profiles.profiles({a.author_id for a in articles}, viewer_id)
        return [
            ArticleView(
                slug=a.slug,
                title=a.title,
                description=a.description,
                body=a.body if with_body else None,
                tags=sorted(a.tags),
                created_at=a.created_at,
                updated_at=a.updated_at,
                favorited=(viewer_id, a.id) in self._store.favorites,
                favorites_count=sum(1 for f in self._store.favorites if f[1] == a.id),
                author=authors[a.author_id],
            )
            for a in articles
        ]
