"""`conduit new-context` in a copy of the repository: what it writes passes every check there.

One copy gets a scaffolded context; then, in parallel, one subprocess per check: ruff, ruff
format, lint-imports, mypy, the migrations' round trip and drift check (with a revision that
`conduit db revision` added), and the new context's own tests with the structure, contracts,
context-map and wiring tests. A second copy of the result gets planted imports between the new
context and the existing ones, each of which its contract must report.
"""

import configparser
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from entrypoints.composition.contexts import declared_contexts
from tests.architecture.test_import_contracts import flat

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The first name no context has yet; underscores test paths, JSON keys and class names.
NAME, ENTITY = next(
    (name, entity)
    for name, entity in [("reading_lists", "reading_list"), ("watch_lists", "watch_list")]
    if name not in {c.name for c in declared_contexts()}
)
USES = "profiles"
# So it uses articles and profiles; a deletion heard in the transaction, a publication after.
REACTS_TO = ("articles.ArticleDeleted", "articles.ArticlePublished")
SECONDS = 300  # one check on a loaded two-core machine; together they take about a minute


def tracked_files() -> list[str]:
    """The repository's files as a checkout has them, uncommitted changes included."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [path for path in listed if (ROOT / path).is_file()]


def copy_repository(files: list[str], source: Path, target: Path) -> Path:
    for relative in files:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, target / relative)  # mtimes kept: mypy's cache holds
    return target


def environment(copy: Path) -> dict[str, str]:
    """The copy's code, not the editable install's (PYTHONPATH shadows it); no pytest state."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONSAFEPATH"} and not k.startswith("PYTEST_")
    }
    env |= {"PYTHONPATH": str(copy), "COLUMNS": "200"}
    env["CONDUIT_DATABASE_URL"] = f"sqlite+aiosqlite:///{copy / 'scratch.db'}"
    return env


def run(copy: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=copy,
        env=environment(copy),
        capture_output=True,
        text=True,
        timeout=SECONDS,
        check=False,
    )


def conduit(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(copy, sys.executable, "-m", "entrypoints.cli.main", *args)


def pytest_in(copy: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    # -vv: one line per test (addopts has -q); -rs: why any was skipped
    options = ("-vv", "-rs", "-p", "no:randomly", "-p", "no:cacheprovider")
    return run(copy, sys.executable, "-m", "pytest", *options, *paths)


def report(result: subprocess.CompletedProcess[str]) -> str:
    return f"{' '.join(result.args)}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"


@dataclass(frozen=True)
class Planting:
    """One module written into the copy, and the contracts that must report it."""

    path: str
    imports: str
    broken: set[str]

    @property
    def module(self) -> str:
        return self.path.removesuffix(".py").replace("/", ".")


BOUNDARY = f"{NAME}-boundary"
# Every layer, both directions, and across layers; each existing context on one side once.
PLANTINGS = {
    "domain: existing -> new": Planting(
        "domain/identity/_planted.py",
        f"domain.{NAME}.{ENTITY}",
        {"declared-contexts", "identity-boundary"},
    ),
    "domain: new -> existing": Planting(
        f"domain/{NAME}/_planted.py", "domain.articles.article", {"declared-contexts", BOUNDARY}
    ),
    "application: existing -> new": Planting(
        "application/profiles/_planted.py",
        f"application.{NAME}.ports",
        {"declared-contexts", "profiles-boundary"},
    ),
    "application: new -> existing": Planting(
        f"application/{NAME}/_planted.py",
        "application.comments.add_comment",
        {"declared-contexts", BOUNDARY},
    ),
    "adapters: existing -> new": Planting(
        "adapters/articles/_planted.py",
        f"adapters.{NAME}.tables",
        {"declared-contexts", "articles-boundary"},
    ),
    "adapters: new -> existing": Planting(
        f"adapters/{NAME}/_planted.py", "adapters.identity.tables", {"declared-contexts", BOUNDARY}
    ),
    "http: existing -> new": Planting(
        "entrypoints/http/comments/_planted.py",
        f"entrypoints.http.{NAME}.schemas",
        {"declared-contexts", "comments-boundary"},
    ),
    "http: new -> existing": Planting(
        f"entrypoints/http/{NAME}/_planted.py",
        "entrypoints.http.profiles.routes",
        {"declared-contexts", BOUNDARY},
    ),
    "across layers: existing adapters -> new application": Planting(
        "adapters/comments/_planted.py",
        f"application.{NAME}.create_{ENTITY}",
        {"comments-boundary"},
    ),
    "across layers: new http -> existing application": Planting(
        f"entrypoints/http/{NAME}/_planted_across.py",
        "application.articles.create_article",
        {BOUNDARY},
    ),
    "across layers: existing http -> new domain": Planting(
        "entrypoints/http/identity/_planted.py", f"domain.{NAME}.repository", {"identity-boundary"}
    ),
    "new -> the published module of a context it does not use": Planting(
        f"application/{NAME}/_planted_unused.py", "application.identity.published", {BOUNDARY}
    ),
}


def contract_names(copy: Path) -> dict[str, str]:
    """Contract id -> name in the copy's (regenerated) .importlinter."""
    config = configparser.ConfigParser()
    config.read_string((copy / ".importlinter").read_text())
    prefix = "importlinter:contract:"
    return {s.removeprefix(prefix): flat(config[s]["name"]) for s in config if s.startswith(prefix)}


def sections(output: str, names: set[str]) -> dict[str, str]:
    """lint-imports' report of each broken contract, by the contract's name."""
    found: dict[str, str] = {}
    lines = output.splitlines()
    current = None
    for line, underline in zip(lines, [*lines[1:], ""], strict=True):
        if flat(line) in names and underline.startswith("---"):
            current = flat(line)
            found[current] = ""
        elif current is not None:
            found[current] += line + "\n"
    return found


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The scaffolded copy, and a copy of it with every planting."""
    copy = copy_repository(tracked_files(), ROOT, tmp_path_factory.mktemp("scaffolded"))
    if (ROOT / ".mypy_cache").is_dir():
        shutil.copytree(ROOT / ".mypy_cache", copy / ".mypy_cache")
    for args in (
        ("new-context", NAME, "--entity", ENTITY, "--uses", USES, "--reacts-to", *REACTS_TO),
        ("db", "upgrade"),
        ("db", "revision", NAME, "-m", f"{NAME}: nothing yet"),
    ):
        done = conduit(copy, *args)
        assert done.returncode == 0, report(done)
    (copy / "scratch.db").unlink()
    files = [str(path.relative_to(copy)) for path in copy.rglob("*.py")]
    planted = copy_repository([*files, ".importlinter"], copy, tmp_path_factory.mktemp("planted"))
    for planting in PLANTINGS.values():
        (planted / planting.path).write_text(f"import {planting.imports}\n")
    return copy, planted


@pytest.fixture(scope="module")
def checks(copies: tuple[Path, Path]) -> dict[str, subprocess.CompletedProcess[str]]:
    """Each check's subprocess, run side by side."""
    copy, planted = copies
    ruff, lint_imports = str(BIN / "ruff"), str(BIN / "lint-imports")
    steps: dict[str, Callable[[], subprocess.CompletedProcess[str]]] = {
        "ruff": lambda: run(copy, ruff, "check", "."),
        "ruff format": lambda: run(copy, ruff, "format", "--check", "."),
        "lint-imports": lambda: run(copy, lint_imports, "--no-cache", "--no-logo"),
        "mypy": lambda: run(copy, str(BIN / "mypy")),
        "migrations": lambda: pytest_in(copy, "tests/integration/test_migrations.py"),
        "tests": lambda: pytest_in(
            copy,
            f"tests/unit/{NAME}",
            f"tests/contract/{NAME}",
            f"tests/api/{NAME}",
            "tests/architecture/test_context_structure.py",
            "tests/architecture/test_generated_contracts.py",
            "tests/architecture/test_context_map.py",
            "tests/architecture/test_wiring.py",
        ),
        "planted": lambda: run(planted, lint_imports, "--no-cache", "--no-logo"),
    }
    with ThreadPoolExecutor(max_workers=len(steps)) as pool:
        futures = {name: pool.submit(step) for name, step in steps.items()}
        return {name: future.result() for name, future in futures.items()}


def test_the_next_revision_is_numbered_in_the_contexts_branch(copies: tuple[Path, Path]) -> None:
    copy, _planted = copies
    versions = copy / "migrations" / "versions" / NAME

    assert sorted(p.name for p in versions.glob("*.py")) == [
        f"0001_{NAME}.py",
        "0002_nothing_yet.py",
    ]
    assert f'revision: str = "0002_{NAME}"' in (versions / "0002_nothing_yet.py").read_text()


@pytest.mark.parametrize(
    "check", ["ruff", "ruff format", "lint-imports", "mypy", "migrations", "tests"]
)
def test_the_scaffolded_context_passes(
    checks: dict[str, subprocess.CompletedProcess[str]], check: str
) -> None:
    result = checks[check]

    assert result.returncode == 0, report(result)


def test_its_own_tests_ran_on_both_databases(
    checks: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    lines = checks["tests"].stdout.splitlines()

    for level in ("unit", "contract", "api"):
        assert any(f"tests/{level}/{NAME}/" in line and "PASSED" in line for line in lines)
    for level in ("contract", "api"):
        on_sqlite = [
            line for line in lines if f"tests/{level}/{NAME}/" in line and "sqlite]" in line
        ]
        on_postgres = [
            line for line in lines if f"tests/{level}/{NAME}/" in line and "postgres]" in line
        ]
        assert len(on_postgres) == len(on_sqlite) > 0
        if os.environ.get("CI", "").lower() == "true":
            assert all("PASSED" in line for line in on_postgres), report(checks["tests"])


def test_its_boundary_is_one_more_contract_kept(
    checks: dict[str, subprocess.CompletedProcess[str]], copies: tuple[Path, Path]
) -> None:
    names = contract_names(copies[0])

    assert BOUNDARY in names
    assert f"Contracts: {len(names)} kept, 0 broken." in checks["lint-imports"].stdout


@pytest.mark.parametrize("case", list(PLANTINGS))
def test_a_planted_import_is_reported_by_its_contract(
    checks: dict[str, subprocess.CompletedProcess[str]], copies: tuple[Path, Path], case: str
) -> None:
    planting, result = PLANTINGS[case], checks["planted"]
    names = contract_names(copies[1])
    reported = sections(result.stdout, set(names.values()))

    assert result.returncode != 0, report(result)
    for contract in planting.broken:
        assert planting.module in reported.get(names[contract], ""), report(result)
