"""Slugs: ASCII, lower case, dashes between words, never empty, bounded, made unique by suffix."""

import itertools
import re

import pytest

from domain.articles.slug import MAX_BASE, slug_candidates, slugify

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How to Train Your Dragon!", "how-to-train-your-dragon"),
        ("  --Hello,   World--  ", "hello-world"),
        ("Crème brûlée à la carte", "creme-brulee-a-la-carte"),
        ("Python 3.11 & SQL", "python-3-11-sql"),
        ("ﬁne ①", "fine-1"),  # compatibility characters are decomposed
        ("UPPER_case", "upper-case"),
    ],
)
def test_slugs_are_ascii_lower_case_words_joined_by_dashes(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["", "   ", "!!!", "日本語のタイトル", "—", "\x00"])
def test_a_title_without_ascii_letters_or_digits_gets_a_slug_all_the_same(title: str) -> None:
    assert slugify(title) == "article"


def test_long_titles_are_cut_without_leaving_a_dash_at_the_end() -> None:
    slug = slugify("x" * (MAX_BASE - 1) + " and more words")

    assert slug == "x" * (MAX_BASE - 1)


@pytest.mark.parametrize("length", [MAX_BASE, MAX_BASE + 1, 1000])
def test_slugs_never_exceed_the_maximum_base_length(length: int) -> None:
    slug = slugify("ab " * length)

    assert len(slug) <= MAX_BASE
    assert SLUG.match(slug)


def test_the_plain_slug_is_the_first_candidate() -> None:
    assert next(slug_candidates("How to Train Your Dragon")) == "how-to-train-your-dragon"


def test_later_candidates_add_distinct_random_suffixes() -> None:
    candidates = list(itertools.islice(slug_candidates("Dragons"), 1, 21))

    assert all(re.fullmatch(r"dragons-[a-z0-9]{6}", candidate) for candidate in candidates)
    assert len(set(candidates)) == len(candidates)


def test_candidates_of_an_untitled_article_are_valid_slugs_too() -> None:
    candidates = list(itertools.islice(slug_candidates("!!!"), 3))

    assert candidates[0] == "article"
    assert all(SLUG.match(candidate) for candidate in candidates)


def test_a_title_whose_slug_is_a_route_gets_a_suffix() -> None:
    first = next(slug_candidates("Feed"))

    assert first != "feed"
    assert first.startswith("feed-")
