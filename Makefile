# zwgk — the two commands: `make demo` and `make test` (README.md).
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
APT_PACKAGES := chromium chromium-driver fonts-noto-cjk wget

.PHONY: demo test test-fast lint format system-deps node-deps bench bench-search bench-monitor bench-altcha bench-load clean audit lock

$(BIN)/python:
	$(PY) -m venv $(VENV)

# uv (from PyPI) installs in a fraction of pip's time (decision 0033); pip is the fallback
# wherever uv cannot be installed or cannot reach the index. Either way requirements.lock
# constrains every dependency to the versions the suite last passed with.
UV_ENV := UV_NATIVE_TLS=1 UV_LINK_MODE=copy
define install
	@if $(BIN)/pip install --quiet uv >/dev/null 2>&1 && \
	  $(UV_ENV) $(BIN)/uv pip install --quiet --python $(BIN)/python -c requirements.lock -e '$(1)'; then \
	  echo "installed with uv"; \
	else \
	  echo "uv unavailable: installing with pip"; \
	  $(BIN)/pip install --quiet --upgrade pip && \
	  $(BIN)/pip install --quiet -c requirements.lock -e '$(1)'; \
	fi
endef

# The tests need the development tools; the demo only what the platform runs on (no browser,
# linters or test runners to download first: decision 0040).
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(call install,.[dev])
	touch $(STAMP) $(RUNTIME_STAMP)

$(RUNTIME_STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(call install,.)
	touch $(RUNTIME_STAMP)

# Debian packages the browser tests and benchmarks need (root only; CI runs as root).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null)); \
	  else echo "please install as root: apt-get install$$missing"; exit 1; fi; \
	fi

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

node-deps: node_modules/axe-core/axe.min.js

# PORT is passed on, so load-demo and serve agree on the stand-in sites' port (PORT + 1).
demo: $(RUNTIME_STAMP)
	ZWGK_DEMO=1 PORT=$(PORT) $(BIN)/zwgk migrate --noinput -v0
	@# The static files are prepared on the second core while the demo data loads on the first.
	ZWGK_DEMO=1 $(BIN)/zwgk static & static=$$!; \
	ZWGK_DEMO=1 PORT=$(PORT) $(BIN)/zwgk load-demo; loaded=$$?; wait $$static && exit $$loaded
	@echo ""
	@echo "  门户 Portal:        http://127.0.0.1:$(PORT)/"
	@echo "  工作平台 Back office: http://127.0.0.1:$(PORT)/staff/"
	@echo "  接口文档 API docs:   http://127.0.0.1:$(PORT)/api/v1/docs"
	@echo "  演示账号 Logins: admin / supervisor / editor / reviewer / handler / office_head — 密码 password: zwgk-demo"
	@echo "  审签流程 Sign-off chain: sfj_kz（科室负责人）/ sfj_bm（保密审查员）/ admin_review — 密码 password: zwgk-demo"
	@echo "  其他角色 Other roles: emergency（应急预案监督）/ hotline（8890热线）/ swj_editor（市水务局，答复申诉）— 密码 password: zwgk-demo"
	@echo ""
	ZWGK_DEMO=1 PORT=$(PORT) $(BIN)/zwgk serve --port $(PORT)

test: $(STAMP) system-deps node-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -q -m "not browser"
	$(BIN)/pytest -n 2 -q -m browser

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -q -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

# Known vulnerabilities in the installed dependencies (pip-audit; needs PyPI). .ci/run runs it.
audit: $(STAMP)
	$(BIN)/python .ci/audit_dependencies.py

# The exact versions the suite last passed with (pip freeze of .venv), for reproducible installs.
lock: $(STAMP)
	$(BIN)/pip freeze --exclude-editable | grep -v -e '^zwgk' -e '^uv==' > requirements.lock

bench: bench-search bench-monitor bench-altcha bench-load

bench-search: $(STAMP)
	$(BIN)/python -m bench.search --items $(or $(ITEMS),100000)

bench-monitor: $(STAMP) system-deps
	$(BIN)/python -m bench.monitor

bench-altcha: $(STAMP) system-deps
	$(BIN)/python -m bench.altcha

# Load and faults (README "Running at scale"): needs PostgreSQL on 127.0.0.1:5432 (a database
# zwgk_bench_load of its own), Redis on 127.0.0.1:6379 (db 3), PostgreSQL 15's initdb for the
# private cluster it restarts, and root for the tmpfs of the disk-full fault.
bench-load: $(STAMP)
	$(BIN)/python -m bench.load $(BENCH_LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules var/test-*
