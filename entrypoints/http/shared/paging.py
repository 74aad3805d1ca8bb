"""`?limit=&offset=`: the paging query parameters of every context's lists, bounded as a Page."""

from typing import Annotated

from fastapi import Query

from application.shared.paging import MAX_LIMIT, MAX_OFFSET

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many to return (20 if absent)")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many to skip (0 if absent)")]
