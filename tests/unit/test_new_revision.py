"""`conduit db revision`: NNNN_<slug> files, depends_on from foreign keys, known contexts only."""

from pathlib import Path

import pytest
from alembic.operations import ops
from alembic.script import ScriptDirectory
from sqlalchemy import Column, ForeignKey, ForeignKeyConstraint, Integer

from entrypoints.cli.main import main
from entrypoints.composition.contexts import declared_contexts
from migrations import runner
from migrations.new_revision import depends_on, next_number, slug

SCRIPT = ScriptDirectory.from_config(runner.alembic_config("sqlite://"))


def head_of(context: str) -> str:
    (head,) = SCRIPT.get_revisions(f"{context}@head")
    assert head is not None
    return head.revision


def migration(*operations: ops.MigrateOperation) -> ops.MigrationScript:
    return ops.MigrationScript(
        "0002_profiles", ops.UpgradeOps(list(operations)), ops.DowngradeOps([])
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("comments: ids never reused", "ids_never_reused"),
        ("Add the PINS table!", "add_the_pins_table"),
        ("comments:", "comments"),
        ("a " + "word " * 20, "a_word_word_word_word_word_word_word"),
    ],
)
def test_the_slug_is_the_message_without_the_context(message: str, expected: str) -> None:
    assert slug("comments", message) == expected


def test_numbers_follow_the_contexts_highest(tmp_path: Path) -> None:
    assert next_number(tmp_path) == 1
    for name in ("0001_first.py", "0003_third.py", "notes.txt", "helper.py"):
        (tmp_path / name).write_text("")

    assert next_number(tmp_path) == 4


def test_a_new_table_referencing_other_contexts_depends_on_their_heads() -> None:
    pins = ops.CreateTableOp(
        "pins",
        [
            Column("id", Integer, primary_key=True),
            Column("article_id", Integer, ForeignKey("articles.id")),
            Column("user_id", Integer),
            Column("follower_id", Integer),
            ForeignKeyConstraint(["user_id"], ["users.id"]),
            ForeignKeyConstraint(["follower_id"], ["follows.id"]),  # its own context's table
        ],
    )

    found = depends_on("profiles", migration(pins), SCRIPT)

    assert found == (head_of("articles"), head_of("identity"))


def test_columns_and_keys_added_in_batch_count_too() -> None:
    batch = ops.ModifyTableOps(
        "follows",
        [
            ops.AddColumnOp("follows", Column("pinned_id", Integer, ForeignKey("comments.id"))),
            ops.CreateForeignKeyOp("fk", "follows", "articles", ["x"], ["id"]),
        ],
    )

    assert depends_on("profiles", migration(batch), SCRIPT) == (
        head_of("articles"),
        head_of("comments"),
    )


def test_no_foreign_key_to_another_context_depends_on_nothing() -> None:
    index = ops.CreateIndexOp("ix", "follows", ["follower_id"])
    own = ops.CreateTableOp("pins", [Column("follow_id", Integer, ForeignKey("follows.id"))])

    assert depends_on("profiles", migration(index, own), SCRIPT) == ()


def test_an_unknown_context_is_refused_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["db", "revision", "bogus", "-m", "x"])

    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    declared = ", ".join(sorted(c.name for c in declared_contexts()))
    assert lines == [f"conduit: no context is declared as 'bogus' (declared: {declared})"]
    assert not (runner.HERE / "versions" / "bogus").exists()
