# Every target installs what it needs first and does nothing that is already done.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RASA := $(BIN)/rasa
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
WIDGET_PORT ?= 8080
CONSOLE_PORT ?= 8090
DRAFT_PORT ?= 5006

MODEL := models/clinic.tar.gz
SPACY_PIPELINE := build/spacy/en_clinic
CLINICAL_TERMS := data/nlu/lookups/clinical_terms.yml
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml') $(wildcard bot/nlu/*.py)
WIDGET := build/widget/clinic-chat.js
SOCKET_IO_CLIENT := widget/node_modules/socket.io-client/dist/socket.io.min.js
# The staff console's chart library, served by the console itself (no CDN).
CONSOLE_ASSETS := bot/staff/console/assets/node_modules/chart.js/dist/chart.umd.min.js
CHROMIUM := /usr/bin/chromium
IMAGE ?= localhost/clinic-assistant:dev
BASE_IMAGE ?= localhost/clinic-base:bookworm
# The certificate authorities pip trusts while the image is built (TLS-inspecting proxies).
CA_BUNDLE ?= /etc/ssl/certs/ca-certificates.crt
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Nothing a visitor types may leave the clinic's servers.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help install train widget cluster-packages deploy-tools image image-if-possible run shell test validate bench-nlu bench-triage bench-load bench-memory bench-console clean

help:
	@echo "make run      install what is missing, train if needed, start the assistant"
	@echo "make test     install what is missing, train if needed, run every test"
	@echo "make install  create .venv/ with the pinned packages (requirements/*.lock)"
	@echo "make train    train models/clinic.tar.gz if the data or config changed"
	@echo "make widget   build the website chat widget into build/widget/"
	@echo "make shell    talk to the assistant in the terminal"
	@echo "make validate check the training data and domain (rasa data validate)"
	@echo "make bench-nlu  NLU benchmark (HINT3 + own data + held-out sets) -> reports/nlu-benchmark.md"
	@echo "make bench-triage  the red-flag rule layer on the triage sets -> reports/triage-benchmark.md"
	@echo "make bench-load load benchmark beside stock Rasa -> reports/load-benchmark.md"
	@echo "make bench-console  example added in the console -> live, with its parts -> reports/console-benchmark.md"
	@echo "make bench-memory  memory of each process make run starts -> reports/memory-benchmark.md"
	@echo "make image   build the container image with podman (no registry) -> localhost/clinic-assistant:dev"
	@echo "make clean    remove trained models and build output (keeps .venv/)"

install: $(VENV)/.runtime

# Rasa 3.6 declares Python <3.11 but runs on 3.11: install the pinned, fully resolved set
# without letting pip re-resolve it (see README, "Installation").
$(VENV)/.runtime: requirements/runtime.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python -r requirements/runtime.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -r requirements/dev.lock
	touch $@

$(SPACY_PIPELINE)/meta.json: $(VENV)/.runtime bot/nlu/clinical_pipeline.py $(CLINICAL_TERMS)
	$(BIN)/python -m bot.nlu.clinical_pipeline $(CLINICAL_TERMS) $(SPACY_PIPELINE)

train: $(MODEL)

# Rasa reuses what it can from .rasa/cache, so a change to NLU data only retrains NLU.
$(MODEL): $(VENV)/.runtime $(SPACY_PIPELINE)/meta.json $(TRAINING_INPUTS)
	$(BIN)/bot train
	touch $@

widget: $(WIDGET)

$(SOCKET_IO_CLIENT): widget/package-lock.json
	npm ci --prefix widget --no-audit --no-fund --loglevel=error
	touch $@

# One file to embed: the socket.io client from npm, then the widget; nothing from a CDN.
# The `;` keeps the two scripts apart. The widget's parts share one function scope, so
# the page sees none of their names; the lines exporting them to node's tests are left out.
WIDGET_PARTS := $(addprefix widget/src/,store.js transport.js view.js clinic-chat.js)
$(WIDGET): $(SOCKET_IO_CLIENT) $(WIDGET_PARTS) widget/src/clinic-chat.css
	mkdir -p $(@D)
	{ grep -v '^//# sourceMappingURL' $(SOCKET_IO_CLIENT); echo ';'; echo '(function () {'; echo '"use strict";'; \
	  cat $(WIDGET_PARTS) | grep -v '^if (typeof module === "object")'; echo '})();'; } > $@.tmp
	mv $@.tmp $@
	cp widget/src/clinic-chat.css $(@D)/

# The browser tests drive Debian's Chromium, never a browser downloaded by a test tool.
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

# The scale-out tests run Debian's PostgreSQL, Redis and nginx (bot/ops/cluster.py starts
# throwaway instances of them on free ports).
cluster-packages:
	@if ! { command -v nginx && command -v redis-server && ls /usr/lib/postgresql/*/bin/initdb; } >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			postgresql redis-server nginx-light; \
	fi

# The tests check the systemd units (deploy/systemd/) with systemd's own reader, and build
# and run the container image with Debian's podman.
deploy-tools:
	@if ! { command -v systemd-analyze && command -v podman && command -v runc && command -v mmdebstrap; } \
			>/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			systemd podman runc mmdebstrap uidmap; \
	fi

# The container image (Dockerfile) on a Debian base made from Debian's packages, with podman:
# no image registry. About 15 minutes from nothing; podman's layer cache keeps the
# installed packages while only the project changes.
image: deploy-tools
	deploy/image/build.sh $(BASE_IMAGE) $(IMAGE) $(CA_BUNDLE)

# For make test: where containers cannot run, says why instead (the image test skips).
image-if-possible: deploy-tools
	deploy/image/build.sh --if-possible $(BASE_IMAGE) $(IMAGE) $(CA_BUNDLE)

$(CONSOLE_ASSETS): bot/staff/console/assets/package-lock.json
	npm ci --prefix bot/staff/console/assets --no-audit --no-fund --loglevel=error
	touch $@

run: $(MODEL) $(WIDGET) $(CONSOLE_ASSETS)
	$(BIN)/python -m bot.ops.serve --model $(MODEL) --rasa-port $(RASA_PORT) --actions-port $(ACTIONS_PORT) \
		--widget-port $(WIDGET_PORT) --console-port $(CONSOLE_PORT) --draft-port $(DRAFT_PORT)

# The shell talks to the action server named in endpoints.yml (port 5055).
shell: $(MODEL)
	@$(BIN)/python -m bot.ops.action_server --actions actions --port 5055 >/dev/null 2>&1 & actions=$$!; \
	trap 'kill $$actions' EXIT; \
	$(BIN)/python -m bot.server.rasa_server shell --model $(MODEL) --endpoints endpoints.yml

validate: $(VENV)/.runtime
	$(RASA) data validate --data data --domain domain.yml --config config.yml

# pytest also runs `rasa data validate`, through `bot check` (tests/test_cli.py).
test: $(VENV)/.dev $(MODEL) $(WIDGET) $(CONSOLE_ASSETS) $(CHROMIUM) cluster-packages deploy-tools image-if-possible
	node --test widget/test
	$(BIN)/pytest
	$(RASA) test core --e2e --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories

# Trains the pipeline many times (cross-validation): about half an hour on 2 cores.
bench-nlu: $(VENV)/.runtime $(SPACY_PIPELINE)/meta.json
	$(BIN)/python -m bot.bench.nlu --config config.yml --out reports

# The red-flag rules alone on the triage sets: no training, about a minute.
bench-triage: $(VENV)/.runtime
	$(BIN)/python -m bot.bench.nlu --only triage --out reports

# The memory of each process `make run` starts, after a few conversations: about a minute.
bench-memory: $(MODEL) $(WIDGET)
	$(BIN)/python -m bot.bench.memory --out reports

# Each bot gets a minute of 10 concurrent conversations, in six rounds taken in turn: the
# assistant as `make run` starts it, its production profile, a stock `rasa init` bot
# (trained once into build/bench/). About 7 minutes.
bench-load: $(MODEL) cluster-packages
	$(BIN)/python -m bot.bench.load --concurrency 10 --seconds 60 --out reports

# An example added in the staff console, published, live: its parts, with visitors talking.
bench-console: $(MODEL) $(CONSOLE_ASSETS)
	$(BIN)/python -m bot.bench.console --concurrency 4 --out reports

clean:
	rm -rf models build results reports .rasa
