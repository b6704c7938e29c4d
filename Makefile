# newsgraph: two commands on a fresh machine.
#   make demo   install, ingest the seed article, print what was found, serve the UI
#   make test   install (with test tools, Chromium and the UI's npm packages) and run every test
#   make check  ruff and mypy on src/ (rules and settings in pyproject.toml)
#   make quality  run the development sets in ../shared/eval and compare with quality_baseline.json
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
NG     := $(VENV)/bin/newsgraph
SEED   := ../shared/seeds/000_ff3af8a6350a9149.txt
DB     ?= newsgraph.db
PORT   ?= 8765

.PHONY: demo test install install-test web-deps browser postgres check quality quality-update bench clean train evaluate

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed web-deps

install-test: $(VENV)/.installed-test web-deps browser

# the UI's JavaScript (Cytoscape.js) comes from the npm registry, pinned by package-lock.json
web-deps:
	@if [ -f src/newsgraph/web/package.json ]; then \
	  cd src/newsgraph/web && npm ci --silent --no-audit --no-fund; fi

# Debian's Chromium for the browser tests (Playwright drives it; nothing is downloaded by Playwright)
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
	  else echo "chromium is not installed and this is not root: browser tests will be skipped"; fi; fi

# the PostgreSQL server this machine kind provides, started if it is down
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
	  (command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start) || true

demo: install
	$(NG) --db $(DB) ingest $(SEED)
	$(NG) --db $(DB) actors --limit 40
	$(NG) --db $(DB) show "Falih Al-Fayyadh"
	$(NG) --db $(DB) events
	@if $(NG) --help | grep -q ' serve '; then \
	  echo "serving the knowledge base at http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"; \
	  $(NG) --db $(DB) serve --port $(PORT); fi

test: install-test postgres
	$(PY) -m pytest -q

check: $(VENV)/.installed-test
	$(VENV)/bin/ruff check src scripts
	$(VENV)/bin/mypy

# the quality gate: fails when a development-set figure drops below quality_baseline.json
quality: $(VENV)/.installed
	$(PY) scripts/quality_gate.py --newsgraph $(NG)

# raise the baseline to every better figure (commit quality_baseline.json with the change)
quality-update: $(VENV)/.installed
	$(PY) scripts/quality_gate.py --newsgraph $(NG) --update

bench: install
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) newsgraph.db newsgraph.db-wal newsgraph.db-shm

# the learned cue classifier and hedge detector, from the corpora in ../shared/eval (deterministic, CPU;
# under 10 minutes: the cue step, mostly the parse of polnear_train, 5 to 7.5, the detector 1, the
# evaluation of three modes 2.5): weights and model card into src/newsgraph/nlp/models, byte-identical
# from one run to the next
EVAL     ?= ../shared/eval
train: install
	$(PY) -m newsgraph.train.attribution cues $(EVAL)
	$(PY) -m newsgraph.train.hedging $(EVAL)
	$(PY) -m newsgraph.train.evaluate $(EVAL) --modes --write-card

# the dev figures of the shipped models, compared with those on their model card
evaluate: install
	$(PY) -m newsgraph.train.evaluate $(EVAL)
