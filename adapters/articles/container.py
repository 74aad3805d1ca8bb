"""The articles context's container."""

from dependency_injector import containers, providers

from adapters.articles.sql_article_directory import SqlArticleDirectory
from adapters.articles.sql_article_queries import SqlArticleQueries
from adapters.articles.unit_of_work import SqlArticlesUnitOfWork
from application.articles.create_article import CreateArticle
from application.articles.delete_article import DeleteArticle
from application.articles.favorite_article import ToggleFavorite
from application.articles.read_articles import GetArticle, GetFeed, ListArticles, ListTags
from application.articles.update_article import UpdateArticle


class ArticlesContainer(containers.DeclarativeContainer):
    shared = providers.DependenciesContainer()
    identity = providers.DependenciesContainer()  # only its published UserDirectory is used

    uow = providers.Factory(
        SqlArticlesUnitOfWork,
        sessions=shared.sessions,
        subscriptions=shared.subscriptions,
        clock=shared.clock,
    )
    queries = providers.Singleton(SqlArticleQueries, database=shared.read_database)

    create_article = providers.Factory(
        CreateArticle, uow=uow.provider, queries=queries, clock=shared.clock
    )
    update_article = providers.Factory(
        UpdateArticle, uow=uow.provider, queries=queries, clock=shared.clock
    )
    delete_article = providers.Factory(DeleteArticle, uow=uow.provider)
    favorite_article = providers.Factory(ToggleFavorite, uow=uow.provider, queries=queries, on=True)
    unfavorite_article = providers.Factory(
        ToggleFavorite, uow=uow.provider, queries=queries, on=False
    )
    get_article = providers.Factory(GetArticle, queries=queries)
    list_articles = providers.Factory(ListArticles, queries=queries)
    get_feed = providers.Factory(GetFeed, queries=queries, users=identity.user_directory)
    list_tags = providers.Factory(ListTags, queries=queries)

    # Published to other contexts (application/articles/published.py).
    directory = providers.Singleton(SqlArticleDirectory, database=shared.read_database)
