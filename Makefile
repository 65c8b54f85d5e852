# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

BROWSER_TOOLS := tests/browser/node_modules/.installed

.PHONY: run test lint format check venv browser-tools bench-search serve load-test bench

venv: $(VENV)/.installed

# axe-core and the Nu Html Checker, pinned in tests/browser/package-lock.json.
browser-tools: $(BROWSER_TOOLS)

$(BROWSER_TOOLS): tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else \
		echo "npm not found: the accessibility and HTML-validity tests will skip."; \
	fi

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_kb
	$(BIN)/python manage.py create_local_admin --admin-url http://$(HOST):$(PORT)/admin/
	@echo "Serving the knowledge base on http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv browser-tools
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: venv
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Search timings on PostgreSQL with generated events; needs DATABASE_URL (see README).
bench-search: venv
	$(BIN)/python bench/search_benchmark.py --events $(or $(EVENTS),100000)

# Production serving with gunicorn and kb/gunicorn.conf.py; set the environment first (README, "Deploying").
serve: venv
	$(BIN)/gunicorn -c kb/gunicorn.conf.py

# 50 readers at once for 60 s against gunicorn and PostgreSQL; needs DATABASE_URL (README, "Load test").
load-test: venv
	$(BIN)/python -m pip install --quiet -r bench/requirements-load.txt
	$(BIN)/python bench/loadtest.py --users $(or $(USERS),50) --duration $(or $(DURATION),60) $(if $(EVENTS),--events $(EVENTS))

# Each page type's requests/s against a minimal view, with 100,000 events; needs DATABASE_URL (BENCHMARKS.md).
bench: venv
	$(BIN)/python -m bench.benchmark --events $(or $(EVENTS),100000) --readme \
		$(if $(DURATION),--duration $(DURATION)) $(if $(CONCURRENCY),--concurrency $(CONCURRENCY))
