# zeroview: every routine task. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
ZEROVIEW := $(VENV)/bin/zeroview
KAFKA_PORT ?= 9092
export KAFKA_PORT
LOCALKAFKA := python3 deploy/kafka/localkafka.py
STAMP := $(VENV)/.installed
RUN_DIR := .cache/run
# pytest processes for make test (pytest-xdist): the Kafka tests mostly wait while others compute,
# so 3 on 2 cores beat 2 (5:29 against 6:45 on a fresh clone)
TEST_WORKERS ?= 3
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal

.DEFAULT_GOAL := help
.PHONY: help install tools kafka kafka-stop kafka-clean run serve test test-fast lint format train evaluate score simulate bench labels-export intel-suggest retrain clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(STAMP) ## create .venv with the project, its dependencies (dev and training extras) and the `zeroview` CLI

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: zeroview needs Python 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,training]'
	@touch $@

kafka: ## start the local single-node Kafka on 127.0.0.1:$KAFKA_PORT (fetches jars with Maven on first run)
	@$(LOCALKAFKA) start

kafka-stop: ## stop the local Kafka (its data stays in .cache/kafka)
	@$(LOCALKAFKA) stop

kafka-clean: kafka-stop ## stop the local Kafka and delete its data
	rm -rf .cache/kafka/broker-*

run: install kafka ## the demo: Kafka, the service, sample posts in, decisions and the summary out; Ctrl-C stops
	@bash deploy/local/run.sh

serve: install kafka ## run only the service in the foreground
	$(ZEROVIEW) serve

TOOLS := .cache/tools
HELM := $(TOOLS)/bin/helm
CHECKOV := $(TOOLS)/checkov/bin/checkov
HELM_VERSION := v4.3.2
CHECKOV_VERSION := 3.3.30

tools: $(HELM) $(CHECKOV) ## helm (built from its Go module) and checkov (own venv): the chart's checks

$(HELM):
	@command -v go >/dev/null || { echo "go not found: helm is built from its Go module"; exit 1; }
	GOBIN=$(abspath $(TOOLS)/bin) go install helm.sh/helm/v4/cmd/helm@$(HELM_VERSION)

$(CHECKOV):
	$(PYTHON) -m venv $(TOOLS)/checkov
	$(TOOLS)/checkov/bin/pip install --quiet checkov==$(CHECKOV_VERSION)

test: install tools ## the whole suite in 3 processes, real Kafka included (starts and stops the broker if none is up)
	@started=0; \
	if ! $(LOCALKAFKA) status >/dev/null; then $(LOCALKAFKA) start && started=1 || exit 1; fi; \
	$(PYTEST); rc=$$?; \
	if [ $$started = 1 ]; then $(LOCALKAFKA) stop; fi; \
	exit $$rc

test-fast: install tools ## the tests that need no Kafka
	$(PYTEST) -m "not kafka"

lint: install ## ruff and mypy
	$(VENV)/bin/ruff check service training tests deploy
	$(VENV)/bin/ruff format --check service training tests deploy
	$(VENV)/bin/mypy

format: install ## apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff check --fix service training tests deploy
	$(VENV)/bin/ruff format service training tests deploy

train: install ## train the shipped model from training/data and the corpus (models/wildlife-trade, ~6 min)
	$(ZEROVIEW) train
	$(PY) -m tests.support.golden  # the new model's decisions on the sample, which the suite then holds it to

evaluate: install ## evaluate the shipped model on held-out real text; report in models/wildlife-trade/report
	$(ZEROVIEW) evaluate

score: install ## score JSON lines: make score IN=posts.jsonl
	$(ZEROVIEW) score --input $(IN)

simulate: install ## play the upload pipeline against a running service
	$(ZEROVIEW) simulate

bench: install kafka ## the benchmark: model, transport, e2e (one, two, with a shadow model), latency and memory in one run -> bench-results.json
	$(ZEROVIEW) bench --output bench-results.json

labels-export: install ## reviewed labels joined with their posts' evidence -> labels.jsonl (OUT=F, SINCE=7d)
	$(ZEROVIEW) labels export --out $(or $(OUT),labels.jsonl) $(if $(SINCE),--since $(SINCE))

retrain: install ## a candidate trained on the base data plus reviewed labels -> models/candidates/<version> (LABELS=F)
	$(ZEROVIEW) train --with-labels $(or $(LABELS),labels.jsonl)

intel-suggest: install ## candidate code words from confirmed-violating evidence -> intel-review.yaml (OUT=F)
	$(ZEROVIEW) intel suggest --out $(or $(OUT),intel-review.yaml)

clean: ## remove the venv and caches (keeps the Kafka jars)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(RUN_DIR)
