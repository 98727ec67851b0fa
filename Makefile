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

# The rules engine is compiled with mypyc where a C compiler is present (tools/compile_rules.py);
# `MYPYC=0 make …` removes the compiled modules and runs it as pure Python. Not compiled: the
# parameters loader (its YAML loader class is patched after definition, which mypyc refuses),
# booking.py (its errors are subclassed by interpreted code, which a compiled class forbids),
# the command line and the __init__s.
MYPYC ?= 1
RULES := src/kontaktforloeb/rules
COMPILED_RULES := $(addprefix $(RULES)/,clock.py dates.py engine.py events.py explain.py model.py \
  snapshot.py rulesets/base.py rulesets/leaflet_2024.py rulesets/rs2020.py rulesets/rs2026_07.py \
  rulesets/rs2027.py)
COMPILED := $(if $(filter 1,$(MYPYC)),build/mypyc/.built,clean-compiled)

.PHONY: install compile clean-compiled test lint typecheck pytest demo seed-demo static messages bench-rules bench-night bench-booking bench-population bench-worklists bench-registration bench-whatif bench-migrations audit clean

install: .venv/.synced $(COMPILED) node_modules/.installed $(CHROMIUM)

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	touch $@

## Compile the rules engine with mypyc, again whenever a module of the rules package changes.
compile: build/mypyc/.built

# Every rules module is a dependency: the compiled code relies on the types of those it imports.
build/mypyc/.built: $(shell find $(RULES) -name '*.py') tools/compile_rules.py Makefile .venv/.synced
	@$(PY) tools/compile_rules.py $(@D) $(COMPILED_RULES)

clean-compiled:
	rm -rf build/mypyc src/kontaktforloeb_rules__mypyc.*
	find $(RULES) \( -name '*.so' -o -name '*.pyd' \) -delete

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends chromium \
	  || (apt-get update && apt-get install -y --no-install-recommends chromium); \
	else sudo apt-get install -y --no-install-recommends chromium; fi

lint: .venv/.synced
	.venv/bin/ruff check src tests bench tools
	.venv/bin/ruff format --check src tests bench tools
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
bench-rules: .venv/.synced $(COMPILED)
	$(PY) bench/rules_bench.py $(BENCH_ARGS)

## The nightly recomputation: only the plans whose next change has come, night after night.
bench-night: .venv/.synced $(COMPILED)
	$(PY) bench/night_bench.py $(BENCH_ARGS)

## Booking on PostgreSQL: free-time search and throughput against granian (needs DATABASE_URL).
bench-booking: .venv/.synced $(COMPILED)
	$(PY) bench/booking_bench.py $(BENCH_ARGS)

## Registering citizens through the API on PostgreSQL (needs DATABASE_URL).
bench-registration: .venv/.synced $(COMPILED)
	$(PY) bench/registration_bench.py $(BENCH_ARGS)

## Load 300,000 citizens with their plans into the empty PostgreSQL database in DATABASE_URL.
bench-population: .venv/.synced $(COMPILED)
	$(PY) bench/population.py $(BENCH_ARGS)

## Worklist pages on that population: median, p95 and queries per page (needs DATABASE_URL).
bench-worklists: .venv/.synced $(COMPILED)
	$(PY) bench/worklist_bench.py $(BENCH_ARGS)

## Hvad nu hvis on that population: cold, warm and cached, per municipality and the country.
bench-whatif: .venv/.synced $(COMPILED)
	$(PY) bench/whatif_bench.py $(BENCH_ARGS)

## The whole system under load: citizens, caseworkers and case systems against granian with the
## production settings and the task worker, at 10, 50 and 200 users (needs DATABASE_URL).
.PHONY: load
load: .venv/.synced $(COMPILED) node_modules/.installed
	$(PY) bench/load.py $(BENCH_ARGS)

## Known vulnerabilities in the locked Python packages (pip-audit, PyPI's advisories) and the npm
## packages (npm audit); fails when a package cannot be checked, so a silent pass means something.
audit: .venv/.synced node_modules/.installed
	mkdir -p build
	$(UV) export --frozen --no-hashes --no-emit-project --quiet > build/audit-requirements.txt
	$(UV) tool run pip-audit --strict --no-deps --disable-pip -r build/audit-requirements.txt
	npm audit --omit=dev

## Migrations on a copy of the population in DATABASE_URL: time and locks of each.
bench-migrations: .venv/.synced
	$(PY) bench/migrations_bench.py $(BENCH_ARGS)

clean: clean-compiled
	rm -rf .venv .tools node_modules var build
