"""Run the suites with a Great Expectations checkpoint over pandas DataFrames and build Data Docs.

GE's SQL datasource over DuckDB fails in released GE (see prior-art.md); the pandas datasource
over frames read from one read-only DuckDB connection works and is what runs here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

from quality.snapshot import Snapshot  # noqa: E402
from quality.suites import SuiteSpec, suite_specs  # noqa: E402


@dataclass
class ExpectationOutcome:
    suite: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None
    examples: list[Any] = field(default_factory=list)
    quarantines: bool = False  # a failure names documents to quarantine, not a broken pipeline


@dataclass
class ValidationOutcome:
    success: bool
    outcomes: list[ExpectationOutcome]
    data_docs: Path | None


def _outcomes(suite: str, result: Any, quarantines: bool) -> list[ExpectationOutcome]:
    out = []
    for r in result.results:
        config = r.expectation_config
        details = r.result or {}
        out.append(ExpectationOutcome(
            suite=suite,
            expectation=config.type,
            column=config.kwargs.get("column"),
            success=bool(r.success),
            unexpected_count=details.get("unexpected_count"),
            examples=[str(x) for x in (details.get("partial_unexpected_list") or [])[:10]],
            quarantines=quarantines,
        ))
    return out


def validate(snapshot: Snapshot, docs_target: Path | None) -> ValidationOutcome:
    """One checkpoint per suite; Data Docs (static HTML) built once, after every run, and copied
    to docs_target (a docs action on each checkpoint rebuilt the whole site twelve times)."""
    with tempfile.TemporaryDirectory(prefix="cnbudget-gx-") as root:
        context = gx.get_context(mode="file", project_root_dir=root)
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
        source = context.data_sources.add_pandas("warehouse")
        specs: list[SuiteSpec] = suite_specs(snapshot.frames)
        definitions = []
        for spec in specs:
            batch = source.add_dataframe_asset(spec.name).add_batch_definition_whole_dataframe("snapshot")
            # the suite saved once, with its expectations (each add_expectation rewrites its file)
            suite = context.suites.add(gx.ExpectationSuite(name=spec.name, expectations=spec.expectations))
            definitions.append((spec, context.validation_definitions.add(
                gx.ValidationDefinition(name=f"{spec.name}_validation", data=batch, suite=suite))))
        outcomes: list[ExpectationOutcome] = []
        success = True
        for spec, definition in definitions:
            checkpoint = context.checkpoints.add(gx.Checkpoint(
                name=f"{spec.name}_checkpoint", validation_definitions=[definition],
                result_format={"result_format": "SUMMARY"},
            ))
            frame = snapshot.pandas(spec.frame, spec.columns(snapshot[spec.frame].columns))
            result = checkpoint.run(batch_parameters={"dataframe": frame})
            success = success and bool(result.success)
            for run_result in result.run_results.values():
                outcomes += _outcomes(spec.name, run_result, spec.quarantines)
        docs = None
        if docs_target is not None:
            context.build_data_docs()
            site = Path(root) / "gx" / "uncommitted" / "data_docs" / "local_site"
            shutil.copytree(site, docs_target)
            docs = docs_target
    return ValidationOutcome(success=success, outcomes=outcomes, data_docs=docs)
