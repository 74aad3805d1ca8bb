"""`conduit new-context`: a working vertical slice of a new bounded context, in every layer."""

import argparse
import importlib
from argparse import SUPPRESS
from pathlib import Path

import application
from entrypoints.cli.contexts import MAP, README
from entrypoints.cli.contracts import PATH as CONTRACTS
from entrypoints.cli.help import Commands, add_command
from entrypoints.cli.mistakes import CONFIGURATION, Mistake
from entrypoints.cli.ruff import tidy
from entrypoints.cli.scaffold import declared
from entrypoints.cli.scaffold.names import checked_names
from entrypoints.cli.scaffold.render import Scaffold
from entrypoints.settings import Settings

# What derives from the declarations, rewritten once the new one exists.
DERIVED = (CONTRACTS, MAP, README)


def register(commands: Commands) -> None:
    new = add_command(
        commands,
        "new-context",
        summary="scaffold a bounded context: every layer, its migration and its tests, wired",
    )
    new.add_argument("name", help="the context's name: snake_case, plural (e.g. bookmarks)")
    # SUPPRESS: no "(default: ...)" added to help that already says what happens without it.
    new.add_argument(
        "--entity", default=SUPPRESS, help="its aggregate's name (default: the name's singular)"
    )
    new.add_argument(
        "--summary", default=SUPPRESS, help="one line for its declaration (default: a placeholder)"
    )
    new.add_argument(
        "--uses",
        nargs="+",
        action="extend",
        default=SUPPRESS,
        metavar="CTX",
        help="contexts whose published interfaces it will use (default: none)",
    )
    new.add_argument(
        "--reacts-to",
        nargs="+",
        action="extend",
        default=SUPPRESS,
        metavar="EVENT",
        help=(
            "events of other contexts it reacts to, e.g. articles.ArticleDeleted, each with an"
            " optional :in-transaction or :after-commit (default: none; a *Deleted event in"
            " the publisher's transaction, any other after commit)"
        ),
    )
    new.add_argument("--dry-run", action="store_true", help="list the files, write nothing")
    new.set_defaults(run=_new_context)


def repository_root() -> Path:
    """The checkout the code runs from: where the new context's files go."""
    root = Path(application.__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file():
        raise Mistake(f"{root} is not a Conduit checkout: run new-context from one", CONFIGURATION)
    return root


def scaffold_of(args: argparse.Namespace) -> Scaffold:
    """The checked request: raises `Mistake` for anything that cannot become a context."""
    contexts = declared.declared()
    names = checked_names(args.name, getattr(args, "entity", None), set(contexts))
    if names.name in declared.table_names():
        raise Mistake(f"a table named {names.name!r} already exists", CONFIGURATION)
    reactions = declared.reactions(getattr(args, "reacts_to", []), contexts)
    uses = declared.used([*getattr(args, "uses", []), *(r.context for r in reactions)], contexts)
    placeholder = f"{names.words.capitalize()} that signed-in users keep."
    summary = getattr(args, "summary", None) or placeholder
    if not summary.isprintable() or {'"', "\\"} & set(summary):
        raise Mistake("--summary: one line, without double quotes or backslashes", CONFIGURATION)
    return Scaffold(names, summary, uses, reactions)


def _new_context(args: argparse.Namespace, _settings: Settings) -> None:
    root = repository_root()
    files = scaffold_of(args).files()
    for path in files:
        if (root / path).exists():
            raise Mistake(f"{path} already exists: the context is not new", CONFIGURATION)
    if args.dry_run:
        for path in files:
            print(f"would write {path}")
        for path in DERIVED:
            print(f"would rewrite {path}")
        return
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content)
        print(f"wrote {path}")
    tidy([root / path for path in files], root)
    _regenerate(root)
    print("Next: `make test` runs its tests; `conduit db upgrade` creates its table.")


def _regenerate(root: Path) -> None:
    """What derives from the declarations, now that one more exists: the import contracts,
    the context map and README's context table (`conduit contracts|contexts --write`)."""
    from entrypoints.composition.context_docs import render_markdown, with_readme_table
    from entrypoints.composition.context_map import context_cards
    from entrypoints.composition.contexts import declared_contexts
    from entrypoints.composition.import_contracts import render_contracts

    importlib.invalidate_caches()  # the new packages were not on disk when imports looked
    declared_contexts.cache_clear()
    cards = context_cards()
    readme = (root / README).read_text()
    for path, text in {
        CONTRACTS: render_contracts(),
        MAP: render_markdown(cards),
        README: with_readme_table(readme, cards),
    }.items():
        (root / path).write_text(text)
        print(f"wrote {path}")
