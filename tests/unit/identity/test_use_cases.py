"""Identity use cases against in-memory fakes."""

import pytest

from application.identity.log_in import LogInCommand
from application.identity.register_user import RegisterUserCommand
from application.identity.update_user import UpdateUserCommand
from domain.shared.errors import AlreadyTaken, InvalidInput, Unauthenticated
from tests.unit.identity.conftest import Identity

PASSWORD = "correct horse"


async def register(identity: Identity, name: str = "jake") -> int:
    await identity.register(RegisterUserCommand(name, f"{name}@example.com", PASSWORD))
    stored = await identity.users.find_by_username(name)
    assert stored is not None
    assert stored.id is not None
    return stored.id


async def test_registering_stores_a_hashed_password_and_signs_the_user_in(
    identity: Identity,
) -> None:
    signed_in = await identity.register(RegisterUserCommand("jake", "jake@example.com", PASSWORD))

    stored = await identity.users.find_by_username("jake")
    assert stored is not None
    assert stored.id is not None
    assert stored.password_hash != PASSWORD
    assert identity.tokens.verify(signed_in.token).user_id == stored.id
    assert (signed_in.bio, signed_in.image) == (None, None)
    assert stored.created_at == stored.updated_at == identity.clock.now()


async def test_registration_reports_every_invalid_field(identity: Identity) -> None:
    with pytest.raises(InvalidInput) as error:
        await identity.register(RegisterUserCommand("", "", "short"))

    assert set(error.value.errors) == {"username", "email", "password"}
    assert identity.users.users == {}


@pytest.mark.parametrize(
    ("username", "email", "field"),
    [("jake", "new@example.com", "username"), ("new", "JAKE@example.com", "email")],
)
async def test_registration_refuses_taken_names(
    identity: Identity, username: str, email: str, field: str
) -> None:
    await register(identity)

    with pytest.raises(AlreadyTaken) as error:
        await identity.register(RegisterUserCommand(username, email, PASSWORD))

    assert error.value.field == field


async def test_login_with_the_right_password_signs_in(identity: Identity) -> None:
    user_id = await register(identity)

    signed_in = await identity.log_in(LogInCommand("JAKE@example.com", PASSWORD))

    assert identity.tokens.verify(signed_in.token).user_id == user_id


@pytest.mark.parametrize(
    ("email", "password"), [("jake@example.com", "wrong one"), ("who@example.com", PASSWORD)]
)
async def test_login_failures_look_alike_and_always_verify_a_hash(
    identity: Identity, email: str, password: str
) -> None:
    await register(identity)

    with pytest.raises(Unauthenticated) as error:
        await identity.log_in(LogInCommand(email, password))

    assert (error.value.key, error.value.message) == ("credentials", "invalid")
    assert identity.hasher.verifications == 1  # the unknown email pays for a check as well


async def test_the_current_user_is_read_back(identity: Identity) -> None:
    user_id = await register(identity)

    me = await identity.current_user(user_id, "the-token")

    assert (me.username, me.token) == ("jake", "the-token")


async def test_a_token_of_a_vanished_user_is_invalid(identity: Identity) -> None:
    with pytest.raises(Unauthenticated):
        await identity.current_user(404, "t")


async def test_a_caller_is_a_valid_token_of_a_user_who_still_exists(identity: Identity) -> None:
    user_id = await register(identity)
    vanished = identity.tokens.issue(404)

    assert await identity.authenticate(identity.tokens.issue(user_id)) == user_id
    with pytest.raises(Unauthenticated):
        await identity.authenticate(vanished)
    with pytest.raises(Unauthenticated):
        await identity.authenticate("not-a-token")


async def test_update_leaves_absent_fields_alone_and_clears_blank_bio(identity: Identity) -> None:
    user_id = await register(identity)
    await identity.update(
        UpdateUserCommand(user_id, frozenset({"bio", "image"}), bio="hi", image="img")
    )
    identity.clock.advance(seconds=5)

    me = await identity.update(UpdateUserCommand(user_id, frozenset({"bio"}), bio=""))

    assert (me.username, me.email, me.bio, me.image) == ("jake", "jake@example.com", None, "img")
    stored = await identity.users.get(user_id)
    assert stored is not None
    assert stored.updated_at == identity.clock.now()


async def test_update_changes_the_password_hash(identity: Identity) -> None:
    user_id = await register(identity)

    await identity.update(
        UpdateUserCommand(user_id, frozenset({"password"}), password="new password")
    )

    await identity.log_in(LogInCommand("jake@example.com", "new password"))
    with pytest.raises(Unauthenticated):
        await identity.log_in(LogInCommand("jake@example.com", PASSWORD))


async def test_update_ignores_the_callers_own_names_but_refuses_others(identity: Identity) -> None:
    user_id = await register(identity)
    await register(identity, "jane")

    await identity.update(
        UpdateUserCommand(
            user_id, frozenset({"username", "email"}), username="jake", email="jake@example.com"
        )
    )
    with pytest.raises(AlreadyTaken):
        await identity.update(UpdateUserCommand(user_id, frozenset({"username"}), username="jane"))


async def test_updates_in_the_same_millisecond_still_move_updated_at(identity: Identity) -> None:
    user_id = await register(identity)
    before = await identity.users.get(user_id)
    assert before is not None

    await identity.update(UpdateUserCommand(user_id, frozenset({"bio"}), bio="same instant"))

    after = await identity.users.get(user_id)
    assert after is not None
    assert after.updated_at > before.updated_at


async def test_a_refused_update_changes_nothing(identity: Identity) -> None:
    user_id = await register(identity)

    with pytest.raises(InvalidInput):
        await identity.update(
            UpdateUserCommand(user_id, frozenset({"bio", "email"}), bio="new", email="")
        )

    stored = await identity.users.get(user_id)
    assert stored is not None
    assert stored.bio is None
