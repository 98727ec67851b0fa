# Kontaktforløb. `make test` and `make demo` bootstrap everything they need on a fresh machine that
# has python3, make and node/npm: uv (into .tools/ if it is not installed), the Python packages
# from uv.lock, the npm packages from package-lock.json and, for browser tests, Debian's chromium.

SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1

UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
KF := .venv/bin/kontaktforloeb
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: install test lint typecheck pytest demo seed-demo static messages bench-rules bench-booking bench-population bench-worklists clean

install: .venv/.synced node_modules/.installed $(CHROMIUM)

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends chromium \
	  || (apt-get update && apt-get install -y --no-install-recommends chromium); \
	else sudo apt-get install -y --no-install-recommends chromium; fi

lint: .venv/.synced
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/lint-imports

typecheck: .venv/.synced
	.venv/bin/mypy

pytest: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest $(PYTEST_ARGS)

## The whole suite: lint, types, import contracts, tests (SQLite, or DATABASE_URL when it is set).
test: lint typecheck pytest

messages: .venv/.synced
	cd src/kontaktforloeb && ../../$(KF) makemessages -l en --no-obsolete && ../../$(KF) compilemessages

static: install
	$(KF) collectstatic --noinput --verbosity 0

## Serve the demo on 127.0.0.1:$(PORT) with a task worker; SQLite under var/.
demo: install static
	DJANGO_SETTINGS_MODULE=kontaktforloeb.settings.dev PORT=$(PORT) $(KF) demo --port $(PORT)

seed-demo: install
	$(KF) migrate --verbosity 0 && $(KF) seed-demo

## Rules engine throughput on a synthetic population (see bench/README.md).
bench-rules: .venv/.synced
	$(PY) bench/rules_bench.py $(BENCH_ARGS)

## Booking on PostgreSQL: free-time search and throughput against granian (needs DATABASE_URL).
bench-booking: .venv/.synced
	$(PY) bench/booking_bench.py $(BENCH_ARGS)

## Load 300,000 citizens with their plans into the empty PostgreSQL database in DATABASE_URL.
bench-population: .venv/.synced
	$(PY) bench/population.py $(BENCH_ARGS)

## Worklist pages on that population: median, p95 and queries per page (needs DATABASE_URL).
bench-worklists: .venv/.synced
	$(PY) bench/worklist_bench.py $(BENCH_ARGS)

clean:
	rm -rf .venv .tools node_modules var
