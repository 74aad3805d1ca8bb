"""Pure business rules: aggregates, value objects, domain errors and repository ports."""
