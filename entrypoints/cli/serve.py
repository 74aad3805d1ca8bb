"""`conduit serve`: the start-up checks, then uvicorn with one or several workers."""

import argparse

from entrypoints.cli.startup import check_before_serving
from entrypoints.logging_setup import configure_logging
from entrypoints.observability.multiprocess import metrics_directory
from entrypoints.settings import Settings


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    serve = commands.add_parser("serve", help="serve the HTTP API with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (production)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (dev)")
    serve.add_argument(
        "--migrate", action="store_true", help="upgrade the database to the newest schema first"
    )
    serve.set_defaults(run=_serve)


def _serve(args: argparse.Namespace, settings: Settings) -> None:
    from entrypoints.serving.server import serve

    configure_logging(settings.log_level, settings.log_format)  # the waits' lines
    check_before_serving(settings, host=args.host, migrate=args.migrate)
    with metrics_directory(workers=args.workers, enabled=settings.metrics_enabled):
        serve(settings, host=args.host, port=args.port, workers=args.workers, reload=args.reload)
