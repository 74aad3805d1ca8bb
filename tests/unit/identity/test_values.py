"""The identity context's value rules, in pure Python."""

import pytest

from domain.identity.values import Email, Password, Username
from domain.shared.errors import InvalidInput


def messages(error: pytest.ExceptionInfo[InvalidInput]) -> dict[str, list[str]]:
    return error.value.errors


@pytest.mark.parametrize(
    "raw", ["jake", "Jake_99", "j.a-k.e", "Jürgen", "x" * 64, "...", ".jake", "jake.."]
)
def test_usernames_of_word_characters_dots_and_dashes_are_accepted(raw: str) -> None:
    assert Username.parse(raw).value == raw


def test_usernames_are_trimmed() -> None:
    assert Username.parse("  jake ").value == "jake"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "can't be blank"),
        ("", "can't be blank"),
        ("   ", "can't be blank"),
        ("x" * 65, "is too long (maximum is 64 characters)"),
        ("a b", "may only contain letters, digits, '_', '-' and '.'"),
        ("a/b", "may only contain letters, digits, '_', '-' and '.'"),
        ("a?b", "may only contain letters, digits, '_', '-' and '.'"),
        (".", "can't be '.' or '..'"),
        (" .. ", "can't be '.' or '..'"),
    ],
)
def test_bad_usernames_are_refused_with_a_reason(raw: str | None, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        Username.parse(raw)

    assert messages(error) == {"username": [message]}


@pytest.mark.parametrize("raw", ["jake@jake.jake", "ggn-email-1234", "a+b@c.io"])
def test_emails_are_loose_identifiers(raw: str) -> None:
    assert Email.parse(raw).value == raw


def test_the_canonical_email_ignores_case() -> None:
    assert Email.parse("Jake@Example.COM").canonical == "jake@example.com"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "can't be blank"),
        ("", "can't be blank"),
        ("a b@c.d", "is invalid"),
        ("a\x00b", "is invalid"),
        ("e" * 255, "is invalid"),
    ],
)
def test_bad_emails_are_refused(raw: str | None, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        Email.parse(raw)

    assert messages(error) == {"email": [message]}


@pytest.mark.parametrize("raw", ["12345678", "        ", "p" * 64, "p" * 256, "パスワード四五六七"])
def test_any_password_of_8_to_256_characters_is_accepted(raw: str) -> None:
    assert Password.parse(raw).value == raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "can't be blank"),
        ("", "can't be blank"),
        ("1234567", "is too short (minimum is 8 characters)"),
        ("p" * 257, "is too long (maximum is 256 characters)"),
    ],
)
def test_passwords_outside_the_length_rules_are_refused(raw: str | None, message: str) -> None:
    with pytest.raises(InvalidInput) as error:
        Password.parse(raw)

    assert messages(error) == {"password": [message]}


def test_a_password_never_shows_itself() -> None:
    assert "hunter22" not in repr(Password.parse("hunter22"))


def test_an_email_whose_canonical_form_outgrows_the_limit_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Email.parse("ß" * 200 + "@x.io")  # 205 characters, 405 once case-folded
