"""Tag lists: trimmed, distinct, sorted; no blank, overlong or control-character tags."""

import pytest

from domain.articles.tags import MAX_TAG_LENGTH, MAX_TAGS, parse_tag_list
from domain.shared.errors import InvalidInput


def refusal(raw: list[str] | None) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as error:
        parse_tag_list(raw)
    return error.value.errors


def test_tags_are_trimmed_deduplicated_and_sorted() -> None:
    assert parse_tag_list([" training ", "dragons", "training", "dragons "]) == (
        "dragons",
        "training",
    )


def test_tags_keep_their_case_and_sort_by_code_point() -> None:
    assert parse_tag_list(["b", "B", "a", "Á"]) == ("B", "a", "b", "Á")


def test_an_empty_list_means_no_tags() -> None:
    assert parse_tag_list([]) == ()


def test_a_missing_list_is_refused() -> None:
    assert refusal(None) == {"tagList": ["must be a list of tags, [] for none"]}


@pytest.mark.parametrize("blank", ["", " ", "\t "])
def test_blank_tags_are_refused(blank: str) -> None:
    assert refusal(["dragons", blank]) == {"tagList": ["can't contain blank tags"]}


def test_tags_up_to_the_maximum_length_are_accepted() -> None:
    assert parse_tag_list(["x" * MAX_TAG_LENGTH]) == ("x" * MAX_TAG_LENGTH,)


def test_overlong_tags_are_refused() -> None:
    assert refusal(["x" * (MAX_TAG_LENGTH + 1)]) == {
        "tagList": [f"has a tag longer than {MAX_TAG_LENGTH} characters"]
    }


def test_up_to_the_maximum_number_of_distinct_tags_is_accepted() -> None:
    tags = [f"tag{n:02}" for n in range(MAX_TAGS)]

    assert parse_tag_list([*tags, *tags]) == tuple(tags)  # duplicates do not count


def test_more_distinct_tags_than_the_maximum_are_refused() -> None:
    tags = [f"tag{n:02}" for n in range(MAX_TAGS + 1)]

    assert refusal(tags) == {"tagList": [f"can't hold more than {MAX_TAGS} tags"]}


@pytest.mark.parametrize("tag", ["a\nb", "a\tb", "a\x00b", "a\x1fb", "a\x7fb", "a\x85b"])
def test_tags_with_control_characters_are_refused(tag: str) -> None:
    assert refusal([tag]) == {"tagList": ["can't contain control characters"]}
