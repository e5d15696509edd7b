# Gongzhi 共治 — `make run` serves the app with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
LINT_PATHS := backend tests $(wildcard bench)
FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: run test lint pytest-sqlite pytest-postgres frontend-test e2e schema migrations bench clean

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES) schema.graphql
	cd frontend && npm run build

run: $(BIN)/.installed frontend/dist/index.html
	$(BIN)/gongzhi migrate
	$(BIN)/gongzhi seed-demo
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gongzhi serve

lint: $(BIN)/.installed
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/mypy backend

pytest-sqlite: $(BIN)/.installed frontend/dist/index.html
	GONGZHI_TEST_BACKEND=sqlite $(BIN)/pytest -q

# PostgreSQL runs when TEST_DATABASE_URL is set (CI) or a server answers on 127.0.0.1:5432.
pytest-postgres: $(BIN)/.installed
	@if [ -n "$$TEST_DATABASE_URL" ] || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 0.5)" 2>/dev/null; then \
		GONGZHI_TEST_BACKEND=postgres $(BIN)/pytest -q -m "not e2e"; \
	else \
		echo "PostgreSQL is not reachable: skipping the PostgreSQL run (CI requires it)"; \
	fi

frontend-test: frontend/dist/index.html
	cd frontend && npm test && npm run codegen:check

test: lint frontend-test pytest-postgres pytest-sqlite

schema: $(BIN)/.installed
	$(BIN)/gongzhi export-schema

migrations: $(BIN)/.installed
	$(BIN)/tortoise -c backend.db.TORTOISE_ORM makemigrations

SIZE ?= small
# Load benchmark against PostGraphile and the floor on 127.0.0.1 (bench/README.md); wrk from Debian.
bench: $(BIN)/.installed
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run --size $(SIZE)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
