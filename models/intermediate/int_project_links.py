"""Each project of a year linked to the same project the year before, with its evidence.

Projects are compared within one using unit and two consecutive budget years. A link is, in order:
  identical name                 the printed names agree (blanks aside);
  same name apart from years     they agree once the years they mention are removed
                                 ("2023年-2024年基础运维项目" ~ "2024年-2025年基础运维项目");
  same name apart from ending    and once 项目 / 项 / 经费 at the end are taken as one
                                 ("…升级改造项", cut short by its cell, ~ "…升级改造项目");
  reviewed                       seeds/project_link_overrides.csv says so (a `reject` there
                                 removes a link of any kind);
  similar name                   what is left of both years is paired by a score: 0.8 x the
                                 similarity of the names (their years removed, 项目 / 项 / 经费 at
                                 the end taken as one) + 0.2 x the ratio of the smaller amount to
                                 the larger; best pairs first, one to one. A pair at or above
                                 LINK_SCORE is linked; a pair below it, or one that lost its
                                 partner to a better pair, is listed for review, never applied.

Why Python: the name similarity (rapidfuzz's Indel ratio, which scores a word inserted or a
suffix changed by the characters they share) and the one-to-one assignment are not set logic.
"""

import re

import polars as pl
from rapidfuzz import fuzz

LINK_SCORE = 0.85
REVIEW_SCORE = 0.6
_SUFFIX = re.compile(r"(项目|经费|项)$")

SCHEMA = {
    "project_key": pl.String, "fiscal_year": pl.Int32, "prior_project_key": pl.String,
    "prior_fiscal_year": pl.Int32, "using_unit_key": pl.String, "link_status": pl.String,
    "match_method": pl.String, "name_similarity": pl.Float64, "amount_ratio": pl.Float64,
    "score": pl.Float64, "evidence": pl.String,
}


def _core(name_without_years):
    return _SUFFIX.sub("", name_without_years or "")


def _amount_ratio(a, b):
    a, b = abs(float(a or 0)), abs(float(b or 0))
    if a == b:
        return 1.0
    return min(a, b) / max(a, b)


def _row(cur, prev, status, method, name_sim, amount_ratio, score, evidence):
    return {
        "project_key": cur["project_key"], "fiscal_year": cur["fiscal_year"],
        "prior_project_key": prev["project_key"], "prior_fiscal_year": prev["fiscal_year"],
        "using_unit_key": cur["using_unit_key"], "link_status": status, "match_method": method,
        "name_similarity": name_sim, "amount_ratio": amount_ratio, "score": score, "evidence": evidence,
    }


def _wan(yuan):
    return f"{float(yuan or 0) / 10000:,.2f}"


def _exact_links(current, previous):
    """Identical names, then names without their years; returns the rows and the matched keys."""
    rows, used_cur, used_prev = [], set(), set()
    rules = (("identical name", lambda p: p["name_key"]),
             ("same name apart from years", lambda p: p["name_without_years"]),
             ("same name apart from years and ending", lambda p: _core(p["name_without_years"])))
    for method, key in rules:
        by_key = {}
        for p in previous:
            if p["project_key"] not in used_prev:
                by_key.setdefault(key(p), p)
        for c in current:
            p = by_key.get(key(c))
            if c["project_key"] in used_cur or p is None or p["project_key"] in used_prev:
                continue
            used_cur.add(c["project_key"])
            used_prev.add(p["project_key"])
            evidence = f"same using unit; {method}: '{p['project_name']}' -> '{c['project_name']}'"
            rows.append(_row(c, p, "linked", method, 1.0, _amount_ratio(c["amount_yuan"], p["amount_yuan"]), 1.0,
                             evidence))
    return rows, used_cur, used_prev


def _similar_links(current, previous):
    """Pairs of what the exact rules left, best score first, one to one."""
    pairs = []
    for c in current:
        for p in previous:
            name_sim = fuzz.ratio(_core(c["name_without_years"]), _core(p["name_without_years"])) / 100
            if name_sim < REVIEW_SCORE:
                continue
            ratio = _amount_ratio(c["amount_yuan"], p["amount_yuan"])
            pairs.append((round(0.8 * name_sim + 0.2 * ratio, 4), round(name_sim, 4), round(ratio, 4), c, p))
    pairs.sort(key=lambda x: (-x[0], x[3]["project_key"], x[4]["project_key"]))
    rows, used_cur, used_prev = [], set(), set()
    for score, name_sim, ratio, c, p in pairs:
        free = c["project_key"] not in used_cur and p["project_key"] not in used_prev
        if score < REVIEW_SCORE:
            continue
        status = "linked" if free and score >= LINK_SCORE else "review"
        if status == "linked":
            used_cur.add(c["project_key"])
            used_prev.add(p["project_key"])
        why = "" if free else "; its partner went to a better pair"
        evidence = (f"same using unit; names {name_sim:.2f} alike: '{p['project_name']}' -> '{c['project_name']}'; "
                    f"amounts {_wan(p['amount_yuan'])} -> {_wan(c['amount_yuan'])} 万元 (ratio {ratio:.2f}); "
                    f"score {score:.2f} (link at {LINK_SCORE}){why}")
        rows.append(_row(c, p, status, "similar name", name_sim, ratio, score, evidence))
    return rows


def _squash(text):
    """Blanks (ASCII and full-width) removed: how printed names are compared, as the squash macro does."""
    return re.sub(r"[\s　]+", "", text or "")


def _decisions(overrides):
    """Reviewed decisions, keyed by unit name, year and project name (blanks aside): for each, the
    prior project names decided on, with the decision and its evidence."""
    decisions = {}
    for o in overrides:
        key = (_squash(o["using_unit_name"]), int(o["fiscal_year"]), _squash(o["project_name"]))
        decisions.setdefault(key, []).append((_squash(o["prior_project_name"]), o["decision"], o["evidence"]))
    return decisions


def link_projects(projects, overrides):
    """All link rows for a frame of int_project_years and the override seed (lists of dicts)."""
    decisions = _decisions(overrides)
    by_unit_year = {}
    for p in projects:
        by_unit_year.setdefault((p["using_unit_key"], p["fiscal_year"]), []).append(p)
    rows = []
    for (unit, year), current in sorted(by_unit_year.items()):
        previous = by_unit_year.get((unit, year - 1))
        if not previous:
            continue
        current = sorted(current, key=lambda p: p["project_key"])
        previous = sorted(previous, key=lambda p: p["project_key"])
        found, used_cur, used_prev = _exact_links(current, previous)
        previous_by_name = {}
        for p in previous:
            previous_by_name.setdefault(p["name_key"], []).append(p)
        for c in current:  # reviewed decisions before any guess (looked up, not tried on every pair)
            for prior_name, decision, evidence in decisions.get(
                    (_squash(c["using_unit_name_printed"]), year, c["name_key"]), []):
                for p in previous_by_name.get(prior_name, []):
                    found = [r for r in found if not (r["project_key"] == c["project_key"]
                                                      and r["prior_project_key"] == p["project_key"])]
                    status = "linked" if decision == "link" else "rejected"
                    found.append(_row(c, p, status, "reviewed", None,
                                      _amount_ratio(c["amount_yuan"], p["amount_yuan"]), None, f"reviewed: {evidence}"))
                    used_cur.add(c["project_key"])
                    used_prev.add(p["project_key"])
        rows += found
        rows += _similar_links([c for c in current if c["project_key"] not in used_cur],
                               [p for p in previous if p["project_key"] not in used_prev])
    return rows


def model(dbt, session):
    dbt.config(materialized="table")
    projects = dbt.ref("int_project_years").pl().to_dicts()
    overrides = dbt.ref("project_link_overrides").pl().to_dicts()
    return pl.DataFrame(link_projects(projects, overrides), schema=SCHEMA)
