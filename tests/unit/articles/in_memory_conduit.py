"""Profiles, articles and comments use cases wired to the in-memory fakes, as the container does."""

from dataclasses import dataclass, field

from adapters.articles.in_memory import InMemoryArticleQueries, InMemoryArticleStore
from adapters.articles.repository_article_directory import RepositoryArticleDirectory
from adapters.articles.unit_of_work import InMemoryArticlesUnitOfWork
from adapters.comments.in_memory import InMemoryCommentQueries, InMemoryCommentRepository
from adapters.comments.unit_of_work import InMemoryCommentsUnitOfWork
from adapters.identity.in_memory_user_repository import InMemoryUserRepository
from adapters.identity.repository_user_directory import RepositoryUserDirectory
from adapters.identity.unit_of_work import InMemoryIdentityUnitOfWork
from adapters.profiles.in_memory_follow_repository import InMemoryFollowRepository
from adapters.profiles.repository_profile_directory import RepositoryProfileDirectory
from adapters.profiles.unit_of_work import InMemoryProfilesUnitOfWork
from adapters.shared.fakes import FixedClock
from application.articles.create_article import CreateArticle, CreateArticleCommand
from application.articles.delete_article import DeleteArticle
from application.articles.favorite_article import ToggleFavorite
from application.articles.ports import ArticleView
from application.articles.published import ArticleDeleted, ArticleFavorited, ArticlePublished
from application.articles.read_articles import GetArticle, GetFeed, ListArticles, ListTags
from application.articles.update_article import UpdateArticle
from application.comments.add_comment import AddComment
from application.comments.delete_comment import DeleteComment
from application.comments.list_comments import ListComments
from application.comments.published import CommentAdded
from application.comments.when_article_deleted import remove_comments_of_deleted_article
from application.profiles.follow_user import FollowUser, UnfollowUser
from application.profiles.get_profile import GetProfile
from application.profiles.published import UserFollowed
from application.shared.events import EventSubscriptions, IntegrationEvent
from domain.identity.user import User
from domain.identity.values import Email, Username


@dataclass
class Conduit:
    """The fakes' stores, every use case over them, and the events articles published."""

    clock: FixedClock = field(default_factory=FixedClock)
    users: InMemoryUserRepository = field(default_factory=InMemoryUserRepository)
    follows: InMemoryFollowRepository = field(default_factory=InMemoryFollowRepository)
    store: InMemoryArticleStore = field(default_factory=InMemoryArticleStore)
    comments: InMemoryCommentRepository = field(default_factory=InMemoryCommentRepository)
    deleted: list[ArticleDeleted] = field(default_factory=list)
    # The events the notifications hear, in the order their transactions committed.
    published: list[IntegrationEvent] = field(default_factory=list)
    subscriptions: EventSubscriptions[None] = field(default_factory=EventSubscriptions)

    def __post_init__(self) -> None:
        async def record(event: ArticleDeleted, _tx: None) -> None:
            self.deleted.append(event)

        async def remove_comments(event: ArticleDeleted, _tx: None) -> None:
            await remove_comments_of_deleted_article(event, self.comments)

        async def record_published(event: IntegrationEvent, _tx: None) -> None:
            self.published.append(event)

        self.subscriptions.subscribe(ArticleDeleted, record)
        self.subscriptions.subscribe(ArticleDeleted, remove_comments)
        for event_type in (ArticlePublished, ArticleFavorited, CommentAdded, UserFollowed):
            self.subscriptions.subscribe(event_type, record_published)
        self.user_directory = RepositoryUserDirectory(self.identity_uow)
        self.profile_directory = RepositoryProfileDirectory(self.user_directory, self.profiles_uow)
        self.article_directory = RepositoryArticleDirectory(self.articles_uow)
        self.article_queries = InMemoryArticleQueries(
            self.store, self.user_directory, self.profile_directory
        )
        self.comment_queries = InMemoryCommentQueries(
            self.comments, self.article_directory, self.profile_directory
        )

    def identity_uow(self) -> InMemoryIdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(self.users)

    def profiles_uow(self) -> InMemoryProfilesUnitOfWork:
        return InMemoryProfilesUnitOfWork(self.follows, self.subscriptions)

    def articles_uow(self) -> InMemoryArticlesUnitOfWork:
        return InMemoryArticlesUnitOfWork(self.store, self.subscriptions)

    def comments_uow(self) -> InMemoryCommentsUnitOfWork:
        return InMemoryCommentsUnitOfWork(self.comments, self.subscriptions)

    # Profiles
    def get_profile(self) -> GetProfile:
        return GetProfile(self.profile_directory)

    def follow_user(self) -> FollowUser:
        return FollowUser(self.user_directory, self.profiles_uow)

    def unfollow_user(self) -> UnfollowUser:
        return UnfollowUser(self.user_directory, self.profiles_uow)

    # Articles
    def create_article(self) -> CreateArticle:
        return CreateArticle(self.articles_uow, self.article_queries, self.clock)

    def update_article(self) -> UpdateArticle:
        return UpdateArticle(self.articles_uow, self.article_queries, self.clock)

    def delete_article(self) -> DeleteArticle:
        return DeleteArticle(self.articles_uow)

    def toggle_favorite(self, on: bool) -> ToggleFavorite:
        return ToggleFavorite(self.articles_uow, self.article_queries, on=on)

    def get_article(self) -> GetArticle:
        return GetArticle(self.article_queries)

    def list_articles(self) -> ListArticles:
        return ListArticles(self.article_queries)

    def get_feed(self) -> GetFeed:
        return GetFeed(self.article_queries, self.user_directory)

    def list_tags(self) -> ListTags:
        return ListTags(self.article_queries)

    # Comments
    def add_comment(self) -> AddComment:
        return AddComment(
            self.article_directory, self.comments_uow, self.comment_queries, self.clock
        )

    def delete_comment(self) -> DeleteComment:
        return DeleteComment(self.article_directory, self.comments_uow)

    def list_comments(self) -> ListComments:
        return ListComments(self.comment_queries)

    # Setting the scene
    async def user(self, name: str) -> int:
        user = User.register(
            username=Username(name),
            email=Email(f"{name}@example.com"),
            password_hash="h",
            now=self.clock.now(),
        )
        stored = await self.users.add(user)
        assert stored.id is not None
        return stored.id

    async def article(
        self, author_id: int, title: str = "How to train your dragon", tags: list[str] | None = None
    ) -> ArticleView:
        command = CreateArticleCommand(
            author_id, title, "Ever wonder how?", "Very carefully.", tags or []
        )
        return await self.create_article()(command)
