"""Renders the new-context templates (entrypoints/cli/templates/new_context) into files."""

import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from entrypoints.cli.scaffold.names import ContextNames

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "new_context"
# The revision that creates identity's users, which every scaffolded table refers to.
USERS_REVISION = "0001_identity"

# template -> where it goes; `{name}`, `{entity}` and, per reaction, `{event}` are filled in.
FILES = {
    "domain/__init__.py.jinja": "domain/{name}/__init__.py",
    "domain/aggregate.py.jinja": "domain/{name}/{entity}.py",
    "domain/repository.py.jinja": "domain/{name}/repository.py",
    "application/__init__.py.jinja": "application/{name}/__init__.py",
    "application/context.py.jinja": "application/{name}/context.py",
    "application/ports.py.jinja": "application/{name}/ports.py",
    "application/create.py.jinja": "application/{name}/create_{entity}.py",
    "application/list.py.jinja": "application/{name}/list_{name}.py",
    "adapters/__init__.py.jinja": "adapters/{name}/__init__.py",
    "adapters/tables.py.jinja": "adapters/{name}/tables.py",
    "adapters/mapper.py.jinja": "adapters/{name}/mapper.py",
    "adapters/sql_repository.py.jinja": "adapters/{name}/sql_{entity}_repository.py",
    "adapters/sql_queries.py.jinja": "adapters/{name}/sql_{entity}_queries.py",
    "adapters/in_memory.py.jinja": "adapters/{name}/in_memory.py",
    "adapters/unit_of_work.py.jinja": "adapters/{name}/unit_of_work.py",
    "adapters/container.py.jinja": "adapters/{name}/container.py",
    "http/__init__.py.jinja": "entrypoints/http/{name}/__init__.py",
    "http/schemas.py.jinja": "entrypoints/http/{name}/schemas.py",
    "http/routes.py.jinja": "entrypoints/http/{name}/routes.py",
    "migrations/first.py.jinja": "migrations/versions/{name}/0001_{name}.py",
    "tests/unit_init.py.jinja": "tests/unit/{name}/__init__.py",
    "tests/unit_conftest.py.jinja": "tests/unit/{name}/conftest.py",
    "tests/unit_aggregate.py.jinja": "tests/unit/{name}/test_{entity}.py",
    "tests/unit_use_cases.py.jinja": "tests/unit/{name}/test_use_cases.py",
    "tests/contract_init.py.jinja": "tests/contract/{name}/__init__.py",
    "tests/contract_repository.py.jinja": "tests/contract/{name}/test_{entity}_repository.py",
    "tests/contract_queries.py.jinja": "tests/contract/{name}/test_{entity}_queries.py",
    "tests/api_init.py.jinja": "tests/api/{name}/__init__.py",
    "tests/api_routes.py.jinja": "tests/api/{name}/test_{name}.py",
    "tests/api_endpoints.py.jinja": "tests/api/{name}/endpoints.py",
}
WITH_REACTIONS = {"adapters/subscriptions.py.jinja": "adapters/{name}/subscriptions.py"}
PER_REACTION = {"application/when.py.jinja": "application/{name}/when_{event}.py"}


@dataclass(frozen=True)
class ReactionStub:
    """An event the new context reacts to (`articles.ArticleDeleted`), and when it hears it."""

    context: str
    event: str
    after_commit: bool

    @property
    def snake(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.event).lower()


@dataclass(frozen=True)
class Scaffold:
    """What `conduit new-context` writes: paths relative to the repository, and contents."""

    names: ContextNames
    summary: str
    uses: tuple[str, ...]
    reactions: tuple[ReactionStub, ...]

    def files(self) -> dict[str, str]:
        environment = Environment(
            loader=FileSystemLoader(TEMPLATES),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # Python source, not HTML
        )
        values = {
            "c": self.names,
            "summary": self.summary,
            "uses": self.uses,
            "reactions": self.reactions,
            "depends_on": (USERS_REVISION,),
        }
        where = {"name": self.names.name, "entity": self.names.entity}
        rendered: dict[str, str] = {}
        for template, target in self._targets():
            for reaction in self.reactions if "{event}" in target else (None,):
                path = target.format(**where, event=reaction.snake if reaction else "")
                rendered[path] = environment.get_template(template).render(**values, r=reaction)
        return rendered

    def _targets(self) -> list[tuple[str, str]]:
        chosen = {**FILES, **(WITH_REACTIONS if self.reactions else {})}
        if self.reactions:
            chosen |= PER_REACTION
        return list(chosen.items())
