# Two commands on a fresh machine: `make run` (demo site) and `make test` (whole suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST_PORT ?= 127.0.0.1:8000
DEMO_USERNAME ?= demo
DEMO_PASSWORD ?= clinic-demo-2026

# Django 6.1 needs Python 3.12 or newer. Try explicit PYTHON, then versions on PATH, then
# pyenv's installs (whose shims only run with PYENV_VERSION set), and run each candidate,
# because a shim that exists may still fail.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PYTHON_CANDIDATES := $(PYTHON) python3.14 python3.13 python3.12 \
	$(sort $(wildcard $(PYENV_ROOT)/versions/3.1[2-9]*/bin/python3)) python3
FOUND_PYTHON := $(firstword $(foreach c,$(PYTHON_CANDIDATES),$(shell $(c) -c \
	'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && echo $(c))))

NODE_STAMP := node_modules/.installed

.PHONY: help install run test lint format check clean screenshots observatory bench
.PHONY: loadtest backup restore

help:
	@echo "make run    serve the demo site on SQLite at http://$(HOST_PORT)"
	@echo "make test   run the whole test suite (DATABASE_URL selects the database)"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check"
	@echo "make screenshots  full-page PNGs of every public page type in screenshots/"
	@echo "make observatory  Mozilla HTTP Observatory grade of a local gunicorn over TLS (needs A+)"
	@echo "make bench  gunicorn + wrk benchmark (SCALE=10000, DURATION=15, RUNS=3, DATABASE_URL=)"
	@echo "make loadtest  readers + 200 inquiries on gunicorn and PostgreSQL, then a mail outage"
	@echo "make backup [FILE=...]  pg_dump DATABASE_URL's database to backups/<db>-<UTC>.dump"
	@echo "make restore FILE=... [CONFIRM=yes]  replace DATABASE_URL's database with a backup"

install: $(STAMP)

# The HTML checker and Lighthouse, pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 20 and npm." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

$(STAMP): pyproject.toml
	@if [ -z "$(FOUND_PYTHON)" ]; then \
		echo "No Python 3.12 or newer found. Install one (e.g. 'pyenv install 3.13'" \
		     "or your system's python3.13 package), or pass PYTHON=/path/to/python3.12." >&2; \
		exit 1; \
	fi
	@if [ ! -x $(VENV_PYTHON) ] || ! $(VENV_PYTHON) -c \
		'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $(FOUND_PYTHON)"; \
		$(FOUND_PYTHON) -m venv $(VENV); \
	fi
	$(VENV_PYTHON) -m pip install --quiet --upgrade pip
	$(VENV_PYTHON) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: install
	DEBUG=true $(VENV_PYTHON) manage.py migrate --noinput
	DEBUG=true DEMO_USERNAME=$(DEMO_USERNAME) DEMO_PASSWORD=$(DEMO_PASSWORD) \
		$(VENV_PYTHON) manage.py load_demo --demo-login
	@echo
	@echo "  Demo site:   http://$(HOST_PORT)/"
	@echo "  Staff admin: http://$(HOST_PORT)/admin/  (local demo only; password '$(DEMO_PASSWORD)')"
	@echo "    '$(DEMO_USERNAME)' can do everything; '$(DEMO_USERNAME)-editor' writes articles;"
	@echo "    '$(DEMO_USERNAME)-publisher' also publishes, signs off claims and records reviews."
	@echo "    Two-factor codes are OFF for this demo (STAFF_TWO_FACTOR_REQUIRED=false, allowed only"
	@echo "    with DEBUG on); in production superusers, publishers and the front desk need one."
	@echo
	DEBUG=true STAFF_TWO_FACTOR_REQUIRED=false $(VENV_PYTHON) manage.py runserver $(HOST_PORT)

# Tests and checks run with DEBUG off, as production does, so they need a (throwaway) key.
test lint: export SECRET_KEY ?= test-only-key-not-used-anywhere-else

test: install $(NODE_STAMP)
	$(VENV_PYTHON) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV_PYTHON) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

screenshots: install
	$(VENV_PYTHON) scripts/screenshots.py --out screenshots

# Installs the scanner into .venv/observatory; writes reports/observatory.json.
observatory: install
	$(VENV_PYTHON) scripts/observatory.py

# Not part of `make test`: minutes of load on the machine. Writes reports/bench-*.json.
SCALE ?= 0
DURATION ?= 15
RUNS ?= 3
bench: install
	@command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
	$(VENV_PYTHON) scripts/bench.py --scale $(SCALE) --duration $(DURATION) --runs $(RUNS)

# About a minute on loopback: creates and drops its own PostgreSQL database (LOADTEST_DB,
# whose name must contain "loadtest"); needs wrk. Writes reports/load-and-faults.json.
LOADTEST_DB ?= clinic_loadtest
loadtest: install
	$(VENV_PYTHON) scripts/load_and_faults.py --database $(LOADTEST_DB)

# The database is DATABASE_URL's (environment or .env); PostgreSQL only.
backup: install
	$(VENV_PYTHON) scripts/backup.py dump $(if $(FILE),--file "$(FILE)")

restore: install
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/....dump" >&2; exit 1; }
	$(VENV_PYTHON) scripts/backup.py restore --file "$(FILE)" $(if $(filter yes,$(CONFIRM)),--yes)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
