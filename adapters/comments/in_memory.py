"""The comments context's fakes: a repository and a read model over one in-memory store."""

from dataclasses import replace

from application.articles.published import ArticleDirectory
from application.comments.ports import CommentView
from application.profiles.published import ProfileDirectory
from domain.comments.comment import Comment


class InMemoryCommentRepository:
    def __init__(self) -> None:
        self.comments: dict[int, Comment] = {}
        self.next_id = 1

    async def add(self, comment: Comment) -> Comment:
        stored = replace(comment, id=self.next_id)
        self.comments[self.next_id] = stored
        self.next_id += 1
        return stored

    async def get(self, comment_id: int) -> Comment | None:
        return self.comments.get(comment_id)

    async def remove(self, comment_id: int) -> None:
        self.comments.pop(comment_id, None)

    async def remove_all_of_article(self, article_id: int) -> None:
        self.comments = {i: c for i, c in self.comments.items() if c.article_id != article_id}


class InMemoryCommentQueries:
    def __init__(
        self,
        repository: InMemoryCommentRepository,
        articles: ArticleDirectory,
        profiles: ProfileDirectory,
    ) -> None:
        self._repository = repository
        self._articles = articles
        self._profiles = profiles

    async def of_article(self, slug: str, viewer_id: int | None) -> list[CommentView] | None:
        article_id = await self._articles.id_of(slug)
        if article_id is None:
            return None
        comments = [c for c in self._repository.comments.values() if c.article_id == article_id]
        comments.sort(key=lambda c: (c.created_at, c.id or 0))
        return await self._views(comments, viewer_id)

    async def one(self, comment_id: int, viewer_id: int | None) -> CommentView | None:
        comment = self._repository.comments.get(comment_id)
        views = await self._views([comment] if comment else [], viewer_id)
        return views[0] if views else None

    async def _views(self, comments: list[Comment], viewer_id: int | None) -> list[CommentView]:
        authors = await self._profiles.profiles({c.author_id for c in comments}, viewer_id)
        return [
            CommentView(c.id or 0, c.body, c.created_at, c.updated_at, authors[c.author_id])
            for c in comments
        ]
