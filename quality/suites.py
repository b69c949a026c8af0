"""The Great Expectations suites: what must hold of the check residuals and of the marts."""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx
import polars as pl
from great_expectations.expectations.row_conditions import Column

CODE_FORMAT = r"^\d{3}(?:\d{2}){0,2}$"
FAMILIES = ["hierarchy", "row_sum", "balance", "three_public", "per_unit_tables", "cross_table", "prose",
            "cross_document", "table_presence"]


@dataclass
class SuiteSpec:
    """A suite and the snapshot frame it validates.

    quarantines: the suite judges documents one by one (a failing relation, an amount that does
    not parse, numbers not read): its failures flag the documents they name (quarantined or
    incomplete in dim_document.quality_status) and the warehouse is published without them being
    hidden; a failure of any other suite is a failure of the pipeline itself and nothing is
    published."""

    name: str
    frame: str
    expectations: list[gx.expectations.Expectation]
    quarantines: bool = False

    def columns(self, available: list[str]) -> list[str]:
        """The frame's columns the expectations read (their column, their row condition's), in
        the frame's order; a suite of table-level expectations only keeps the first column (a
        frame without columns has no rows either). A condition written as a string could name
        any column: then all of them."""
        named: set[str] = set()
        for expectation in self.expectations:
            if isinstance(expectation.row_condition, str):
                return available
            named.update(_condition_columns(expectation.row_condition))
            if column := getattr(expectation, "column", None):
                named.add(column)
        return [c for c in available if c in named] or available[:1]


def _condition_columns(condition: object) -> list[str]:
    if condition is None:
        return []
    if isinstance(column := getattr(condition, "column", None), Column):
        return [column.name]
    return [name for part in getattr(condition, "conditions", []) for name in _condition_columns(part)]


def _not_null(*columns: str) -> list[gx.expectations.Expectation]:
    return [gx.expectations.ExpectColumnValuesToNotBeNull(column=c) for c in columns]


def _non_negative(column: str) -> gx.expectations.Expectation:
    return gx.expectations.ExpectColumnValuesToBeBetween(column=column, min_value=0)


def suite_specs(frames: dict[str, pl.DataFrame]) -> list[SuiteSpec]:
    """Suites over the residuals and the marts; value sets come from the dimensions of this run."""
    function_codes = sorted(frames["dim_functional_classification"]["code"].drop_nulls().unique().to_list())
    economic_keys = sorted(frames["dim_economic_classification"]["economic_key"].drop_nulls().unique().to_list())
    return [
        SuiteSpec("check_residuals", "check_results", [
            gx.expectations.ExpectTableRowCountToBeBetween(min_value=1),
            gx.expectations.ExpectColumnValuesToBeUnique(column="check_id"),
            *_not_null("check_id", "check_kind", "document_key", "expected", "actual", "tolerance"),
            # which families occur depends on what the documents print: validated, not required
            gx.expectations.ExpectColumnValuesToBeInSet(column="invariant_family", value_set=FAMILIES),
            gx.expectations.ExpectColumnValuesToBeInSet(column="status",
                                                        value_set=["pass", "source_inconsistency", "fail"]),
            gx.expectations.ExpectColumnValuesToBeBetween(column="tolerance", min_value=0),
        ]),
        SuiteSpec("check_verdicts", "check_results", quarantines=True, expectations=[
            # the arithmetic: each relation within its rounding tolerance, unless the printed
            # document itself breaks it (rule or reviewed list) — never by a looser tolerance
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="excess", max_value=0, row_condition=Column("status") != "source_inconsistency"),
            gx.expectations.ExpectColumnValuesToBeInSet(column="status", value_set=["pass", "source_inconsistency"]),
        ]),
        SuiteSpec("fct_budget_by_function", "fct_budget_by_function", [
            gx.expectations.ExpectTableRowCountToBeBetween(min_value=1),
            *_not_null("budget_fact_key", "document_key", "unit_key", "fiscal_year", "page", "amount_yuan"),
            gx.expectations.ExpectColumnValuesToBeUnique(column="budget_fact_key"),
            gx.expectations.ExpectColumnValuesToMatchRegex(column="function_code", regex=CODE_FORMAT),
            gx.expectations.ExpectColumnValuesToBeInSet(column="function_code", value_set=function_codes),
            _non_negative("amount_yuan"),
        ]),
        SuiteSpec("fct_budget_by_economic", "fct_budget_by_economic", [
            gx.expectations.ExpectTableRowCountToBeBetween(min_value=1),
            *_not_null("budget_fact_key", "document_key", "unit_key", "fiscal_year", "page", "amount_yuan"),
            # 类 / 款, and the third level some provinces print (北京: 3021101 差旅费 under 30211)
            gx.expectations.ExpectColumnValuesToMatchRegex(column="economic_code", regex=CODE_FORMAT),
            gx.expectations.ExpectColumnValuesToBeInSet(column="economic_key", value_set=economic_keys),
            _non_negative("amount_yuan"),
        ]),
        SuiteSpec("fct_project_budget", "fct_project_budget", [
            *_not_null("project_budget_key", "document_key", "unit_key", "using_unit_key", "project_name", "page"),
            _non_negative("amount_yuan"),
        ]),
        SuiteSpec("fct_unit_budget", "fct_unit_budget", [
            *_not_null("unit_budget_key", "document_key", "unit_key", "using_unit_key", "page"),
            _non_negative("amount_yuan"),
        ]),
        SuiteSpec("fct_three_public_expenses", "fct_three_public_expenses", [
            *_not_null("three_public_key", "document_key", "unit_key", "item", "page"),
            _non_negative("amount_yuan"),
        ]),
        SuiteSpec("mart_budget_execution", "mart_budget_execution", [
            # empty until the warehouse holds a final account; then every row names its unit, year and subject
            *_not_null("execution_key", "unit_key", "fiscal_year", "subject_kind", "subject_code"),
            gx.expectations.ExpectColumnValuesToBeUnique(column="execution_key"),
            _non_negative("final_amount_yuan"),
            _non_negative("budget_amount_yuan"),
            _non_negative("execution_ratio"),
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="budget_source", value_set=["budget document", "final account: 年初预算数", "final account: 预算数"]),
        ]),
        SuiteSpec("dim_document", "dim_document", [
            gx.expectations.ExpectColumnValuesToBeUnique(column="document_key"),
            *_not_null("document_key", "status"),
            gx.expectations.ExpectColumnValuesToNotBeNull(column="unit_key", row_condition=Column("status") == "ok"),
            gx.expectations.ExpectColumnValuesToBeInSet(column="version_status",
                                                        value_set=["current", "duplicate", "superseded"]),
            gx.expectations.ExpectColumnValuesToBeInSet(column="quality_status",
                                                        value_set=["pass", "source_inconsistency", "quarantined",
                                                                   "incomplete"]),
            gx.expectations.ExpectColumnValuesToNotBeNull(column="quality_status",
                                                          row_condition=Column("is_current") == True),  # noqa: E712
        ]),
        SuiteSpec("dim_functional_classification", "dim_functional_classification", [
            gx.expectations.ExpectColumnValuesToBeUnique(column="code"),
            gx.expectations.ExpectColumnValuesToMatchRegex(column="code", regex=CODE_FORMAT),
            gx.expectations.ExpectColumnValuesToNotBeNull(column="level"),
            # a name for every code somebody names: not the 类 / 款 of a printed code that nobody names,
            # nor a code printed without a name that the seed lacks (both listed as unknown)
            gx.expectations.ExpectColumnValuesToNotBeNull(
                column="name", row_condition=(Column("is_inferred_parent") == False) & (Column("is_unnamed") == False)),  # noqa: E712 (a GE condition, not a Python test)
        ]),
        SuiteSpec("dim_economic_classification", "dim_economic_classification", [
            gx.expectations.ExpectColumnValuesToBeUnique(column="economic_key"),
            gx.expectations.ExpectColumnValuesToMatchRegex(column="code", regex=CODE_FORMAT),
        ]),
        SuiteSpec("number_accounting", "dim_document", quarantines=True, expectations=[
            # every number printed in a read document's tables is in a recognised table: a document
            # whose numbers are not all placed is published, flagged incomplete (unplaced_numbers)
            gx.expectations.ExpectColumnValuesToBeBetween(column="number_coverage", min_value=1, max_value=1,
                                                          row_condition=Column("is_current") == True),  # noqa: E712
        ]),
        SuiteSpec("amount_parse_errors", "amount_parse_errors", quarantines=True, expectations=[
            # a cell in an amount column that does not read as an amount is an extraction problem
            # of its document: the document is quarantined
            gx.expectations.ExpectTableRowCountToEqual(value=0),
        ]),
    ]
