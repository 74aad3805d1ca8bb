""".importlinter is what the declarations make, and `conduit contracts --check` says when not."""

import configparser
import itertools
from pathlib import Path

import pytest

from entrypoints.cli.main import main
from entrypoints.composition.contexts import context_named, declared_contexts, upstream_of
from entrypoints.composition.import_contracts import CONTEXT_LAYERS, render_contracts

ROOT = Path(__file__).resolve().parents[2]


def contracts() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read_string(render_contracts())
    return config


def test_the_file_is_what_the_declarations_make() -> None:
    assert (ROOT / ".importlinter").read_text() == render_contracts(), (
        ".importlinter differs from the declarations: run `conduit contracts --write`"
    )


PAIRS = list(itertools.permutations([c.name for c in declared_contexts()], 2))


@pytest.mark.parametrize(("inside", "outside"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_every_layer_of_a_context_is_forbidden_to_every_other(inside: str, outside: str) -> None:
    boundary = contracts()[f"importlinter:contract:{inside}-boundary"]
    forbidden = boundary["forbidden_modules"].split()
    allowed = [line.split(" -> ")[1] for line in boundary.get("ignore_imports", "").split("\n")[1:]]
    allowed_of_outside = {m for m in allowed if m.split(".")[1] == outside}

    assert {f"{layer}.{outside}" for layer in CONTEXT_LAYERS} <= set(forbidden)
    assert {m.rsplit(".", 1)[1] for m in allowed_of_outside} <= {"published", "context"}
    if outside not in upstream_of(context_named(inside)):
        assert not allowed_of_outside, f"{inside} may import {outside} without depending on it"


def test_check_fails_on_a_stale_file_and_passes_on_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".importlinter").write_text(render_contracts().replace("comments", "c", 1))

    assert main(["contracts", "--check"]) == 1
    assert (
        "conduit: .importlinter is stale: run `conduit contracts --write`"
        in capsys.readouterr().err
    )
    assert main(["contracts", "--write"]) == 0
    assert main(["contracts", "--check"]) == 0
    assert (tmp_path / ".importlinter").read_text() == render_contracts()
