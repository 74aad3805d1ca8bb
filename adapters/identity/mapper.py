"""Maps between the users table and the User aggregate."""

from adapters.identity.tables import UserRow
from domain.identity.user import User
from domain.identity.values import Email, Username


def to_domain(row: UserRow) -> User:
    return User(
        id=row.id,
        username=Username(row.username),
        email=Email(row.email),
        password_hash=row.password_hash,
        bio=row.bio,
        image=row.image,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def to_row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        username=user.username.value,
        email=user.email.value,
        email_canonical=user.email.canonical,
        password_hash=user.password_hash,
        bio=user.bio,
        image=user.image,
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


def copy_to_row(user: User, row: UserRow) -> UserRow:
    row.username = user.username.value
    row.email = user.email.value
    row.email_canonical = user.email.canonical
    row.password_hash = user.password_hash
    row.bio = user.bio
    row.image = user.image
    row.created_at = user.created_at
    row.updated_at = user.updated_at
    return row
