"""What comments' routes promise: who may call them (ENDPOINTS), what a read costs (BUDGET)."""

from tests.support.endpoints import Auth, Operation

ENDPOINTS: dict[Operation, Auth] = {
    ("post", "/api/articles/{slug}/comments"): "R",
    ("get", "/api/articles/{slug}/comments"): "O",
    ("delete", "/api/articles/{slug}/comments/{id}"): "R",
}
BUDGET = {"/api/articles/{slug}/comments": 1}
