"""Tag lists: trimmed, distinct, sorted; no blank tags, no control characters."""

import unicodedata

from domain.shared.errors import InvalidInput

MAX_TAGS = 50
MAX_TAG_LENGTH = 64


def parse_tag_list(raw: list[str] | None) -> tuple[str, ...]:
    if raw is None:
        raise InvalidInput.of("tagList", "must be a list of tags, [] for none")
    tags = {tag.strip() for tag in raw}
    if "" in tags:
        raise InvalidInput.of("tagList", "can't contain blank tags")
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            raise InvalidInput.of("tagList", f"has a tag longer than {MAX_TAG_LENGTH} characters")
        if any(unicodedata.category(char) == "Cc" for char in tag):
            raise InvalidInput.of("tagList", "can't contain control characters")
    if len(tags) > MAX_TAGS:
        raise InvalidInput.of("tagList", f"can't hold more than {MAX_TAGS} tags")
    return tuple(sorted(tags))
