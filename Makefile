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
	@echo "make docs    dbt docs of the warehouse (target/index.html)"
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

docs: $(STAMP)
	@test -f warehouse/cnbudget.duckdb || (echo "run make build first" && exit 1)
	cp warehouse/cnbudget.duckdb target-docs.duckdb
	DBT_DUCKDB_PATH=target-docs.duckdb CNBUDGET_RAW=$(RAW) DBT_PROFILES_DIR=. $(BIN)/dbt docs generate --quiet
	rm -f target-docs.duckdb target-docs.duckdb.wal
	@echo "dbt docs: open target/index.html (or: $(BIN)/dbt docs serve --profiles-dir .)"

lint: $(STAMP)
	$(BIN)/ruff check extract pipeline quality tests bench models

test: $(STAMP) lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/warehouse_bench.py

clean:
	rm -rf $(RAW) .pytest_cache .ruff_cache
