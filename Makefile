# cnbudget — the two commands a newcomer needs: `make build` and `make test`.
# The first run creates .venv and installs the pinned dependencies (requirements.lock).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DOCS   ?= data/samples
RAW    ?= data/raw
JOBS   ?=
STRICT ?=
FULL   ?=
VERBOSE ?=

STAMP := $(VENV)/.installed-$(shell cat requirements.lock | cksum | cut -d' ' -f1)

.PHONY: build extract quality docs test lint bench clean help

help:
	@echo "make build   extract PDFs from DOCS (default data/samples), build warehouse/cnbudget.duckdb"
	@echo "             exit 0 published, 1 published with quarantined documents, 2 not published; STRICT=1: all or nothing"
	@echo "make quality check the warehouse; report in reports/<UTC time>/ (exit 0 pass, 1 quarantined, 2 fail)"
	@echo "make docs    dbt docs of the warehouse, served on http://127.0.0.1:8080/ (DOCS_PORT=…)"
	@echo "make test    lint and run the test suite"
	@echo "make bench   time the extractor against a bare pdfplumber pass; the warehouse build at 1x/10x/100x"

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

build: $(STAMP)
	CNBUDGET_RAW=$(RAW) $(BIN)/python -m pipeline.build $(DOCS) $(if $(JOBS),--jobs $(JOBS)) $(if $(STRICT),--strict) $(if $(FULL),--full) $(if $(VERBOSE),--verbose)

extract: $(STAMP)
	$(BIN)/python -m extract run $(DOCS) --out $(RAW) $(if $(JOBS),--jobs $(JOBS))

quality: $(STAMP)
	$(BIN)/python -m quality $(QUALITY_ARGS)

DOCS_PORT ?= 8080

# dbt docs of the warehouse in place, read from a copy of it named like it (the relations are the
# warehouse's: cnbudget.main.…), served on this machine only; the copy never locks the warehouse
docs: $(STAMP)
	@test -f warehouse/cnbudget.duckdb || (echo "run make build first" && exit 1)
	mkdir -p target/docs-db && cp warehouse/cnbudget.duckdb target/docs-db/cnbudget.duckdb
	DBT_DUCKDB_PATH=target/docs-db/cnbudget.duckdb CNBUDGET_RAW=$(RAW) DBT_PROFILES_DIR=. $(BIN)/dbt docs generate --quiet
	rm -rf target/docs-db
	@echo "dbt docs: http://127.0.0.1:$(DOCS_PORT)/ (Ctrl-C stops the server; the pages are in target/)"
	DBT_PROFILES_DIR=. $(BIN)/dbt docs serve --quiet --host 127.0.0.1 --port $(DOCS_PORT) --no-browser

lint: $(STAMP)
	$(BIN)/ruff check extract pipeline quality tests bench models

test: $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/warehouse_bench.py

clean:
	rm -rf $(RAW) .pytest_cache .ruff_cache
