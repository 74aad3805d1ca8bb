"""The Comment aggregate: a non-blank body, deletable only by its author."""

from datetime import UTC, datetime

import pytest

from domain.comments.comment import BODY_MAX, Comment
from domain.shared.errors import Forbidden, InvalidInput

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_a_written_comment_keeps_its_body_as_written() -> None:
    comment = Comment.write(article_id=1, author_id=2, body="  Nice!\n", now=NOW)

    assert comment == Comment(None, 1, 2, "  Nice!\n", NOW, NOW)


@pytest.mark.parametrize("body", [None, "", "   ", "\n\t"])
def test_a_blank_body_is_refused(body: str | None) -> None:
    with pytest.raises(InvalidInput) as error:
        Comment.write(1, 2, body, NOW)

    assert error.value.errors == {"body": ["can't be blank"]}


def test_an_overlong_body_is_refused() -> None:
    with pytest.raises(InvalidInput) as error:
        Comment.write(1, 2, "x" * (BODY_MAX + 1), NOW)

    assert error.value.errors == {"body": [f"is too long (maximum is {BODY_MAX} characters)"]}


def test_the_author_may_delete_their_comment() -> None:
    Comment.write(1, 2, "Nice!", NOW).ensure_deletable_by(2)


def test_nobody_else_may_delete_it() -> None:
    comment = Comment.write(article_id=1, author_id=2, body="Nice!", now=NOW)

    with pytest.raises(Forbidden) as error:
        comment.ensure_deletable_by(1)

    assert error.value.resource == "comment"
