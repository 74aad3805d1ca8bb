"""The one MetaData every context's tables join, with stable constraint names."""

from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Set before any table class is defined, so every constraint gets a predictable name that
# migrations can refer to and error handling can recognise.
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata = SQLModel.metadata
