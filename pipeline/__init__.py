"""Orchestration: extraction -> dbt build into a fresh DuckDB file -> atomic swap -> quality checks."""
