# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres bench install init demo serve lint clean translations test-fast

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

init: install
	$(BIN)/nigraan init

demo: init
	$(BIN)/nigraan demo

## make run: install, prepare the database, load demo data, serve on http://127.0.0.1:8000
run: demo
	$(BIN)/nigraan serve --host $(HOST) --port $(PORT)

## make test: install, then the whole suite on SQLite, and on PostgreSQL when one is reachable
test: install
	@sh scripts/ensure_chromium.sh
	@sh scripts/ensure_report_tools.sh
	$(MAKE) --no-print-directory test-sqlite
	@PG_URL="$$($(BIN)/python scripts/find_postgres.py)"; \
	if [ -n "$$PG_URL" ]; then \
		echo "== PostgreSQL reachable: running the suite again on PostgreSQL =="; \
		DATABASE_URL="$$PG_URL" $(MAKE) --no-print-directory test-postgres; \
	else \
		echo "== No PostgreSQL reachable (DATABASE_URL or 127.0.0.1:5432): SQLite run only =="; \
	fi

## make test-fast: the edit-run loop: SQLite only, no slow (processes, brokers) or browser tests
test-fast: install
	env -u DATABASE_URL $(BIN)/python -m pytest -m "not slow and not browser" -q $(PYTEST_ARGS)

test-sqlite:
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== Test suite on PostgreSQL =="
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make bench: performance figures beside same-run baselines (see docs/performance.md)
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

## make translations: collect every msgid (no source locations, so merges rarely clash), fill
## the Urdu from scripts/translations_ur/*.py and compile the .mo (needs GNU gettext)
translations: install
	cd src/nigraan && NIGRAAN_DATA_DIR=$$(mktemp -d) ../../$(BIN)/nigraan makemessages -l ur --no-location --no-obsolete >/dev/null
	$(BIN)/python scripts/fill_translations.py scripts/translations_ur/*.py

## make lint: the checks CI enforces (ruff's rule set and formatting, mypy with django-stubs on
## src; both configured in pyproject.toml)
lint: install
	$(BIN)/ruff check src tests bench docs scripts
	$(BIN)/ruff format --check src tests bench docs scripts
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
