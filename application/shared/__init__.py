"""Application kernel: unit of work, clock, integration events, paging; shared by contexts."""
