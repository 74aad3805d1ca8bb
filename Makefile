# Two commands set everything up on a fresh machine:
#   make run    serve the API on the embedded SQLite database (migrated) at 127.0.0.1:8000
#   make test   run the whole suite: lint, types, import contracts, unit .. end-to-end tests

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install lint contracts bench bench-1m bench-sqlite

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/conduit serve --migrate

# Two processes, this machine's cores (tests are xdist-safe); a worker that runs out of tests
# takes some from the other, so one long test near the end no longer leaves a core idle
# (274 -> 225 s on 2026-12-03).
test: $(STAMP)
	@.ci/ensure-postgres || echo "PostgreSQL is not available: its tests will be skipped (CI=true fails them instead)."
	@.ci/ensure-rabbitmq || echo "RabbitMQ is not available: its tests will be skipped (CI=true fails them instead)."
	$(BIN)/pytest -n 2 --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# The benchmark (bench/RESULTS.md): every scenario on PostgreSQL (127.0.0.1; 1, then 2
# workers), then on the embedded SQLite (1 worker), each against its ceiling; wrk installed
# if missing.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.run --sqlite --workers 1

bench-1m: $(STAMP)
	$(BIN)/python -m bench.run --articles 1000000 --scenarios list,list_auth,feed,tag,favorited --workers 1

# The same scenarios on the embedded SQLite database, against a SQLite ceiling.
bench-sqlite: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,bench]'
	$(BIN)/python -m bench.run --sqlite --workers 1
