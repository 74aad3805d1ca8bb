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


def contract_names() -> dict[str, str]:
    """Contract id -> name, e.g. "layers" -> "Layers: entrypoints > adapters > ..."."""
    config = configparser.ConfigParser()
    config.read_string((ROOT / ".importlinter").read_text())
    prefix = "importlinter:contract:"
    return {s.removeprefix(prefix): config[s]["name"] for s in config if s.startswith(prefix)}


CONTRACTS = contract_names()


@dataclass(frozen=True)
class Planting:
    """Files written into a copy of the tree, and the contracts they must break."""

    files: dict[str, str]
    broken: set[str]
    shows: str  # a module the report must name: proves the copy, not the repo, was analysed


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
    "unregistered-domain-context": Planting(
        {"domain/billing/__init__.py": ""}, {"registered-contexts"}, "domain.billing"
    ),
    "unregistered-application-context": Planting(
        {"application/billing/__init__.py": ""}, {"registered-contexts"}, "application.billing"
    ),
    "domain-context-imports-another": Planting(
        {"domain/articles/_planted.py": "import domain.comments.comment\n"},
        {"registered-contexts", "articles-boundary"},
        "domain.articles._planted",
    ),
    "application-context-imports-anothers-use-case": Planting(
        {"application/comments/_planted.py": "import application.articles.create_article\n"},
        {"registered-contexts", "comments-boundary"},
        "application.comments._planted",
    ),
    "adapters-context-imports-anothers-tables": Planting(
        {"adapters/comments/_planted.py": "import adapters.articles.tables\n"},
        {"registered-contexts", "comments-boundary"},
        "adapters.comments._planted",
    ),
    "http-context-imports-anothers-routes": Planting(
        {"entrypoints/http/comments/_planted.py": "import entrypoints.http.articles.schemas\n"},
        {"registered-contexts", "comments-boundary"},
        "entrypoints.http.comments._planted",
    ),
    "adapters-context-imports-anothers-application": Planting(
        # Across layers, where the per-layer contract cannot see it.
        {"adapters/comments/_planted.py": "import application.articles.delete_article\n"},
        {"comments-boundary"},
        "adapters.comments._planted",
    ),
    "notifications-calls-anothers-use-case": Planting(
        # Fed only by events: another context's use cases are out of its reach.
        {"adapters/notifications/_planted.py": "import application.profiles.follow_user\n"},
        {"notifications-boundary"},
        "adapters.notifications._planted",
    ),
    "identity-imports-a-published-interface": Planting(
        # Identity is upstream of everyone: not even published interfaces are open to it.
        {"application/identity/_planted.py": "import application.profiles.published\n"},
        {"identity-boundary"},
        "application.identity._planted",
    ),
    "shared-kernel-imports-a-context": Planting(
        {"domain/shared/_planted.py": "import domain.identity.user\n"},
        {"registered-contexts"},
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
    return copy


def report(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def results(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, subprocess.CompletedProcess[str]]:
    """lint-imports over the untouched copy ("control") and over one copy per planting."""
    copies = {"control": copy_tree(tmp_path_factory.mktemp("control"))}
    for case, planting in PLANTINGS.items():
        copies[case] = plant(copy_tree(tmp_path_factory.mktemp(case)), planting)
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        futures = {case: pool.submit(lint_imports, c, pythonpath=c) for case, c in copies.items()}
        return {case: future.result() for case, future in futures.items()}


def test_the_repository_keeps_every_contract() -> None:
    result = lint_imports(ROOT)

    assert result.returncode == 0, report(result)
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout, report(result)


def test_an_untouched_copy_keeps_every_contract(
    results: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = results["control"]

    assert result.returncode == 0, report(result)
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout, report(result)


@pytest.mark.parametrize("case", list(PLANTINGS))
def test_a_planted_violation_breaks_its_contract(
    results: dict[str, subprocess.CompletedProcess[str]], case: str
) -> None:
    planting = PLANTINGS[case]
    result = results[case]
    output = flat(result.stdout)

    assert result.returncode != 0, report(result)
    for contract in planting.broken:
        assert f"{flat(CONTRACTS[contract])} BROKEN" in output, report(result)
    assert planting.shows in output, report(result)
