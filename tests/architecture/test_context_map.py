"""docs/contexts.md and README's context table are what `conduit contexts` makes of the code."""

from pathlib import Path

import pytest

from entrypoints.cli.main import main
from entrypoints.composition.context_docs import render_markdown, with_readme_table
from entrypoints.composition.context_map import context_cards

ROOT = Path(__file__).resolve().parents[2]
STALE = "is stale: run `conduit contexts --write`"


def test_the_context_map_is_up_to_date() -> None:
    assert (ROOT / "docs/contexts.md").read_text() == render_markdown(context_cards()), (
        f"docs/contexts.md {STALE}"
    )


def test_the_readme_table_is_up_to_date() -> None:
    readme = (ROOT / "README.md").read_text()

    assert readme == with_readme_table(readme, context_cards()), f"README.md {STALE}"


def test_the_map_shows_what_each_context_holds() -> None:
    comments = {card.name: card for card in context_cards()}["comments"]

    assert "AddComment" in comments.use_cases
    assert "CommentRepository" in comments.ports
    assert comments.tables == ("comments",)
    assert comments.consumes == ("articles.ArticleDeleted (in-transaction)",)
    assert "DELETE /api/articles/{slug}/comments/{id}" in comments.routes
    assert '    articles -.->|"ArticleDeleted (in-transaction)"| comments' in render_markdown(
        context_cards()
    )


def test_check_names_the_stale_file_and_write_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/contexts.md").write_text("# an old map\n")
    (tmp_path / "README.md").write_text((ROOT / "README.md").read_text())

    assert main(["contexts", "--check"]) == 1
    assert f"conduit: docs/contexts.md {STALE}" in capsys.readouterr().err
    assert main(["contexts", "--write"]) == 0
    assert main(["contexts", "--check"]) == 0
    assert (tmp_path / "docs/contexts.md").read_text() == render_markdown(context_cards())
