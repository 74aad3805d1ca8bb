"""Request and response bodies of the identity routes."""

from typing import Annotated

from starlette.responses import Response

from application.identity.dto import SignedInUser
from domain.identity.user import BIO_MAX, IMAGE_MAX
from domain.identity.values import EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX
from entrypoints.http.shared.rendering import json_response
from entrypoints.http.shared.schemas import (
    NO_NUL,
    NOT_BLANK,
    RequestModel,
    ResponseModel,
    Text,
    documented,
)

# What the domain accepts, as JSON Schema (ASCII \w: a subset of what is accepted).
Username = Annotated[Text, documented(f"^[A-Za-z0-9_.\\-]{{1,{USERNAME_MAX}}}$")]
Email = Annotated[Text, documented(f"^[^\\s\\x00-\\x1f\\x7f]{{1,{EMAIL_MAX}}}$")]
Password = Annotated[Text, documented(NO_NUL, minLength=PASSWORD_MIN, maxLength=PASSWORD_MAX)]
Credential = Annotated[Text, documented(NOT_BLANK)]
Bio = Annotated[Text, documented(NO_NUL, maxLength=BIO_MAX)]
Image = Annotated[Text, documented(NO_NUL, maxLength=IMAGE_MAX)]


class NewUser(RequestModel):
    username: Username
    email: Email
    password: Password


class NewUserRequest(RequestModel):
    user: NewUser


class LoginUser(RequestModel):
    email: Credential
    password: Credential


class LoginUserRequest(RequestModel):
    user: LoginUser


class UpdateUser(RequestModel):
    """Every field optional; left out means unchanged. bio/image null or "" clear them."""

    # null is refused for these three ("can't be blank"), so the schema says string only.
    email: Email = None  # type: ignore[assignment]
    username: Username = None  # type: ignore[assignment]
    password: Password = None  # type: ignore[assignment]
    bio: Bio | None = None
    image: Image | None = None


class UpdateUserRequest(RequestModel):
    user: UpdateUser


class User(ResponseModel):
    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


class UserResponse(ResponseModel):
    user: User


def user_response(user: SignedInUser, status_code: int = 200) -> Response:
    shown = {
        "email": user.email,
        "token": user.token,
        "username": user.username,
        "bio": user.bio,
        "image": user.image,
    }
    return json_response({"user": shown}, status_code)
