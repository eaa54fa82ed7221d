# Small named chores. `make run` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fast lint format bench setup chromium fonts browser-deps mutation

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: setup fonts
	$(PY) -m streamlit run app.py

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
chromium:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q . ; } || { $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk fonts-noto-color-emoji; }

# Noto Sans CJK for the classroom PDFs (Latin and Chinese names); also in packages.txt for Streamlit Community Cloud.
# Best effort for `make run`: where apt-get is missing the app still runs, and only the PDF downloads need the font.
fonts:
	@fc-list :lang=zh 2>/dev/null | grep -q . || { command -v apt-get >/dev/null 2>&1 && $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-noto-cjk; } || echo "Note: no Chinese font found (Debian package fonts-noto-cjk); the Classroom's PDF downloads need it."

# axe-core, loaded from disk into pages by the accessibility tests.
browser-deps: tests/e2e/node_modules/axe-core/axe.min.js

tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error

test: setup chromium browser-deps
	$(PY) -m pytest

test-fast: setup fonts
	$(PY) -m pytest -m "not browser"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup chromium
	$(PY) bench/run.py

# Mutation testing of the pure logic with the unit tests (README, "Mutation testing"). Not part of `make test`: it
# takes minutes. One module at a time, one child process by default (MUTATION_CHILDREN=2 on a free machine).
MUTATION_MODULES := rules queries loader history exports slides txlink reach geo package urls
MUTATION_CHILDREN ?= 1

mutation: setup
	rm -rf mutants
	for m in $(MUTATION_MODULES); do $(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN) "listed.$$m.*" || exit 1; done
	$(PY) scripts/mutation_report.py
