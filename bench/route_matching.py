"""What finding a request's route costs the app, per path, in the order the routers are tried.

    python -m bench.route_matching
    PYTHONPATH=/path/to/other/checkout python -m bench.route_matching   # compare two trees

The app tries each context's router in turn (entrypoints/composition/app.py orders them, those
with the most routes first); a router it tries in vain costs a few microseconds. Printed: the
routers in order, then per path the best of 7 rounds of matching alone (no request handled).
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

    routers = [r.original_router for r in routes if hasattr(r, "original_router")]
    print("routers, by their first route:", ", ".join(r.routes[0].path for r in routers))
    for path in PATHS:
        best = min(timeit.repeat(partial(first_match, path), number=CALLS, repeat=ROUNDS))
        print(f"{path:<24} {best / CALLS * 1e6:6.2f} us")


if __name__ == "__main__":
    main()
