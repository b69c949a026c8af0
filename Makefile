# cnbudget — the two commands a newcomer needs: `make build` and `make test`.
# The first run creates .venv and installs the pinned dependencies (requirements.lock).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DOCS   ?= data/samples
RAW    ?= data/raw
JOBS   ?=

STAMP := $(VENV)/.installed-$(shell cat requirements.lock | cksum | cut -d' ' -f1)

.PHONY: build extract test lint bench clean help

help:
	@echo "make build   extract PDFs from DOCS (default data/samples) into $(RAW)"
	@echo "make test    lint and run the test suite"
	@echo "make bench   time the extractor against a bare pdfplumber pass"

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

build: extract

extract: $(STAMP)
	$(BIN)/python -m extract run $(DOCS) --out $(RAW) $(if $(JOBS),--jobs $(JOBS))

lint: $(STAMP)
	$(BIN)/ruff check extract tests bench

test: $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/extract_bench.py

clean:
	rm -rf $(RAW) .pytest_cache .ruff_cache
