"""The range of the id columns, checked before a value reaches the driver."""

# Ids are 32-bit integer columns: a larger value cannot even be bound on PostgreSQL, and can
# only mean "no such row".
MAX_ID = 2**31 - 1


def storable_id(value: int) -> bool:
    return 0 < value <= MAX_ID
