# Turva: `make run` starts everything, `make test` is what CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MODEL := models/turva.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
	bot/language/component.py $(wildcard bot/nlu/*.py)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

# A Python 3.10: python3.10 on PATH if it works, else pyenv's 3.10.x.
PYTHON310 ?= $(shell for p in python3.10 $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python \
	/usr/bin/python3.10 /usr/local/bin/python3.10; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { echo "$$p"; break; }; \
	done)

.PHONY: help install train run test lint validate unit rasa-test browser bench nlu-cross-validation clean

help:
	@echo "make run    install, train if needed, start Rasa + actions + gateway (http://localhost:8080)"
	@echo "make test   everything CI runs: lint, data validation, unit, conversation and e2e tests"
	@echo "make bench  latency benchmark (bench/latency.py)"

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -n "$(PYTHON310)" || { echo "Python 3.10 not found: install it or set PYTHON310=/path/to/python3.10"; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --constraint requirements.lock --editable '.[dev]'
	touch $@

install: $(VENV)/.installed

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(PY) -m rasa train --fixed-model-name turva --out models --quiet
	touch $@

train: $(MODEL)

run: $(MODEL)
	$(PY) -m bot run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

validate: install
	$(PY) -m rasa data validate --fail-on-warnings --quiet

unit: install
	$(PY) -m pytest -m "not e2e and not browser" -q

rasa-test: $(MODEL)
	$(PY) -m rasa test core --model $(MODEL) --stories tests/ --fail-on-prediction-errors \
		--out results/core --quiet

e2e: $(MODEL)
	$(PY) -m pytest -m e2e -q

browser: install
	$(PY) -m pytest -m browser -q

test: lint validate unit rasa-test e2e browser

bench: $(MODEL)
	$(PY) bench/latency.py

# Three-fold cross-validation of the NLU model: Rasa's training per fold, test messages parsed in
# batches through the trained graph (bench/nlu_cross_validation.py); misreads go to results/.
nlu-cross-validation: $(VENV)/.installed
	mkdir -p results
	$(PY) bench/nlu_cross_validation.py --markdown --errors results/cross-validation-misreads.tsv

clean:
	rm -rf results .pytest_cache .ruff_cache
