"""The names a new context is built from, checked before anything is written."""

import keyword
import re
from dataclasses import dataclass

from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS as POSTGRES_RESERVED
from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer

from entrypoints.cli.mistakes import CONFIGURATION, Mistake

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# Packages of the layers and of the tests that are not contexts, words the tools own, and the
# root container's own providers (the composition root refuses a context named like one).
TAKEN = frozenset(
    {"shared", "app", "cli", "composition", "http", "observability", "serving", "support"}
    | {"settings", "versions", "tests", "test", "conftest", "published", "context"}
    | {"config", "broker"}
)
SQLITE_RESERVED = SQLiteIdentifierPreparer.reserved_words
POSTGRES_IDENTIFIER_MAX = 63
ALEMBIC_REVISION_MAX = 32  # alembic_version.version_num is a VARCHAR(32)


@dataclass(frozen=True)
class ContextNames:
    """`bookmarks` -> entity `bookmark`, classes `Bookmarks...`/`Bookmark`, path /bookmarks."""

    name: str
    entity: str

    @property
    def Name(self) -> str:  # the class-name form
        return camel(self.name, upper=True)

    @property
    def Entity(self) -> str:
        return camel(self.entity, upper=True)

    @property
    def words(self) -> str:
        return self.name.replace("_", " ")

    @property
    def entity_words(self) -> str:
        return self.entity.replace("_", " ")

    @property
    def path(self) -> str:
        return "/" + self.name.replace("_", "-")

    @property
    def one_key(self) -> str:
        """The JSON key of one item, camelCase as the rest of the API."""
        return camel(self.entity, upper=False)

    @property
    def many_key(self) -> str:
        return camel(self.name, upper=False)

    @property
    def identifiers(self) -> dict[str, tuple[str, int]]:
        """Every database identifier the scaffold creates: what it is, and its longest form."""
        name, most = self.name, POSTGRES_IDENTIFIER_MAX
        return {
            f"0001_{name}": ("Alembic revision id", ALEMBIC_REVISION_MAX),
            f"ix_{name}_owner_id_created_at_id": ("PostgreSQL index name", most),
            f"fk_{name}_owner_id_users": ("PostgreSQL constraint name", most),
            f"pk_{name}": ("PostgreSQL constraint name", most),
            f"{name}_id_seq": ("PostgreSQL sequence name", most),
        }


def camel(snake: str, *, upper: bool) -> str:
    head, *rest = snake.split("_")
    return (head.capitalize() if upper else head) + "".join(p.capitalize() for p in rest)


def singular(name: str) -> str:
    """A naive singular (`bookmarks` -> `bookmark`); `--entity` names it when this is wrong."""
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss") and len(name) > 2:
        return name[:-1]
    return f"{name}_item"


def checked_names(name: str, entity: str | None, existing: set[str]) -> ContextNames:
    """Raises `Mistake` (one line) for a name that cannot be a new context."""
    _check_word("context name", name)
    if name in existing:
        raise Mistake(f"a context named {name!r} already exists", CONFIGURATION)
    if entity is None:
        entity = singular(name)
        _check_word(f"entity name (guessed from {name!r}: set it with --entity)", entity)
    _check_word("entity name", entity)
    if len(entity) > len(name) + len("_item"):
        raise Mistake(f"the entity name {entity!r} is longer than the context's", CONFIGURATION)
    if entity == name:
        raise Mistake(f"the entity name must differ from the context's ({name!r})", CONFIGURATION)
    names = ContextNames(name, entity)
    for identifier, (what, limit) in names.identifiers.items():
        if len(identifier) > limit:
            shortest = len(name) - len(identifier) + limit
            raise Mistake(
                f"{name!r} is too long: its {what} {identifier!r} would be over {limit} "
                f"characters (at most {shortest} for the name)",
                CONFIGURATION,
            )
    return names


def _check_word(what: str, word: str) -> None:
    if not SNAKE_CASE.match(word):
        raise Mistake(
            f"{word!r} is not a valid {what}: lower-case letters, digits and single "
            "underscores, starting with a letter (e.g. reading_lists)",
            CONFIGURATION,
        )
    if keyword.iskeyword(word) or keyword.issoftkeyword(word):
        reserved_by = "Python"
    elif word in POSTGRES_RESERVED or word in SQLITE_RESERVED:
        reserved_by = "SQL"
    elif word in TAKEN:
        reserved_by = "the project's layout"
    else:
        return
    raise Mistake(f"{word!r} is reserved by {reserved_by}: choose another {what}", CONFIGURATION)
