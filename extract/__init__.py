"""cnbudget extractor: budget PDFs (部门预算) -> Parquet datasets of tables, rows and facts."""

import hashlib
from pathlib import Path

_VOCABULARY = ("table_types.csv", "column_terms.csv")


def _vocabulary_digest() -> str:
    """The vocabulary the extractor reads decides its output as much as its code does."""
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    digest = hashlib.sha256()
    for name in _VOCABULARY:
        digest.update((seeds / name).read_bytes())
    return digest.hexdigest()[:8]


# Bump the number whenever the code's output for an unchanged PDF can change; the vocabulary's
# digest follows the seeds by itself. Either invalidates incremental runs.
EXTRACTOR_VERSION = f"2.0.0+{_vocabulary_digest()}"
