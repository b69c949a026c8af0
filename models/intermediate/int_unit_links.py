"""A unit renamed or re-organised between two years linked to the unit it was, with its evidence.

The reviewed aliases (seeds/unit_aliases.csv) already make two names one unit. What they do not
cover is found here: a unit last seen in year N-1 (B's predecessor A) and a unit first seen in
year N (B), in the same region, scored by
  0.7 x the similarity of their names (rapidfuzz's Indel ratio: a character dropped, 局 inserted)
+ 0.3 x how their money agrees: 1.0 when the previous-year total B's own prose states equals A's
        total of that year (within 100 yuan: two figures printed to 0.01 万元), else the ratio of
        the smaller of A's N-1 and B's N totals to the larger (0 when either is unknown).
Best pairs first, one to one: at or above LINK_SCORE a link (mart_unit_year_comparison takes A's
figures as B's previous year); below it, or beaten by a better pair, listed for review only — a
unit's REVIEW_PER_UNIT best candidates, not every pair above the cut (a region's new units times
its vanished ones, which at scale is a list nobody reads).
seeds/unit_link_overrides.csv (link / reject, with evidence) wins over any score.
"""

import re

import polars as pl
from rapidfuzz import fuzz, process

LINK_SCORE = 0.85
REVIEW_SCORE = 0.6
REVIEW_PER_UNIT = 3
SAME_FIGURE_YUAN = 100

SCHEMA = {
    "unit_key": pl.String, "fiscal_year": pl.Int32, "prior_unit_key": pl.String, "prior_fiscal_year": pl.Int32,
    "unit_name": pl.String, "prior_unit_name": pl.String, "link_status": pl.String, "match_method": pl.String,
    "name_similarity": pl.Float64, "money_agreement": pl.Float64, "score": pl.Float64, "evidence": pl.String,
}


def _squash(text):
    return re.sub(r"[\s　]+", "", text or "")


def _wan(yuan):
    return "?" if yuan is None else f"{float(yuan) / 10000:,.2f}"


def _money(prior_total, total, stated_prior):
    """How the two units' money agrees, and the words for it."""
    if stated_prior is not None and prior_total is not None and abs(float(stated_prior) - float(prior_total)) <= SAME_FIGURE_YUAN:
        return 1.0, f"the previous-year total it states ({_wan(stated_prior)} 万元) is the other's total of that year"
    if not prior_total or not total:
        return 0.0, "no totals to compare"
    a, b = abs(float(prior_total)), abs(float(total))
    ratio = min(a, b) / max(a, b)
    return ratio, f"totals {_wan(prior_total)} -> {_wan(total)} 万元 (ratio {ratio:.2f})"


def _row(b, a, status, method, name_sim, money, score, evidence):
    return {"unit_key": b["unit_key"], "fiscal_year": b["first_fiscal_year"], "prior_unit_key": a["unit_key"],
            "prior_fiscal_year": a["last_fiscal_year"], "unit_name": b["canonical_name"],
            "prior_unit_name": a["canonical_name"], "link_status": status, "match_method": method,
            "name_similarity": name_sim, "money_agreement": money, "score": score, "evidence": evidence}


def _alike_names(names, prior_names):
    """{(i, j): similarity} of the name pairs at least REVIEW_SCORE alike. The whole matrix is scored
    in C++ (rapidfuzz's cdist) and the pairs below the cut never reach Python: a region's new and
    vanished units are compared all against all, which in a loop would grow with their product."""
    scores = process.cdist(names, prior_names, scorer=fuzz.ratio, score_cutoff=100 * REVIEW_SCORE - 0.01)
    return {(int(i), int(j)): round(float(scores[i, j]) / 100, 4) for i, j in zip(*scores.nonzero(), strict=True)}


def link_units(units, totals, overrides):
    """units: dim_budget_unit rows; totals: (unit_key, year) -> (total, stated prior); overrides: seed rows."""
    decisions = {}
    for o in overrides:
        decisions.setdefault(_squash(o["unit_name"]), []).append((_squash(o["prior_unit_name"]), o["decision"],
                                                                   o["evidence"]))
    ending, starting = {}, {}
    for u in sorted(units, key=lambda u: u["unit_key"]):
        ending.setdefault((u["region_code"], u["last_fiscal_year"]), []).append(u)
        if u["first_fiscal_year"] is not None and u["region_code"] is not None:
            starting.setdefault((u["region_code"], u["first_fiscal_year"]), []).append(u)
    rows, pairs = [], []
    for (region, year), new in starting.items():
        previous = ending.get((region, year - 1), [])
        if not previous:
            continue
        names = [_squash(b["canonical_name"]) for b in new]
        prior_names = [_squash(a["canonical_name"]) for a in previous]
        decided = set()
        for i, b in enumerate(new):  # reviewed decisions win over any score
            for prior_name, decision, evidence in decisions.get(names[i], []):
                for j in (j for j, name in enumerate(prior_names) if name == prior_name):
                    if previous[j]["unit_key"] != b["unit_key"]:
                        decided.add((i, j))
                        rows.append(_row(b, previous[j], "linked" if decision == "link" else "rejected", "reviewed",
                                         None, None, None, f"reviewed: {evidence}"))
        for (i, j), name_sim in _alike_names(names, prior_names).items():
            b, a = new[i], previous[j]
            if (i, j) in decided or a["unit_key"] == b["unit_key"] or name_sim < REVIEW_SCORE:
                continue
            prior_total = totals.get((a["unit_key"], year - 1), (None, None))[0]
            total, stated_prior = totals.get((b["unit_key"], year), (None, None))
            money, money_words = _money(prior_total, total, stated_prior)
            score = round(0.7 * name_sim + 0.3 * money, 4)
            pairs.append((score, name_sim, round(money, 4), money_words, b, a))
    rows.sort(key=lambda r: (r["unit_key"], r["prior_unit_key"]))
    reviewed = {(r["unit_key"], r["prior_unit_key"]) for r in rows}
    used_b = {r["unit_key"] for r in rows if r["link_status"] == "linked"}
    used_a = {r["prior_unit_key"] for r in rows if r["link_status"] == "linked"}
    shown = {}  # review candidates listed per unit, best first
    for score, name_sim, money, money_words, b, a in sorted(pairs, key=lambda p: (-p[0], p[4]["unit_key"], p[5]["unit_key"])):
        if score < REVIEW_SCORE or (b["unit_key"], a["unit_key"]) in reviewed:
            continue
        free = b["unit_key"] not in used_b and a["unit_key"] not in used_a
        status = "linked" if free and score >= LINK_SCORE else "review"
        if status == "linked":
            used_b.add(b["unit_key"])
            used_a.add(a["unit_key"])
        elif shown.get(b["unit_key"], 0) >= REVIEW_PER_UNIT:
            continue
        else:
            shown[b["unit_key"]] = shown.get(b["unit_key"], 0) + 1
        evidence = (f"same region; '{a['canonical_name']}' last seen {a['last_fiscal_year']}, '{b['canonical_name']}' "
                    f"first seen {b['first_fiscal_year']}; names {name_sim:.2f} alike; {money_words}; "
                    f"score {score:.2f} (link at {LINK_SCORE})" + ("" if free else "; its partner went to a better pair"))
        rows.append(_row(b, a, status, "similar name and money", name_sim, money, score, evidence))
    return rows


def model(dbt, session):
    dbt.config(materialized="table")
    units = dbt.ref("dim_budget_unit").pl().select(
        "unit_key", "canonical_name", "region_code", "first_fiscal_year", "last_fiscal_year").to_dicts()
    values = dbt.ref("int_unit_year_values").pl().filter(pl.col("measure") == "total_expenditure")
    totals = {(r["unit_key"], r["fiscal_year"]): (r["amount_yuan"], r["stated_prior_yuan"])
              for r in values.iter_rows(named=True)}
    overrides = dbt.ref("unit_link_overrides").pl().to_dicts()
    return pl.DataFrame(link_units(units, totals, overrides), schema=SCHEMA)
