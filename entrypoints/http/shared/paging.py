"""The paging query parameters every list takes, `?limit=&offset=`, bounded as the use cases
bound a Page: one definition for every context's routes."""

from typing import Annotated

from fastapi import Query

from application.shared.paging import MAX_LIMIT, MAX_OFFSET

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many to return (20 if absent)")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many to skip, newest first")]
