"""Routes: register, log in, read and update the current user."""

from typing import Annotated

from fastapi import Request, Response

from application.identity.get_current_user import GetCurrentUser
from application.identity.log_in import LogIn, LogInCommand
from application.identity.register_user import RegisterUser, RegisterUserCommand
from application.identity.update_user import UpdateUser, UpdateUserCommand
from entrypoints.http.identity.schemas import (
    LoginUserRequest,
    NewUserRequest,
    UpdateUserRequest,
    UserResponse,
    user_response,
)
from entrypoints.http.shared.auth import CallerId, CallerIdCheckedByUseCase, token_of
from entrypoints.http.shared.provide import provided
from entrypoints.http.shared.router import context_router
from entrypoints.http.shared.schemas import error_responses

router = context_router(tags=["User and Authentication"])


@router.post(
    "/users/login",
    operation_id="Login",
    response_model=UserResponse,
    summary="Log in with email and password",
    responses=error_responses(401, 422),
)
async def log_in(
    body: LoginUserRequest,
    log_in: Annotated[LogIn, provided(lambda c: c.identity.log_in)],
) -> Response:
    user = await log_in(LogInCommand(email=body.user.email, password=body.user.password))
    return user_response(user)


@router.post(
    "/users",
    status_code=201,
    operation_id="CreateUser",
    response_model=UserResponse,
    summary="Register a new user",
    responses=error_responses(409, 422),
)
async def register(
    body: NewUserRequest,
    register_user: Annotated[RegisterUser, provided(lambda c: c.identity.register_user)],
) -> Response:
    user = await register_user(
        RegisterUserCommand(
            username=body.user.username, email=body.user.email, password=body.user.password
        )
    )
    return user_response(user, status_code=201)


@router.get(
    "/user",
    operation_id="GetCurrentUser",
    response_model=UserResponse,
    summary="The current user",
    responses=error_responses(401),
)
async def current_user(
    request: Request,
    caller: CallerIdCheckedByUseCase,  # GetCurrentUser reads the user anyway
    get_current_user: Annotated[GetCurrentUser, provided(lambda c: c.identity.get_current_user)],
) -> Response:
    token = token_of(request)
    assert token is not None
    return user_response(await get_current_user(caller, token))


@router.put(
    "/user",
    operation_id="UpdateCurrentUser",
    response_model=UserResponse,
    summary="Update the current user",
    responses=error_responses(401, 409, 422),
)
async def update_current_user(
    body: UpdateUserRequest,
    caller: CallerId,
    update_user: Annotated[UpdateUser, provided(lambda c: c.identity.update_user)],
) -> Response:
    changes = body.user
    user = await update_user(
        UpdateUserCommand(
            user_id=caller,
            given=frozenset(changes.model_fields_set),
            email=changes.email,
            username=changes.username,
            password=changes.password,
            bio=changes.bio,
            image=changes.image,
        )
    )
    return user_response(user)
