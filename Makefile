# One entry point for people and CI. Every target sets up .venv from the lock file first.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-from-lock
# Node tools the tests run (the Nu HTML Checker, Lighthouse), from tests/tools/package-lock.json.
TOOLS := tests/tools
TOOLS_STAMP := $(TOOLS)/node_modules/.installed-from-lock

.PHONY: build test serve validate clean lock

build: $(STAMP)
	$(VENV)/bin/invoke build

test: $(STAMP) $(TOOLS_STAMP)
	$(VENV)/bin/invoke test

serve: $(STAMP)
	$(VENV)/bin/invoke serve

validate: $(STAMP)
	$(VENV)/bin/invoke validate

clean:
	rm -rf output .cache

# A missing or stale virtual environment is rebuilt from scratch from the lock file; then
# this package is installed into it, editable (plugins/ on sys.path, the `newsroom`
# command, the Pelican namespace shim), with nothing but what the lock installed.
$(STAMP): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	$(VENV)/bin/pip check
	touch $(STAMP)

# Without npm the standards checks that need these tools are skipped (failed in CI).
$(TOOLS_STAMP): $(TOOLS)/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix $(TOOLS) --no-audit --no-fund --ignore-scripts --loglevel=error && touch $(TOOLS_STAMP); \
	else echo "npm not found: the HTML and Lighthouse checks will be skipped (apt install nodejs npm)"; fi

# Re-pin every direct and transitive dependency after editing requirements.in.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile requirements.in -o requirements.lock --python-version 3.11 --generate-hashes --no-header
