"""Every declared context has every layer and every test level; nothing else lives in them."""

from collections.abc import Iterable
from pathlib import Path

import pytest

from application.shared.bounded_context import BoundedContext
from entrypoints.composition.contexts import KERNEL, declared_contexts

ROOT = Path(__file__).resolve().parents[2]
# Where a context keeps a package of its own (docs/adr/0011). In the code's layers every
# package is a context's or the kernel's; test levels may hold others (tests/unit/events).
CODE_LAYERS = ("domain", "application", "adapters", "entrypoints/http")
LAYERS = (*CODE_LAYERS, "tests/unit", "tests/contract", "tests/api")
# Modules the composition root wires, and those only some contexts have.
WIRED = ("adapters/{}/container.py", "entrypoints/http/{}/routes.py", "tests/api/{}/endpoints.py")
SUBSCRIPTIONS = "adapters/{}/subscriptions.py"
TABLES, MIGRATIONS = "adapters/{}/tables.py", "migrations/versions/{}"


def missing(root: Path, context: BoundedContext) -> list[str]:
    """What a declared context lacks, one line each."""
    where = f"{context.name} (declared in application/{context.name}/context.py)"
    problems = [
        f"{where} has no package {layer}/{context.name}/"
        for layer in LAYERS
        if not (root / layer / context.name / "__init__.py").is_file()
    ]
    problems += [
        f"{where} has no {path.format(context.name)}"
        for path in WIRED
        if not (root / path.format(context.name)).is_file()
    ]
    subscriptions = (root / SUBSCRIPTIONS.format(context.name)).is_file()
    if context.reacts_to and not subscriptions:
        problems.append(f"{where} reacts to events but has no {SUBSCRIPTIONS.format(context.name)}")
    if subscriptions and not context.reacts_to:
        problems.append(f"{where} has {SUBSCRIPTIONS.format(context.name)} but reacts to nothing")
    if (root / TABLES.format(context.name)).is_file() and not (
        root / MIGRATIONS.format(context.name)
    ).is_dir():
        problems.append(f"{where} has tables but no {MIGRATIONS.format(context.name)}/")
    return problems


def undeclared(root: Path, declared: Iterable[str]) -> list[str]:
    """Packages of the code (and migration branches) that no context declares, one line each."""
    known = {*declared, KERNEL}
    places = [
        package
        for layer in CODE_LAYERS
        for package in sorted((root / layer).iterdir())
        if (package / "__init__.py").is_file()
    ]
    branches = root / MIGRATIONS.format("")
    places += sorted(p for p in branches.iterdir() if p.is_dir() and p.name != "__pycache__")
    return [
        f"{place.relative_to(root)}/ is in a context's place, but no context declares "
        f"{place.name!r} (application/{place.name}/context.py)"
        for place in places
        if place.name not in known
    ]


@pytest.mark.parametrize("context", declared_contexts(), ids=lambda c: c.name)
def test_a_declared_context_has_every_layer_and_test_level(context: BoundedContext) -> None:
    problems = missing(ROOT, context)

    assert not problems, problems[0]


def test_every_package_in_a_layer_is_declared() -> None:
    problems = undeclared(ROOT, [c.name for c in declared_contexts()])

    assert not problems, problems[0]


def test_a_missing_layer_is_named_in_one_line(tmp_path: Path) -> None:
    for layer in LAYERS:
        (tmp_path / layer / "notes").mkdir(parents=True)
        (tmp_path / layer / "notes" / "__init__.py").touch()
    (tmp_path / "tests/api/notes/__init__.py").unlink()
    notes = BoundedContext(name="notes", summary="Notes.")

    assert missing(tmp_path, notes) == [
        "notes (declared in application/notes/context.py) has no package tests/api/notes/",
        "notes (declared in application/notes/context.py) has no adapters/notes/container.py",
        "notes (declared in application/notes/context.py) has no entrypoints/http/notes/routes.py",
        "notes (declared in application/notes/context.py) has no tests/api/notes/endpoints.py",
    ]


def test_an_undeclared_package_is_named_in_one_line(tmp_path: Path) -> None:
    for layer in (*LAYERS, MIGRATIONS.format("notes"), MIGRATIONS.format("billing")):
        (tmp_path / layer).mkdir(parents=True)
    for package in ("domain/billing", "tests/unit/helpers"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").touch()

    assert undeclared(tmp_path, ["notes"]) == [
        "domain/billing/ is in a context's place, but no context declares 'billing' "
        "(application/billing/context.py)",
        "migrations/versions/billing/ is in a context's place, but no context declares "
        "'billing' (application/billing/context.py)",
    ]
