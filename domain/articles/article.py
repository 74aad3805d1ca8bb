"""The Article aggregate: content, tags and slug, changed only by its author."""

from dataclasses import dataclass, replace
from datetime import datetime

from domain.articles.slug import slugify
from domain.articles.tags import parse_tag_list
from domain.shared.errors import Forbidden
from domain.shared.text import required_text
from domain.shared.time import next_timestamp
from domain.shared.validation import FieldErrors

TITLE_MAX = 300
DESCRIPTION_MAX = 2_000
BODY_MAX = 200_000


def parse_title(raw: str | None) -> str:
    return required_text("title", raw, max_length=TITLE_MAX)


def parse_description(raw: str | None) -> str:
    return required_text("description", raw, max_length=DESCRIPTION_MAX)


def parse_body(raw: str | None) -> str:
    return required_text("body", raw, max_length=BODY_MAX)


@dataclass(frozen=True, slots=True)
class ArticleContent:
    """Validated fields of a new article."""

    title: str
    description: str
    body: str
    tags: tuple[str, ...]

    @classmethod
    def parse(
        cls, title: str | None, description: str | None, body: str | None, tags: list[str] | None
    ) -> "ArticleContent":
        errors = FieldErrors()
        parsed = cls(
            title=errors.parse(parse_title, title) or "",
            description=errors.parse(parse_description, description) or "",
            body=errors.parse(parse_body, body) or "",
            tags=errors.parse(parse_tag_list, tags) or (),
        )
        errors.raise_if_any()
        return parsed


@dataclass(frozen=True, slots=True)
class ArticleChanges:
    """Validated changes; None means 'leave as it is'."""

    title: str | None = None
    description: str | None = None
    body: str | None = None
    tags: tuple[str, ...] | None = None

    @classmethod
    def parse(
        cls,
        given: frozenset[str],
        title: str | None = None,
        description: str | None = None,
        body: str | None = None,
        tags: list[str] | None = None,
    ) -> "ArticleChanges":
        """Fields outside `given` are left alone; given ones must be valid (null tags too)."""
        errors = FieldErrors()
        changes = cls(
            title=errors.parse(parse_title, title) if "title" in given else None,
            description=(
                errors.parse(parse_description, description) if "description" in given else None
            ),
            body=errors.parse(parse_body, body) if "body" in given else None,
            tags=errors.parse(parse_tag_list, tags) if "tags" in given else None,
        )
        errors.raise_if_any()
        return changes


@dataclass(frozen=True, slots=True)
class Article:
    """`id` is None until stored. The slug is unique; the repository enforces it."""

    id: int | None
    slug: str
    title: str
    description: str
    body: str
    tags: tuple[str, ...]
    author_id: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def publish(cls, author_id: int, content: ArticleContent, now: datetime) -> "Article":
        return cls(
            id=None,
            slug=slugify(content.title),
            title=content.title,
            description=content.description,
            body=content.body,
            tags=content.tags,
            author_id=author_id,
            created_at=now,
            updated_at=now,
        )

    def ensure_authored_by(self, user_id: int) -> None:
        if user_id != self.author_id:
            raise Forbidden("article")

    def revised(self, editor_id: int, changes: ArticleChanges, now: datetime) -> "Article":
        """The article after the author's changes. A new title brings a new slug."""
        self.ensure_authored_by(editor_id)
        title = changes.title if changes.title is not None else self.title
        renamed = slugify(title) != slugify(self.title)
        return replace(
            self,
            slug=slugify(title) if renamed else self.slug,
            title=title,
            description=changes.description or self.description,
            body=changes.body or self.body,
            tags=changes.tags if changes.tags is not None else self.tags,
            updated_at=next_timestamp(self.updated_at, now),
        )

    def with_slug(self, slug: str) -> "Article":
        return replace(self, slug=slug)
