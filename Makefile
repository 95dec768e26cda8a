# Hub Local — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# manage.py defaults to hublocal.settings.dev; the test suite always uses hublocal.settings.test
# (passed explicitly: an exported DJANGO_SETTINGS_MODULE would otherwise win over pytest.ini).

.PHONY: run test check lint typecheck pytest e2e install install-dev browser setup worker serve bench bench-load bench-tools bench-lcp clean messages backup restore

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed
install-dev: $(VENV)/.dev-installed

## Database, territory, demo data and static files; idempotent.
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_territory
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput -v0

## Serve the platform on 127.0.0.1:$(PORT) with the embedded task-queue worker beside it.
run: setup
	@echo "Hub Local: http://127.0.0.1:$(PORT)  (cuentas demo en README.md; Ctrl-C para detener)"
	@$(PY) manage.py run_huey --workers 1 --quiet & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

worker: install
	$(PY) manage.py run_huey

## Production web server: gunicorn (deploy/gunicorn.conf.py: gthread workers, WEB_CONCURRENCY
## processes × GUNICORN_THREADS threads) with hublocal.settings.production, on 0.0.0.0:$(PORT).
## Needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (and REDIS_URL with several processes or
## machines); migrations are run once per release, not here. See docs/deployment.md.
serve: install
	DJANGO_SETTINGS_MODULE=hublocal.settings.production $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=hublocal.settings.production PORT=$(PORT) \
	  exec $(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py

## Back up the database and uploaded files into var/backups (OUTPUT=dir to choose another folder).
backup: install
	$(PY) manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)")

## Restore an archive into an empty database: make restore BACKUP=var/backups/hublocal-backup-….tar.gz
restore: install
	@if [ -z "$(BACKUP)" ]; then echo "Uso: make restore BACKUP=ruta/al/hublocal-backup-….tar.gz"; exit 2; fi
	$(PY) manage.py restore "$(BACKUP)"

## Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium for browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install-dev
	$(VENV)/bin/mypy

check: lint typecheck
	DJANGO_SETTINGS_MODULE=hublocal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=hublocal.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) scripts/check_translations.py

# Two test processes (the machines have two cores); worksteal keeps both busy to the end even
# though a few browser journeys take minutes. PYTEST_ARGS passes extra options (see .ci/run).
pytest: install-dev browser
	$(VENV)/bin/pytest --ds=hublocal.settings.test -n 2 --dist worksteal -q $(PYTEST_ARGS)

test: check pytest

bench: install-dev
	$(PY) bench/run.py --db both

## Load benchmark (locust, PostgreSQL hublocal_bench, production server): docs/performance.md.
## nginx for the load benchmark's front server (Debian package, like `make browser`).
bench-tools:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  echo "Installing Debian nginx for the load benchmark"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; \
	fi

bench-load: install-dev bench-tools
	$(PY) bench/load.py $(BENCH_LOAD_ARGS)

## First paint on slow links (Playwright + DevTools emulation, demo on SQLite): docs/performance.md.
bench-lcp: install-dev browser
	$(PY) bench/lcp.py $(BENCH_LCP_ARGS)

messages: install-dev
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
