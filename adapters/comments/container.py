"""The comments context's container."""

from dependency_injector import containers, providers

from adapters.comments.sql_comment_queries import SqlCommentQueries
from adapters.comments.unit_of_work import SqlCommentsUnitOfWork
from application.comments.add_comment import AddComment
from application.comments.delete_comment import DeleteComment
from application.comments.list_comments import ListComments


class CommentsContainer(containers.DeclarativeContainer):
    shared = providers.DependenciesContainer()
    articles = providers.DependenciesContainer()  # only its published ArticleDirectory is used

    uow = providers.Factory(
        SqlCommentsUnitOfWork, sessions=shared.sessions, subscriptions=shared.subscriptions
    )
    queries = providers.Singleton(SqlCommentQueries, database=shared.read_database)

    add_comment = providers.Factory(
        AddComment,
        articles=articles.directory,
        uow=uow.provider,
        queries=queries,
        clock=shared.clock,
    )
    delete_comment = providers.Factory(DeleteComment, articles=articles.directory, uow=uow.provider)
    list_comments = providers.Factory(ListComments, queries=queries)
