"""The profiles context's container."""

from dependency_injector import containers, providers

from adapters.profiles.sql_profile_directory import SqlProfileDirectory
from adapters.profiles.unit_of_work import SqlProfilesUnitOfWork
from application.profiles.follow_user import FollowUser, UnfollowUser
from application.profiles.get_profile import GetProfile


class ProfilesContainer(containers.DeclarativeContainer):
    shared = providers.DependenciesContainer()
    identity = providers.DependenciesContainer()  # only its published UserDirectory is used

    uow = providers.Factory(
        SqlProfilesUnitOfWork,
        sessions=shared.sessions,
        subscriptions=shared.subscriptions,
        clock=shared.clock,
    )
    # Published to other contexts (application/profiles/published.py).
    directory = providers.Singleton(SqlProfileDirectory, database=shared.read_database)

    get_profile = providers.Factory(GetProfile, profiles=directory)
    follow_user = providers.Factory(FollowUser, users=identity.user_directory, uow=uow.provider)
    unfollow_user = providers.Factory(UnfollowUser, users=identity.user_directory, uow=uow.provider)
