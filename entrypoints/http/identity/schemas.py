"""Request and response bodies of the identity routes."""

from pydantic import BaseModel, Field

from application.identity.dto import SignedInUser
from entrypoints.http.shared.schemas import RequestModel, Text


class NewUser(RequestModel):
    username: Text
    email: Text
    password: Text = Field(json_schema_extra={"format": "password"})


class NewUserRequest(RequestModel):
    user: NewUser


class LoginUser(RequestModel):
    email: Text
    password: Text = Field(json_schema_extra={"format": "password"})


class LoginUserRequest(RequestModel):
    user: LoginUser


class UpdateUser(RequestModel):
    """Every field optional; left out means unchanged. bio/image null or "" clear them."""

    email: Text = None  # type: ignore[assignment]  # null is refused with "can't be blank"
    username: Text = None  # type: ignore[assignment]
    password: Text = Field(default=None, json_schema_extra={"format": "password"})  # type: ignore[assignment]
    bio: Text | None = None
    image: Text | None = None


class UpdateUserRequest(RequestModel):
    user: UpdateUser


class User(BaseModel):
    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


class UserResponse(BaseModel):
    user: User

    @classmethod
    def of(cls, user: SignedInUser) -> "UserResponse":
        return cls(
            user=User(
                email=user.email,
                token=user.token,
                username=user.username,
                bio=user.bio,
                image=user.image,
            )
        )
