"""cnbudget extractor: budget PDFs (部门预算) -> Parquet datasets of tables, rows and facts."""

# Bump whenever the output for an unchanged PDF can change: it invalidates incremental runs.
EXTRACTOR_VERSION = "1.0.0"
