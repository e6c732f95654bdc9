# Bazaar: `make dev` serves the storefront, `make test` runs the whole suite, `make distributed`
# serves it as a process per unit on PostgreSQL and Redis (stack/).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export BAZAAR_ENV ?= dev

.PHONY: dev test distributed setup deps compressed demo chromium haproxy lint bench synthetics clean

dev: setup demo
	@echo "Bazaar storefront: http://$(HOST):$(PORT)/  (dev OpenID provider: http://127.0.0.1:8001/; Ctrl-C stops all)"
	BAZAAR_HOST=$(HOST) BAZAAR_PORT=$(PORT) exec $(VENV)/bin/honcho -f Procfile.dev start

test: setup chromium haproxy
	$(PY) -m pytest $(PYTEST_ARGS)

# Two shell replicas behind HAProxy, each BFF and each hub worker its own process, a database per
# BFF on PostgreSQL, Redis as channel layer and event hub (BAZAAR_PG_URL, BAZAAR_REDIS_URL,
# BAZAAR_HUB_REDIS_URL point it elsewhere; BAZAAR_STACK_PORT_BASE moves its ports; see README).
# PORT, when given, is the shop's port; otherwise the stack's port base decides it.
# A development stack, as make dev serves (BAZAAR_ENV=dev unless set otherwise): without it the
# launcher follows every process's rule, unset is production, and wants the production secrets.
distributed: setup haproxy
	BAZAAR_ENV=$(BAZAAR_ENV) $(if $(filter-out file,$(origin PORT)),BAZAAR_PORT=$(PORT)) $(PY) -m stack up

setup: deps

deps: $(VENV)/.deps-installed node_modules/.installed compressed

$(VENV)/.deps-installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The shell's modules bundled with esbuild (pages load the sources while the build is older
# than them), then brotli and gzip copies of the shell's assets and the npm modules it serves
# (WhiteNoise sends them; a copy older than its file is ignored, so re-running is only faster).
compressed: $(VENV)/.deps-installed node_modules/.installed
	$(PY) manage.py build_shell
	$(PY) manage.py compress_static

# Demo apps taken out of the shop (a registry made by an older `make dev` still holds them):
# @bazaar/checkout became the orders app's /checkout route in orders 1.7.0. Keep in step with
# stack/units.py's RETIRED_APPS.
RETIRED_APPS := @bazaar/checkout

# Migrate every datastore, seed the demo data and deploy every micro-app in one revision;
# the dev OpenID provider gets its own database, users and client registration.
demo: deps
	DJANGO_SETTINGS_MODULE=idp.settings $(PY) manage.py migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=idp.settings $(PY) manage.py seed_idp
	$(PY) manage.py migrate_datastores
	$(PY) manage.py seed_demo
	$(PY) manage.py deploy_microapp microapps/*/manifest.json $(foreach app,$(RETIRED_APPS),--retire $(app)) --message "make dev"

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium || \
	  { echo "installing Chromium from Debian"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The distributed mode's load balancer (and its tests') comes from Debian.
haproxy:
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || \
	  { echo "installing HAProxy from Debian"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Lighthouse for `make bench` (13 needs Node 22), installed under var/ apart from the shop's own
# packages and pointed at Debian's Chromium.
LIGHTHOUSE_VERSION := 12.2.3

# Every benchmark, then one table of each figure beside its floor (and var/bench.json).
bench: setup demo chromium
	@command -v wrk >/dev/null 2>&1 || { echo "installing wrk from Debian"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m pip install --quiet ".[bench]"
	@grep -qs '"version": "$(LIGHTHOUSE_VERSION)"' var/bench-tools/node_modules/lighthouse/package.json || \
	  npm install --no-audit --no-fund --loglevel=error --prefix var/bench-tools lighthouse@$(LIGHTHOUSE_VERSION)
	$(PY) bench/run.py

# The storefront journey in headless Chromium against the shop `make dev` serves (run that in
# another terminal): each step and its time; on a failure, the step, why, and a screenshot under
# var/synthetics/. SYNTHETICS_ARGS adds options (--user, --password, --delivery-timeout, --json).
synthetics: chromium
	$(PY) manage.py synthetics --base-url http://$(HOST):$(PORT) $(SYNTHETICS_ARGS)

clean:
	rm -rf var static/apps
