"""The quality checks run at the end of `make build` (filled in by the quality package)."""

from __future__ import annotations


def run_quality() -> int:
    try:
        from quality.run import main as quality_main
    except ImportError:  # the quality package is not there yet
        return 0
    return quality_main(["--for-build"])
