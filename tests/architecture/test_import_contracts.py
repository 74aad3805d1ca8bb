"""The import contracts in .importlinter hold, and each of them fails when it is broken."""

import configparser
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
COPIED = ["domain", "application", "adapters", "entrypoints", "migrations"]


def contract_names(root: Path = ROOT) -> dict[str, str]:
    """Contract id -> name, e.g. "layers" -> "Layers: entrypoints > adapters > ..."."""
    config = configparser.ConfigParser()
    config.read_string((root / ".importlinter").read_text())
    prefix = "importlinter:contract:"
    return {s.removeprefix(prefix): config[s]["name"] for s in config if s.startswith(prefix)}


CONTRACTS = contract_names()


@dataclass(frozen=True)
class Planting:
    """Files written into a copy of the tree, and the contracts they must break."""

    files: dict[str, str]
    broken: set[str]
    shows: str  # a module the report must name: proves the copy, not the repo, was analysed
    declares: bool = False  # the files declare a context: the copy's contracts are regenerated


# A context declared in the copy, as a team would start one: its contracts exist at once.
PROBES = {
    "domain/probes/__init__.py": "",
    "application/probes/__init__.py": "",
    "application/probes/ports.py": "class ProbesUnitOfWork:\n    pass\n",
    "application/probes/context.py": (
        "from application.shared.bounded_context import BoundedContext\n\n"
        'CONTEXT = BoundedContext(name="probes", summary="Probes.", uses=("articles",))\n'
    ),
    "adapters/probes/__init__.py": "",
    "entrypoints/http/probes/__init__.py": "",
}


def beside_probes(path: str, imported: str, broken: set[str]) -> Planting:
    """`path` imports `imported` in a copy where the probes context is declared."""
    shows = path.removesuffix(".py").replace("/", ".")
    return Planting({**PROBES, path: f"import {imported}\n"}, broken, shows, declares=True)


PLANTINGS = {
    "domain-imports-application": Planting(
        {"domain/identity/_planted.py": "import application.identity.ports\n"},
        {"layers"},
        "domain.identity._planted",
    ),
    "domain-imports-sqlalchemy": Planting(
        {"domain/identity/_planted.py": "import sqlalchemy\n"},
        {"pure-domain"},
        "domain.identity._planted",
    ),
    "domain-imports-pydantic": Planting(
        {"domain/identity/_planted.py": "import pydantic\n"},
        {"pure-domain"},
        "domain.identity._planted",
    ),
    "application-imports-fastapi": Planting(
        {"application/identity/_planted.py": "import fastapi\n"},
        {"framework-free-application"},
        "application.identity._planted",
    ),
    "application-imports-dependency-injector": Planting(
        {"application/identity/_planted.py": "import dependency_injector\n"},
        {"framework-free-application"},
        "application.identity._planted",
    ),
    "application-imports-sqlmodel": Planting(
        {"application/identity/_planted.py": "import sqlmodel\n"},
        {"framework-free-application"},
        "application.identity._planted",
    ),
    "http-imports-adapters": Planting(
        {"entrypoints/http/identity/_planted.py": "import adapters.identity.tables\n"},
        {"composition-root"},
        "entrypoints.http.identity._planted",
    ),
    "application-imports-adapters": Planting(
        {"application/identity/_planted.py": "import adapters.identity.tables\n"},
        {"layers", "composition-root"},
        "application.identity._planted",
    ),
    "undeclared-domain-package": Planting(
        {"domain/billing/__init__.py": ""}, {"declared-contexts"}, "domain.billing"
    ),
    "undeclared-application-package": Planting(
        {"application/billing/__init__.py": ""}, {"declared-contexts"}, "application.billing"
    ),
    "domain-context-imports-another": Planting(
        {"domain/articles/_planted.py": "import domain.comments.comment\n"},
        {"declared-contexts", "articles-boundary"},
        "domain.articles._planted",
    ),
    "application-context-imports-anothers-use-case": Planting(
        {"application/comments/_planted.py": "import application.articles.create_article\n"},
        {"declared-contexts", "comments-boundary"},
        "application.comments._planted",
    ),
    "adapters-context-imports-anothers-tables": Planting(
        {"adapters/comments/_planted.py": "import adapters.articles.tables\n"},
        {"declared-contexts", "comments-boundary"},
        "adapters.comments._planted",
    ),
    "http-context-imports-anothers-routes": Planting(
        {"entrypoints/http/comments/_planted.py": "import entrypoints.http.articles.schemas\n"},
        {"declared-contexts", "comments-boundary"},
        "entrypoints.http.comments._planted",
    ),
    "adapters-context-imports-anothers-application": Planting(
        # Across layers, where the per-layer contract cannot see it.
        {"adapters/comments/_planted.py": "import application.articles.delete_article\n"},
        {"comments-boundary"},
        "adapters.comments._planted",
    ),
    "identity-imports-a-published-interface": Planting(
        # Identity is upstream of everyone: not even published interfaces are open to it.
        {"application/identity/_planted.py": "import application.profiles.published\n"},
        {"identity-boundary"},
        "application.identity._planted",
    ),
    "context-imports-a-published-module-it-does-not-use": Planting(
        {"application/profiles/_planted.py": "import application.articles.published\n"},
        {"declared-contexts", "profiles-boundary"},
        "application.profiles._planted",
    ),
    "context-imports-a-used-contexts-unpublished-module": Planting(
        {"adapters/comments/_planted.py": "import application.articles.ports\n"},
        {"comments-boundary"},
        "adapters.comments._planted",
    ),
    "http-imports-a-used-contexts-application": Planting(
        {"entrypoints/http/comments/_planted.py": "import application.articles.create_article\n"},
        {"comments-boundary"},
        "entrypoints.http.comments._planted",
    ),
    # Issue 7's hole: a new context's internals were open to the existing ones.
    "existing-context-imports-a-new-contexts-internals": beside_probes(
        "adapters/articles/_planted.py", "application.probes.ports", {"articles-boundary"}
    ),
    "existing-context-imports-a-new-context-in-its-layer": beside_probes(
        "application/identity/_planted.py",
        "application.probes.ports",
        {"declared-contexts", "identity-boundary"},
    ),
    "new-context-imports-an-existing-contexts-internals": beside_probes(
        "application/probes/_planted.py",
        "application.articles.ports",
        {"declared-contexts", "probes-boundary"},
    ),
    "new-context-imports-a-context-it-does-not-use": beside_probes(
        "domain/probes/_planted.py",
        "domain.comments.comment",
        {"declared-contexts", "probes-boundary"},
    ),
    "shared-kernel-imports-a-context": Planting(
        {"domain/shared/_planted.py": "import domain.identity.user\n"},
        {"declared-contexts"},
        "domain.shared._planted",
    ),
}


def lint_imports(cwd: Path, *, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONSAFEPATH"}}
    env["COLUMNS"] = "200"
    if pythonpath is not None:
        # The editable install's finder sits at the end of sys.meta_path, so a package found
        # on PYTHONPATH (or in the cwd, which lint-imports puts on sys.path) shadows the repo.
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_tree(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__")
    for package in COPIED:
        shutil.copytree(ROOT / package, target / package, ignore=ignore)
    shutil.copy2(ROOT / ".importlinter", target / ".importlinter")
    return target


def plant(copy: Path, planting: Planting) -> Path:
    for relative, source in planting.files.items():
        path = copy / relative
        assert not path.exists(), f"{relative} already exists in the tree"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    if planting.declares:
        regenerate_contracts(copy)
    return copy


def regenerate_contracts(copy: Path) -> None:
    """`conduit contracts --write` in the copy, on the copy's declarations."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONSAFEPATH"}}
    env["PYTHONPATH"] = str(copy)
    command = [sys.executable, "-m", "entrypoints.cli.main", "contracts", "--write"]
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def report(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def flat(text: str) -> str:
    return " ".join(text.split())


Results = dict[str, tuple[subprocess.CompletedProcess[str], dict[str, str]]]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    """lint-imports over the untouched copy ("control") and over one copy per planting, with
    the names of the copy's contracts."""
    copies = {"control": copy_tree(tmp_path_factory.mktemp("control"))}
    for case, planting in PLANTINGS.items():
        copies[case] = plant(copy_tree(tmp_path_factory.mktemp(case)), planting)
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        futures = {case: pool.submit(lint_imports, c, pythonpath=c) for case, c in copies.items()}
        return {case: (f.result(), contract_names(copies[case])) for case, f in futures.items()}


def test_the_repository_keeps_every_contract() -> None:
    result = lint_imports(ROOT)

    assert result.returncode == 0, report(result)
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout, report(result)


def test_an_untouched_copy_keeps_every_contract(results: Results) -> None:
    result, _ = results["control"]

    assert result.returncode == 0, report(result)
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout, report(result)


@pytest.mark.parametrize("case", list(PLANTINGS))
def test_a_planted_violation_breaks_its_contract(results: Results, case: str) -> None:
    planting = PLANTINGS[case]
    result, contracts = results[case]
    output = flat(result.stdout)

    assert result.returncode != 0, report(result)
    for contract in planting.broken:
        assert f"{flat(contracts[contract])} BROKEN" in output, report(result)
    assert planting.shows in output, report(result)
