"""The identity context's container: its adapters and use cases, wired."""

from datetime import timedelta

from dependency_injector import containers, providers

from adapters.identity.argon2_password_hasher import Argon2Cost, argon2_password_hasher
from adapters.identity.jwt_token_service import JwtTokenService
from adapters.identity.sql_user_directory import SqlUserDirectory
from adapters.identity.unit_of_work import SqlIdentityUnitOfWork
from application.identity.authenticate_caller import AuthenticateCaller
from application.identity.get_current_user import GetCurrentUser
from application.identity.log_in import LogIn
from application.identity.register_user import RegisterUser
from application.identity.update_user import UpdateUser
from application.identity.verify_token import VerifyToken


class IdentityContainer(containers.DeclarativeContainer):
    config = providers.Configuration()
    shared = providers.DependenciesContainer()

    # A Resource: the root's shutdown_resources() closes its threads, if it was ever made.
    hasher = providers.Resource(
        argon2_password_hasher,
        cost=providers.Factory(
            Argon2Cost,
            time_cost=config.password_hash_time_cost,
            memory_kib=config.password_hash_memory_kib,
        ),
        threads=config.password_hash_threads,
    )
    tokens = providers.Singleton(
        JwtTokenService,
        secret=config.jwt_secret,
        lifetime=providers.Factory(timedelta, minutes=config.token_lifetime_minutes),
        clock=shared.clock,
    )
    uow = providers.Factory(
        SqlIdentityUnitOfWork, sessions=shared.sessions, subscriptions=shared.subscriptions
    )

    register_user = providers.Factory(
        RegisterUser, uow=uow.provider, hasher=hasher, tokens=tokens, clock=shared.clock
    )
    log_in = providers.Factory(LogIn, uow=uow.provider, hasher=hasher, tokens=tokens)
    get_current_user = providers.Factory(GetCurrentUser, uow=uow.provider, tokens=tokens)
    update_user = providers.Factory(
        UpdateUser, uow=uow.provider, hasher=hasher, tokens=tokens, clock=shared.clock
    )
    # Published to other contexts (application/identity/published.py).
    user_directory = providers.Singleton(SqlUserDirectory, database=shared.read_database)

    verify_token = providers.Singleton(VerifyToken, tokens=tokens)
    authenticate_caller = providers.Singleton(
        AuthenticateCaller, tokens=tokens, users=user_directory
    )
