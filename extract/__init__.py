"""cnbudget extractor: budget PDFs (部门预算) -> Parquet datasets of tables, rows and facts."""

import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_VOCABULARY = ("table_types.csv", "column_terms.csv")


def _inputs_digest() -> str:
    """What decides the output besides the PDF: the extractor's code and the vocabulary it reads.
    A change to either re-extracts every document on the next run; nothing else does."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.glob("*.py")):
        digest.update(path.read_bytes())
    for name in _VOCABULARY:
        digest.update((_PACKAGE.parent / "seeds" / name).read_bytes())
    return digest.hexdigest()[:8]


EXTRACTOR_VERSION = f"2.0.0+{_inputs_digest()}"

# address space one document may use while it is parsed (`extract run --max-memory`)
DEFAULT_MAX_MEMORY = 2 * 1024**3
