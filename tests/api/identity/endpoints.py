"""What identity's routes promise: who may call them (ENDPOINTS), what a read costs (BUDGET)."""

from tests.support.endpoints import Auth, Operation

ENDPOINTS: dict[Operation, Auth] = {
    ("post", "/api/users/login"): "-",
    ("post", "/api/users"): "-",
    ("get", "/api/user"): "R",
    ("put", "/api/user"): "R",
}
# The current user is read in a unit of work: on SQLite its BEGIN IMMEDIATE counts too.
BUDGET = {"/api/user": 2}
