"""Extra subscribers for end-to-end tests of a real `conduit serve`: with CONDUIT_ENVIRONMENT=test
only, CONDUIT_TEST_SUBSCRIBERS=module:function is called with the shared subscriptions."""

import importlib
import os
from typing import Any

VARIABLE = "CONDUIT_TEST_SUBSCRIBERS"


def subscribe_test_subscribers(environment: str, subscriptions: Any) -> None:
    named = os.environ.get(VARIABLE)
    if environment != "test" or not named:
        return
    module, _, function = named.partition(":")
    getattr(importlib.import_module(module), function)(subscriptions)
