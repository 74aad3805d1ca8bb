"""`conduit new-context` refuses what cannot become a context in one line, and writes nothing."""

import subprocess

import pytest

from entrypoints.cli.main import main
from entrypoints.cli.new_context import repository_root
from entrypoints.cli.scaffold.declared import declared, reactions
from entrypoints.cli.scaffold.names import TAKEN
from entrypoints.composition.container import ApplicationContainer

ROOT = repository_root()
# A context no team would add: the refusals below must not be about its name.
NEW, ENTITY = "scaffold_probes", "scaffold_probe"


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """The one line `conduit new-context ARGS` answered with exit code 2."""
    assert main(["new-context", *args]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert out == ""
    assert len(lines) == 1, err
    assert lines[0].startswith("conduit: ")
    return lines[0]


def untracked() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["articles"], "a context named 'articles' already exists"),
        (["identity"], "a context named 'identity' already exists"),
        (["class"], "'class' is reserved by Python"),
        (["match"], "'match' is reserved by Python"),
        (["order"], "'order' is reserved by SQL"),
        (["shared"], "'shared' is reserved by the project's layout"),
        (["config"], "'config' is reserved by the project's layout"),
        (["broker"], "'broker' is reserved by the project's layout"),
        (["tags"], "a table named 'tags' already exists"),
        (["Bookmarks"], "'Bookmarks' is not a valid context name"),
        (["book-marks"], "'book-marks' is not a valid context name"),
        (["2fa"], "'2fa' is not a valid context name"),
        (["book__marks"], "'book__marks' is not a valid context name"),
        (["a" * 28], "is too long: its Alembic revision id '0001_" + "a" * 28),
        ([NEW, "--entity", NEW], "the entity name must differ"),
        ([NEW, "--entity", "Mark"], "'Mark' is not a valid entity name"),
        (["users"], "choose another entity name (guessed from 'users': set it with --entity)"),
        (["x_s"], "'x_' is not a valid entity name (guessed from 'x_s': set it with --entity)"),
        ([NEW, "--uses", "billing"], "--uses billing: no such context"),
        ([NEW, "--reacts-to", "ArticleDeleted"], "name it <context>.<Event>"),
        ([NEW, "--reacts-to", "articles.Nope"], "articles publishes no such event"),
        ([NEW, "--reacts-to", "identity.X"], "(it publishes: none)"),
        ([NEW, "--reacts-to", "articles.ArticleDeleted:later"], "in-transaction or after-commit"),
        ([NEW, "--summary", 'say "hi"'], "--summary: one line, without double quotes"),
    ],
)
def test_a_name_that_cannot_be_a_new_context_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    before = untracked()

    line = refused(capsys, *args, "--dry-run")
    again = refused(capsys, *args)

    assert said in line
    assert again == line
    assert untracked() == before


def test_every_root_provider_name_is_refused() -> None:
    assert set(ApplicationContainer.providers) <= TAKEN


def test_the_longest_name_fits_every_identifier(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-context", "a" * 27, "--dry-run"]) == 0

    assert (
        f"would write migrations/versions/{'a' * 27}/0001_{'a' * 27}.py" in capsys.readouterr().out
    )


def test_a_dry_run_lists_every_layer_and_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    before = untracked()

    code = main(["new-context", NEW, "--reacts-to", "articles.ArticleDeleted", "--dry-run"])

    lines = capsys.readouterr().out.splitlines()
    listed = {line.removeprefix("would write ") for line in lines if "would write " in line}
    assert code == 0
    assert [line for line in lines if line.startswith("would rewrite ")] == [
        "would rewrite .importlinter",
        "would rewrite docs/contexts.md",
        "would rewrite README.md",
    ]
    assert {
        f"domain/{NEW}/{ENTITY}.py",
        f"domain/{NEW}/repository.py",
        f"application/{NEW}/context.py",
        f"application/{NEW}/create_{ENTITY}.py",
        f"application/{NEW}/list_{NEW}.py",
        f"application/{NEW}/when_article_deleted.py",
        f"adapters/{NEW}/tables.py",
        f"adapters/{NEW}/sql_{ENTITY}_repository.py",
        f"adapters/{NEW}/in_memory.py",
        f"adapters/{NEW}/unit_of_work.py",
        f"adapters/{NEW}/container.py",
        f"adapters/{NEW}/subscriptions.py",
        f"entrypoints/http/{NEW}/routes.py",
        f"migrations/versions/{NEW}/0001_{NEW}.py",
        f"tests/unit/{NEW}/test_use_cases.py",
        f"tests/contract/{NEW}/test_{ENTITY}_repository.py",
        f"tests/api/{NEW}/test_{NEW}.py",
    } <= listed
    assert not any((ROOT / path).exists() for path in listed)
    assert untracked() == before


def test_without_reactions_there_are_no_subscriptions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-context", NEW, "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert "subscriptions.py" not in out
    assert "when_" not in out
    assert f"would write adapters/{NEW}/container.py" in out


def test_a_deletion_is_heard_in_the_transaction_and_anything_else_after_commit() -> None:
    contexts = declared()

    stubs = reactions(
        [
            "articles.ArticleDeleted",
            "articles.ArticlePublished",
            "comments.CommentAdded:in-transaction",
            "profiles.UserFollowed:after-commit",
        ],
        contexts,
    )

    assert [(s.event, s.after_commit) for s in stubs] == [
        ("ArticleDeleted", False),
        ("ArticlePublished", True),
        ("CommentAdded", False),
        ("UserFollowed", True),
    ]
