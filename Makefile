# Smuggling Trace Lab: one-command setup, the course case, JupyterLab and the whole test suite.
# `make lab` and `make test` are the two commands the README opens with; both work on a fresh clone.

SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
SEED ?= 7
COURSE_SCENARIO ?= scenarios/central-med.yaml
DATASETS ?= datasets
COURSE_CASE := $(DATASETS)/central-med/seed-$(SEED)
NO_BROWSER ?=
LAB_PORT ?= 8888

# The first interpreter of 3.12 or newer found on PATH (pyenv shims honour .python-version).
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3 python; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	  then echo $$p; break; fi; done)

TRAINEE := build/trainee

.PHONY: help setup case trainee lab lab-instructor test lint format clean-venv

help:  ## List the targets.
	@awk -F ':.*## ' '/^[a-z-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(VENV)/.installed  ## Create or update .venv (Python 3.12+) with the project and its test extras.

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "make setup: no Python 3.12 or newer found on PATH (tried python3.12, python3.13, python3.14, python3, python)." >&2; \
	  echo "Install Python 3.12+ (or run with PYTHON=/path/to/python3.12) and try again." >&2; exit 1; fi
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "make setup: $(VENV) has an interpreter older than 3.12; recreating it."; rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,lab]"
	@touch $@

case: setup  ## Generate the course case (central-med, seed 7) unless an intact one is there.
	@if [ -f $(COURSE_CASE)/manifest.json ] && $(BIN)/tracelab verify $(COURSE_CASE) >/dev/null 2>&1; then \
	  echo "course case ready: $(COURSE_CASE)"; \
	else \
	  $(BIN)/tracelab generate $(COURSE_SCENARIO) --seed $(SEED) --out $(COURSE_CASE) --force; \
	fi

trainee: case  ## Trainee copies: the released course case and course (no truth, no solutions) in build/trainee.
	$(BIN)/tracelab release $(COURSE_CASE) --out $(TRAINEE)/datasets/central-med/seed-$(SEED) --force
	$(BIN)/tracelab course release --out $(TRAINEE)/course --force

lab: trainee  ## Setup + case, then JupyterLab on the trainee course (NO_BROWSER=1 for a server).
	TRACELAB_DATASETS=$(abspath $(TRAINEE)/datasets) $(BIN)/jupyter lab \
	  --notebook-dir=$(TRAINEE)/course --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
	  $(if $(NO_BROWSER),--no-browser) $(if $(filter 0,$(shell id -u)),--allow-root)

lab-instructor: case  ## JupyterLab on courses/ (solutions, instructor notes) with the full course case.
	TRACELAB_DATASETS=$(abspath $(DATASETS)) TRACELAB_INSTRUCTOR=1 $(BIN)/jupyter lab \
	  --notebook-dir=courses --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
	  $(if $(NO_BROWSER),--no-browser) $(if $(filter 0,$(shell id -u)),--allow-root)

test: setup lint  ## Setup, lint, then the whole suite: unit tests, doctests and notebook validation.
	$(BIN)/python -m pytest -q

lint: setup  ## Ruff lint and format check (configured in pyproject.toml).
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup  ## Apply ruff fixes and formatting.
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean-venv:  ## Remove .venv (the next target recreates it).
	rm -rf $(VENV)
