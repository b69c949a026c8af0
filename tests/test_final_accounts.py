"""Final accounts (部门决算): read like the budgets, checked by their own arithmetic, and set against
the budget they executed (mart_budget_execution).

The values asserted are read off the printed pages of the corpus's four final accounts: 国家信访局
2024, 西南大学 2024 (whose 2024 budget is in the corpus too), 上海市普陀区财政局 2024 and 西安市卫健委 2022.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import corpus_dir, extracted, query

FINALS = {
    "central_gjxfj_2024_final.pdf": ("wild", "国家信访局", 2024),
    "swu_2024_final.pdf": ("wild", "西南大学", 2024),
    "xian_wjw_2022_final.pdf": ("wild", "西安市卫生健康委员会", 2022),
    "shanghai_putuo_finance_2024_final_account.pdf": ("real", "上海市普陀区财政局", 2024),
}


def _payload(name: str) -> dict[str, Any]:
    return extracted(str(corpus_dir(FINALS[name][0]) / name))


def _table(name: str, table_type: str) -> dict[str, Any]:
    tables = [t for t in _payload(name)["tables"] if t["table_type"] == table_type]
    assert tables, f"no {table_type} table in {name}"
    return tables[0]


def _cell(table: dict[str, Any], row_label: str, column_path: str) -> str:
    col = table["columns"].index(column_path)
    row = next(r for r, kind in zip(table["rows"], table["row_kinds"], strict=True)
               if kind == "body" and row_label in ("".join(c.split()) for c in r))
    return row[col]


@pytest.mark.parametrize("name", sorted(FINALS))
def test_every_final_account_is_read_with_its_identity(name: str) -> None:
    doc = _payload(name)["document"]
    assert doc["status"] == "ok", doc["reason"]
    assert (doc["kind"], doc["unit_name"], doc["fiscal_year"]) == ("department_final_account", *FINALS[name][1:])
    typed = [t for t in _payload(name)["tables"] if t["table_type"] not in ("unknown", "untitled")]
    assert typed and all(t["phase"] == "final" for t in typed)


def test_printed_values_of_the_final_accounts() -> None:
    central = _table("central_gjxfj_2024_final.pdf", "income_expenditure_summary")
    assert _cell(central, "本年收入合计", "收入/金额") == "20,451.35"
    assert _cell(central, "本年支出合计", "支出/金额") == "14,572.53"
    # a functional code's 决算数 (支出决算表, 行政运行) and the 三公 预算数 / 决算数 printed side by side
    expenditure = _table("central_gjxfj_2024_final.pdf", "expenditure_by_function")
    assert _cell(expenditure, "2014001", "本年支出合计") == "6,026.13"
    three_public = _table("central_gjxfj_2024_final.pdf", "three_public_expenses")
    periods = {m["path"]: m["period"] for m in three_public["column_meanings"]}
    assert periods["预算数/合计"] == "budget" and periods["决算数/合计"] == "current"
    row = three_public["rows"][-1]
    assert (row[0], row[6]) == ("76.43", "46.21")

    swu = _table("swu_2024_final.pdf", "expenditure_by_function")
    assert _cell(swu, "205", "合计") == "448,061.80"
    assert _cell(_table("swu_2024_final.pdf", "income_by_function"), "205", "本年收入合计") == "444,291.14"

    shanghai = _table("shanghai_putuo_finance_2024_final_account.pdf", "general_budget_by_function")
    assert _cell(shanghai, "一般公共服务支出", "合计") == "2,106.66"
    # 类 | 款 | 项 printed on the 合计 line are the code columns' header
    roles = [m["role"] for m in shanghai["column_meanings"][:3]]
    assert roles == ["code_class", "code_section", "code_item"]

    xian = _table("xian_wjw_2022_final.pdf", "three_public_expenses")
    assert _cell(xian, "预算数", "财政拨款安排的“三公”经费/小计") == "593.46"
    assert _cell(xian, "决算数", "财政拨款安排的“三公”经费/小计") == "587.55"


def test_side_by_side_groups_of_the_basic_expenditure_table() -> None:
    # 人员经费 | 公用经费 | 公用经费 printed beside each other: three groups of code, name, 决算数
    table = _table("central_gjxfj_2024_final.pdf", "general_budget_basic_by_economic")
    groups = [(m["role"], m["group"]) for m in table["column_meanings"]]
    assert groups == [("code", 0), ("name", 0), ("amount", 0), ("code", 1), ("name", 1), ("amount", 1),
                      ("code", 2), ("name", 2), ("amount", 2)]
    assert table["rows"][16][3:6] == ["30217", "公务接待费", "0.90"]


def _build(tmp_path_factory: pytest.TempPathFactory, pdfs: list[Path], name: str) -> Path:
    from rich.console import Console

    from extract.runner import run
    from pipeline import build

    raw = tmp_path_factory.mktemp(f"{name}_raw")
    summary = run(pdfs, raw, console=Console(quiet=True))
    assert summary.statuses == {"ok": len(pdfs)}
    target = tmp_path_factory.mktemp(name) / "cnbudget.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CNBUDGET_RAW", str(raw))
        build.swap_in(build.build_database(target), target)
    return target


@pytest.fixture(scope="module")
def swu_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """西南大学's 2024 budget and 2024 final account, and nothing else."""
    wild = corpus_dir("wild")
    return _build(tmp_path_factory, [wild / "swu_2024_budget.pdf", wild / "swu_2024_final.pdf"], "swu")


@pytest.fixture(scope="module")
def finals_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, [corpus_dir(folder) / name for name, (folder, *_) in sorted(FINALS.items())],
                  "finals")


def test_budget_execution_of_a_university(swu_warehouse: Path) -> None:
    rows = query(swu_warehouse, """
        select subject_code, fund, budget_amount_wan, budget_source, final_amount_wan, execution_ratio, final_page
        from main.mart_budget_execution
        where unit_name = '西南大学' and fiscal_year = 2024 and subject_kind = 'function'
            and subject_code in ('205', '2050205', '221') and fund = 'all'
        order by subject_code""")
    assert [(r[0], str(r[2]), r[3], str(r[4]), str(r[5]), r[6]) for r in rows] == [
        # 支出预算表 (budget, p10) against 高等学校支出决算表 (final, p12/13)
        ("205", "452738.180000", "budget document", "448061.800000", "0.9897", 12),
        ("2050205", "410576.010000", "budget document", "401718.610000", "0.9784", 12),
        ("221", "16233.190000", "budget document", "16151.670000", "0.9950", 13),
    ]
    # the 财政拨款 tables compared like with like
    assert str(query(swu_warehouse, """
        select final_amount_wan from main.mart_budget_execution
        where subject_code = '2050205' and fund = 'fiscal_appropriation'""")[0][0]) == "206360.320000"


def test_three_public_budget_and_final_printed_in_the_final_account(finals_warehouse: Path) -> None:
    rows = dict(query(finals_warehouse, """
        select unit_name || ':' || subject_code, execution_ratio from main.mart_budget_execution
        where subject_kind = 'three_public' and budget_source = 'final account: 预算数'"""))
    # 国家信访局: 76.43 budgeted, 46.21 spent ("完成预算的 60.46%"); 西安: 593.46 / 587.55 ("完成预算的99%")
    assert str(rows["国家信访局:three_public_total"]) == "0.6046"
    assert str(rows["西安市卫生健康委员会:three_public_total"]) == "0.9900"
    assert str(rows["西安市卫生健康委员会:reception"]) == "0.0591"


def test_final_accounts_are_checked_by_their_own_arithmetic(finals_warehouse: Path) -> None:
    rows = query(finals_warehouse, """
        select file_name, list(distinct invariant_family), count(*) filter (where status = 'pass'), count(*),
            count(*) filter (where status = 'fail')
        from checks.check_results group by file_name""")
    assert len(rows) == len(FINALS)
    for file_name, families, _passed, _checked, failed in rows:
        assert {"hierarchy", "row_sum", "balance", "cross_table"} <= set(families), (file_name, families)
        assert failed == 0, file_name
    passed, checked = sum(r[2] for r in rows), sum(r[3] for r in rows)
    assert checked > 1500 and passed / checked >= 0.99
    # the 决算 identity on every row of the 政府性基金 table: 58,830.98 + 509,220.66 = 568,051.63 + 0
    assert query(finals_warehouse, """
        select status, expected_printed, actual_printed from checks.check_results
        where file_name = 'xian_wjw_2022_final.pdf' and check_kind = 'balance_carry_forward' and subject like '229 %'
        """) == [("pass", Decimal("568051.64"), Decimal("568051.63"))]


def test_final_facts_carry_their_phase(finals_warehouse: Path) -> None:
    phases = query(finals_warehouse, "select distinct phase from main.fct_budget_by_function")
    assert phases == [("final",)]
    assert query(finals_warehouse, """
        select amount_text from main.fct_budget_by_economic e join main.dim_document d using (document_key)
        where d.file_name = 'central_gjxfj_2024_final.pdf' and e.economic_code = '30217'""") == [("0.90",)]



def _facts(name: str, fact_name: str) -> list[dict[str, Any]]:
    return [f for f in _payload(name)["facts"] if f["name"] == fact_name]


def test_execution_statements_of_the_prose() -> None:
    # '1.一般公共服务（类）信访事务（款）行政运行（项）。年初预算为 5717.32 万元，支出决算为 5757.63 万元，
    #  完成年初预算的 100.71%。决算数大于预算数的主要原因是 2024 年度预算执行中追加了预算，相应增加支出。'
    name = "central_gjxfj_2024_final.pdf"
    subject = "一般公共服务/信访事务/行政运行"
    assert [f["value"] for f in _facts(name, "execution_initial_budget") if f["subject"] == subject] == ["5717.32"]
    assert [f["value"] for f in _facts(name, "execution_final") if f["subject"] == subject] == ["5757.63"]
    assert [f["value"] for f in _facts(name, "execution_rate_pct") if f["subject"] == subject] == ["100.71"]
    reasons = [f["text"] for f in _facts(name, "execution_reason") if f["subject"] == subject]
    assert reasons == ["2024 年度预算执行中追加了预算，相应增加支出"]
    # the 三公 total: its 预算数 and 决算数 keyed to the item, whatever the subject's wording
    three_public = {f["name"]: f["value"] for f in _payload(name)["facts"] if f["text"] == "three_public_total"}
    assert three_public == {"execution_budget": "76.43", "execution_final": "46.21", "execution_rate_pct": "60.46"}
    # 西南大学 states a code's 决算数 with the code: 高等教育（2050205），2024 年度决算数为 206,360.32万元
    swu = {f["text"]: f["value"] for f in _facts("swu_2024_final.pdf", "execution_final")}
    assert swu["2050205"] == "206360.32"


def test_the_prose_of_the_final_accounts_is_checked(finals_warehouse: Path) -> None:
    rows = query(finals_warehouse, """
        select file_name, check_kind, status, count(*) from checks.check_results
        where invariant_family = 'prose' group by all""")
    counts = {(f, k, s): n for f, k, s, n in rows}
    assert counts[("central_gjxfj_2024_final.pdf", "prose_percentage", "pass")] >= 15
    assert counts[("xian_wjw_2022_final.pdf", "prose_vs_table", "pass")] >= 50
    assert not [key for key in counts if key[2] == "fail"]
    # 西安 states 全年预算数21143.98万元，执行数21143.98万元，完成预算的35%: the document's own slip
    assert query(finals_warehouse, """
        select expected, actual, reason from checks.check_results
        where status = 'source_inconsistency' and check_kind = 'prose_percentage'""") == [
        (Decimal("35.00"), Decimal("100.00"), "rule: the document states both figures itself")]


def _run_query(warehouse: Path, name: str) -> list[tuple[Any, ...]]:
    return query(warehouse, (Path(__file__).resolve().parent.parent / "queries" / name).read_text(encoding="utf-8"))


def test_queries_of_budget_execution(swu_warehouse: Path, finals_warehouse: Path) -> None:
    by_function = {r[2]: r for r in _run_query(swu_warehouse, "08_budget_vs_final_by_function.sql")}
    education = by_function["205"]
    assert (education[0], education[1], education[3]) == ("西南大学", 2024, "教育支出")
    assert (education[4], education[5], education[6], education[7]) == (
        Decimal("452738.18"), Decimal("448061.80"), Decimal("-4676.38"), Decimal("0.9897"))

    largest = _run_query(swu_warehouse, "09_largest_overruns_and_underspends.sql")
    # 2050205 高等教育: 410,576.01 budgeted, 401,718.61 spent
    top = {r[2]: r for r in largest}
    assert top["2050205"][6:8] == (Decimal("-8857.40"), "underspend")
    differences = [abs(r[6]) for r in largest]
    assert differences == sorted(differences, reverse=True)

    three_public = [r for r in _run_query(finals_warehouse, "10_three_public_budget_vs_final.sql")
                    if r[0] == "国家信访局"]
    assert [(r[2], r[4], r[5]) for r in three_public[:2]] == [
        ("three_public_total", Decimal("76.43"), Decimal("46.21")), ("outbound", Decimal("30.00"), Decimal("4.69"))]
