"""What notifications' routes promise: who may call them (ENDPOINTS), what a read costs (BUDGET)."""

from tests.support.endpoints import Auth, Operation

ENDPOINTS: dict[Operation, Auth] = {
    ("get", "/api/notifications"): "R",
    ("post", "/api/notifications/read"): "R",
}
# The page, both counts and whether the caller exists: one SELECT, at every page size.
BUDGET = {"/api/notifications": 1}
