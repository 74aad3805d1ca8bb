"""What finding a request's route costs the app, per path, in the order its routes are tried.

    python -m bench.route_matching
    PYTHONPATH=/path/to/other/checkout python -m bench.route_matching   # compare two trees

The app tries each route in turn: every context's routes, those of the context with the most
routes first (entrypoints/composition/app.py), then the documentation's, health and metrics.
Printed: the paths in the order tried, then per path the best of 7 rounds of matching alone
(no request handled).
"""

import timeit
from functools import partial

from starlette.routing import Match

from entrypoints.composition.app import create_app
from entrypoints.settings import Settings

PATHS = ("/api/articles", "/api/articles/a-slug", "/api/tags", "/api/user", "/api/profiles/alice")
ROUNDS, CALLS = 7, 5_000


def main() -> None:
    settings = Settings(_env_file=None, database_url="sqlite+aiosqlite:///:memory:")
    routes = create_app(settings).router.routes

    def first_match(path: str) -> object:
        scope = {"type": "http", "method": "GET", "path": path, "root_path": ""}
        return next(route for route in routes if route.matches(scope)[0] is Match.FULL)

    print("routes, in the order tried:", ", ".join(getattr(r, "path", "?") for r in routes))
    for path in PATHS:
        best = min(timeit.repeat(partial(first_match, path), number=CALLS, repeat=ROUNDS))
        print(f"{path:<24} {best / CALLS * 1e6:6.2f} us")


if __name__ == "__main__":
    main()
