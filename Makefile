# Klynge: `make demo` sets up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links in mails, calendars and PDFs follow the address the demo is served on.
BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: install lock demo serve test test-postgres lint typecheck format messages bench load-test clean

# Installs the exact, hash-checked versions of requirements-dev.lock, then Klynge itself (editable).
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Regenerates the lock files from pyproject.toml (after changing a dependency or to take updates:
# `make lock LOCK_ARGS=--upgrade`). Commit pyproject.toml and both lock files together.
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: install
	$(PIP_COMPILE) -o requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev -o requirements-dev.lock pyproject.toml

demo: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo --url $(BASE_URL)
	KLYNGE_BASE_URL=$(BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

serve: install
	KLYNGE_BASE_URL=$(BASE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "NOTE: /usr/bin/chromium is missing, so the browser tests are skipped (apt-get install chromium)."; fi
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m mypy

# mypy alone (also part of `make lint`): strict where pyproject's [tool.mypy] overrides say so;
# any error fails.
typecheck: install
	$(PY) -m mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	cd klynge && ../$(PY) ../manage.py makemessages -l nb --no-obsolete --no-location --add-location=file
	$(PY) manage.py compilemessages --ignore=.venv

bench: install
	@for script in benchmarks/*.py; do \
	  case $$(basename $$script) in _*|load_test.py|web_pages.py) continue;; esac; \
	  echo "== $$script" >&2; $(PY) $$script || exit 1; done
	$(PY) benchmarks/web_pages.py --scale country --requests 10

# Starts gunicorn, two workers, PostgreSQL and Redis on this machine and drives them for 60 s.
load-test: install
	$(PY) benchmarks/load_test.py

clean:
	rm -rf $(VENV) var
