"""What each layer of Conduit's middleware stack costs a light request, in-process.

    python -m bench.middleware_layers [--url postgresql://postgres@127.0.0.1/conduit_bench_100000]
                                      [--rounds 15] [--requests 300]   2>/tmp/access.log

Conduit's app (production settings) with one route at `GET /api/tags` that takes the
optional caller and a use case and answers constant bytes, as `bench.framework_floor`'s
app 4. The same request is sent to the whole app, then to each layer of its middleware stack
from the outside in, then to the route's own handler: the difference between two rows is
what the outer of the two adds. Rounds alternate between the entry points; each one's
fastest round and the median are printed. Send stderr to a file: the access line is written
per request, and a pipe's writes cost more than a file's.
"""

import argparse
import asyncio
from typing import Any

from bench.framework_floor import (
    PATH,
    alternate,
    conduit_with,
    constant_with_dependencies,
    parse,
    report,
)
from bench.read_path import ASGI, call


def entry_points(app: Any) -> dict[str, ASGI]:
    """The app, each middleware layer down to the router, then the route and its handler.

    A layer entered directly misses what the layers above it put in the scope; only `app`,
    which the routes read, is set here. Starlette and FastAPI do without the rest (the
    exception handlers, the exit stack, the router), as they do when one of those layers is
    left out, so a row can cost a little less than that layer does inside the whole stack.
    """
    route = next(r for r in app.router.routes if getattr(r, "path", None) == PATH)

    def entered(layer: ASGI) -> ASGI:
        async def call_layer(scope: Any, receive: Any, send: Any) -> None:
            scope.setdefault("app", app)
            await layer(scope, receive, send)

        return call_layer

    points: dict[str, ASGI] = {"the app": entered(app)}
    layer = app.middleware_stack
    while layer is not app.router:
        points[type(layer).__name__] = entered(layer)
        layer = layer.app
    points["the router (matching)"] = entered(app.router)
    points["the route (Route.handle)"] = entered(route.handle)
    points["its handler (route.app)"] = entered(route.app)
    return points


async def main(args: argparse.Namespace) -> None:
    app = conduit_with(constant_with_dependencies, args.url)
    async with app.router.lifespan_context(app):
        if await call(app, PATH, None) != 200:  # builds the middleware stack too
            raise AssertionError(f"{PATH} did not answer 200")
        seconds = await alternate(entry_points(app), args.rounds, args.requests)
    report("entered at", seconds)


if __name__ == "__main__":
    asyncio.run(main(parse(__doc__)))
