# Klynge: `make demo` sets up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute links in mails, calendars and PDFs follow the address the demo is served on.
BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: install demo serve test test-postgres lint format messages bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

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

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	cd klynge && ../$(PY) ../manage.py makemessages -l nb --no-obsolete --no-location --add-location=file
	$(PY) manage.py compilemessages --ignore=.venv

bench: install
	@for script in benchmarks/*.py; do \
	  case $$(basename $$script) in _*) continue;; esac; \
	  echo "== $$script" >&2; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var
