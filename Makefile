# Set-up and everyday commands. `make run` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# make run keeps its knowledge base and history in ./data unless told otherwise
export ZONGJIE_DATA_DIR ?= $(CURDIR)/data
# llama.cpp's default -march=native build uses AMX instructions that some VMs advertise but trap
# (a crash at the first token); build a portable AVX2 library instead.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
  -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF

.PHONY: install install-dev run test lint format bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# core install: no torch, no LLM runtime
$(VENV)/.core: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q -e .
	touch $@

# dev install: torch's local CPU build first, so sentence-transformers does not pull CUDA wheels
$(VENV)/.dev: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install -q torch==2.13.0
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install -q -e '.[dev]'
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list :lang=zh | grep -q . || { \
	  echo "Installing Debian's chromium, chromium-driver and CJK fonts for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver fonts-noto-cjk fonts-arphic-ukai >/dev/null; }
	touch $@ $(VENV)/.core

install: $(VENV)/.core

install-dev: $(VENV)/.dev

# the app builds the built-in knowledge index in the background when it is missing
run: install
	$(PY) app.py

test: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

lint: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install-dev
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) data tests/artifacts .pytest_cache
