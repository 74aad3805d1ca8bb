"""What profiles' routes promise: who may call them (ENDPOINTS), what a read costs (BUDGET)."""

from tests.support.endpoints import Auth, Operation

ENDPOINTS: dict[Operation, Auth] = {
    ("get", "/api/profiles/{username}"): "O",
    ("post", "/api/profiles/{username}/follow"): "R",
    ("delete", "/api/profiles/{username}/follow"): "R",
}
BUDGET = {"/api/profiles/{username}": 1}
