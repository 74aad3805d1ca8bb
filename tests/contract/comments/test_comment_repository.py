"""The CommentRepository contract, held by the in-memory fake and the SQL adapter alike."""

from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from adapters.comments.in_memory import InMemoryCommentRepository
from adapters.comments.sql_comment_repository import SqlCommentRepository
from domain.comments.comment import Comment
from domain.comments.repository import CommentRepository
from tests.contract.articles.rows import NOW, Rows
from tests.contract.implementation import Implementation

OUT_OF_32_BITS = [2**31, 2**63, -(2**31) - 1]


@dataclass
class Scene:
    """Two users and two articles to comment on."""

    jake: int
    jane: int
    article: int
    other_article: int


@pytest.fixture
def comments(implementation: Implementation) -> CommentRepository:
    if implementation.kind == "memory":
        return InMemoryCommentRepository()
    return SqlCommentRepository(implementation.sql)


@pytest.fixture
async def scene(implementation: Implementation) -> Scene:
    rows = Rows.of(implementation)
    jake, jane = await rows.user("jake"), await rows.user("jane")
    article, other = await rows.article(jake, "One"), await rows.article(jake, "Two")
    assert article.id is not None
    assert other.id is not None
    return Scene(jake, jane, article.id, other.id)


def comment(article_id: int, author_id: int, body: str = "Nice!", seconds: int = 0) -> Comment:
    return Comment.write(article_id, author_id, body, NOW + timedelta(seconds=seconds))


async def stored(comments: CommentRepository, new: Comment) -> int:
    added = await comments.add(new)
    assert added.id is not None
    return added.id


async def test_added_comments_get_an_id_and_read_back_equal(
    comments: CommentRepository, scene: Scene
) -> None:
    new = comment(scene.article, scene.jane)

    added = await comments.add(new)

    assert added.id is not None
    assert added == replace(new, id=added.id)
    assert await comments.get(added.id) == added


async def test_ids_are_distinct(comments: CommentRepository, scene: Scene) -> None:
    first = await stored(comments, comment(scene.article, scene.jane))
    second = await stored(comments, comment(scene.article, scene.jane))

    assert first != second


async def test_unknown_ids_find_nothing(comments: CommentRepository, scene: Scene) -> None:
    known = await stored(comments, comment(scene.article, scene.jane))

    assert await comments.get(known + 1000) is None
    assert await comments.get(0) is None


@pytest.mark.parametrize("comment_id", OUT_OF_32_BITS)
async def test_ids_beyond_32_bits_find_nothing(
    comments: CommentRepository, scene: Scene, comment_id: int
) -> None:
    await stored(comments, comment(scene.article, scene.jane))

    assert await comments.get(comment_id) is None


async def test_removing_a_comment_leaves_the_others(
    comments: CommentRepository, scene: Scene
) -> None:
    gone = await stored(comments, comment(scene.article, scene.jane))
    kept = await stored(comments, comment(scene.article, scene.jake))

    await comments.remove(gone)

    assert await comments.get(gone) is None
    assert await comments.get(kept) is not None


async def test_removing_an_unknown_comment_is_not_an_error(
    comments: CommentRepository, scene: Scene
) -> None:
    known = await stored(comments, comment(scene.article, scene.jane))

    await comments.remove(known)
    await comments.remove(known)

    assert await comments.get(known) is None


@pytest.mark.parametrize("comment_id", OUT_OF_32_BITS)
async def test_removing_an_id_beyond_32_bits_is_not_an_error(
    comments: CommentRepository, scene: Scene, comment_id: int
) -> None:
    known = await stored(comments, comment(scene.article, scene.jane))

    await comments.remove(comment_id)

    assert await comments.get(known) is not None


async def test_removing_all_of_an_article_leaves_other_articles_comments(
    comments: CommentRepository, scene: Scene
) -> None:
    first = await stored(comments, comment(scene.article, scene.jane))
    second = await stored(comments, comment(scene.article, scene.jake, seconds=1))
    elsewhere = await stored(comments, comment(scene.other_article, scene.jane))

    await comments.remove_all_of_article(scene.article)

    assert await comments.get(first) is None
    assert await comments.get(second) is None
    assert await comments.get(elsewhere) is not None


async def test_removing_all_of_an_article_without_comments_is_not_an_error(
    comments: CommentRepository, scene: Scene
) -> None:
    elsewhere = await stored(comments, comment(scene.other_article, scene.jane))

    await comments.remove_all_of_article(scene.article)

    assert await comments.get(elsewhere) is not None
