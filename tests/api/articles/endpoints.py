"""What articles' routes promise: who may call them (ENDPOINTS), what a read costs (BUDGET)."""

from tests.support.endpoints import Auth, Operation

ENDPOINTS: dict[Operation, Auth] = {
    ("get", "/api/articles"): "O",
    ("get", "/api/articles/feed"): "R",
    ("get", "/api/articles/{slug}"): "O",
    ("post", "/api/articles"): "R",
    ("put", "/api/articles/{slug}"): "R",
    ("delete", "/api/articles/{slug}"): "R",
    ("post", "/api/articles/{slug}/favorite"): "R",
    ("delete", "/api/articles/{slug}/favorite"): "R",
    ("get", "/api/tags"): "-",
}
# One SELECT per answer (docs/adr/0008); lists at every page size (test_query_budget.py).
BUDGET = {"/api/articles": 1, "/api/articles/feed": 1, "/api/articles/{slug}": 1, "/api/tags": 1}
