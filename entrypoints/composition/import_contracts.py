""".importlinter from the declarations: each context closed to the others by construction."""

from collections.abc import Iterable, Sequence

from application.shared.bounded_context import BoundedContext
from entrypoints.composition.contexts import KERNEL, PUBLISHED, declared_contexts, upstream_of

ROOT_PACKAGES = ("domain", "application", "adapters", "entrypoints", "migrations")
# The layers a context spans: each holds one package per context beside the kernel.
CONTEXT_LAYERS = ("domain", "application", "adapters", "entrypoints.http")
FRAMEWORKS = (
    "fastapi",
    "starlette",
    "pydantic",
    "pydantic_settings",
    "sqlmodel",
    "sqlalchemy",
    "alembic",
    "dependency_injector",
    "uvicorn",
    "asyncpg",
    "aiosqlite",
    "jwt",
    "pwdlib",
    "prometheus_client",
    "opentelemetry",
)

HEADER = """\
; Architecture contracts, checked by `lint-imports` from the repo root (and by
; tests/architecture). Generated from the contexts' declarations (application/<ctx>/context.py)
; by `conduit contracts --write`: do not edit by hand. Reasons: docs/adr/0002 and 0011.
"""


def render_contracts(contexts: Sequence[BoundedContext] | None = None) -> str:
    """The whole .importlinter for `contexts` (default: the declared ones)."""
    contexts = declared_contexts() if contexts is None else contexts
    names = [c.name for c in contexts]
    sections = [
        _section("importlinter", root_packages=ROOT_PACKAGES, include_external_packages="True"),
        _section(
            "importlinter:contract:layers",
            name="Layers: entrypoints > adapters > application > domain",
            type="layers",
            layers=("entrypoints", "adapters", "application", "domain"),
        ),
        _section(
            "importlinter:contract:pure-domain",
            name="The domain imports no framework",
            type="forbidden",
            source_modules=("domain",),
            forbidden_modules=FRAMEWORKS,
        ),
        _section(
            "importlinter:contract:framework-free-application",
            name="The application imports no web, ORM, DI or driver framework",
            type="forbidden",
            source_modules=("application",),
            forbidden_modules=FRAMEWORKS,
        ),
        _section(
            "importlinter:contract:composition-root",
            name="Only the composition root (and the migrations) import adapters",
            type="protected",
            protected_modules=("adapters",),
            allowed_importers=("entrypoints.composition", "migrations"),
        ),
        "; `exhaustive`: a package in a layer that no context declares fails until declared.\n"
        + _section(
            "importlinter:contract:declared-contexts",
            name="Every layer holds only declared contexts, independent of each other, "
            "over a shared kernel",
            type="layers",
            containers=CONTEXT_LAYERS,
            layers=("(app)", " | ".join(names), KERNEL),
            exhaustive="true",
            ignore_imports=[
                f"{layer}.{context.name}.** -> {allowed}"
                for context in contexts
                for layer in CONTEXT_LAYERS
                for allowed in _published(upstream_of(context))
                if allowed.startswith(f"{layer}.")
            ],
            unmatched_ignore_imports_alerting="none",
        ),
    ]
    sections += [_boundary(context, names) for context in contexts]
    return HEADER + "\n" + "\n".join(sections)


def _boundary(context: BoundedContext, names: Iterable[str]) -> str:
    """Across layers too: the context reaches others only through the published modules of
    those it depends on; every other context's modules, in every layer, are forbidden."""
    upstream = upstream_of(context)
    return _section(
        f"importlinter:contract:{context.name}-boundary",
        name=f"{context.name} reaches other contexts only through the published modules "
        "of those it depends on",
        type="forbidden",
        source_modules=_in_every_layer(context.name),
        forbidden_modules=[
            m for other in names if other != context.name for m in _in_every_layer(other)
        ],
        ignore_imports=[
            f"{source}.** -> {allowed}"
            for source in _in_every_layer(context.name)
            for allowed in _published(upstream)
        ],
        unmatched_ignore_imports_alerting="none",
    )


def _in_every_layer(context: str) -> list[str]:
    return [f"{layer}.{context}" for layer in CONTEXT_LAYERS]


def _published(contexts: Iterable[str]) -> list[str]:
    return [template.format(c) for c in contexts for template in PUBLISHED]


def _section(title: str, **options: str | Sequence[str]) -> str:
    lines = [f"[{title}]"]
    for key, value in options.items():
        if isinstance(value, str):
            lines.append(f"{key} = {value}")
        elif value:
            lines.append(f"{key} =")
            lines += [f"    {item}" for item in value]
    return "\n".join(lines) + "\n"
