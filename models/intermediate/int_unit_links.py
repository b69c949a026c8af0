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

import numpy as np
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


def _money_words(prior_total, total, stated_prior, agreement):
    """How the two units' money agrees (agreement: _money_agreement's figure for the pair), in words."""
    if stated_prior is not None and prior_total is not None and abs(float(stated_prior) - float(prior_total)) <= SAME_FIGURE_YUAN:
        return f"the previous-year total it states ({_wan(stated_prior)} 万元) is the other's total of that year"
    if not prior_total or not total:
        return "no totals to compare"
    return f"totals {_wan(prior_total)} -> {_wan(total)} 万元 (ratio {agreement:.2f})"


def _row(b, a, status, method, name_sim, money, score, evidence):
    return {"unit_key": b["unit_key"], "fiscal_year": b["first_fiscal_year"], "prior_unit_key": a["unit_key"],
            "prior_fiscal_year": a["last_fiscal_year"], "unit_name": b["canonical_name"],
            "prior_unit_name": a["canonical_name"], "link_status": status, "match_method": method,
            "name_similarity": name_sim, "money_agreement": money, "score": score, "evidence": evidence}


def _alike_names(names, prior_names):
    """(i, j, similarity) arrays of the name pairs at least REVIEW_SCORE alike. The whole matrix is
    scored in C++ (rapidfuzz's cdist) and the pairs below the cut never reach Python: a region's new
    and vanished units are compared all against all, which in a loop would grow with their product."""
    scores = process.cdist(names, prior_names, scorer=fuzz.ratio, score_cutoff=100 * REVIEW_SCORE - 0.01)
    i, j = scores.nonzero()
    return i, j, _round4(scores[i, j].astype(np.float64) / 100)


def _round4(values):
    """Python's round(x, 4) of each value (correctly rounded, as the rows print it), computed once per
    distinct value: pairs share few similarities and scores."""
    distinct, where = np.unique(values, return_inverse=True)
    return np.array([round(x, 4) for x in distinct.tolist()], dtype=np.float64)[where]


def _amounts(values):
    """Decimals (or None) as floats, NaN for unknown."""
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def _money_agreement(prior_total, total, stated_prior):
    """How each pair's money agrees, 0 to 1: 1 when the new unit states the other's total as its
    previous year's; else the ratio of the two totals (smaller over larger); 0 when one is unknown."""
    stated = np.abs(stated_prior - prior_total) <= SAME_FIGURE_YUAN  # False where either is unknown
    known = ~np.isnan(prior_total) & ~np.isnan(total) & (prior_total != 0) & (total != 0)
    a, b = np.abs(prior_total), np.abs(total)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(a == b, 1.0, np.minimum(a, b) / np.maximum(a, b))
    return np.where(stated, 1.0, np.where(known, ratio, 0.0))


def _reviewed_links(new, previous, names, prior_names, decisions):
    """The reviewed decisions of one region and year: their rows, and the pairs (i, j) they decide."""
    rows, decided = [], set()
    for i, b in enumerate(new):
        for prior_name, decision, evidence in decisions.get(names[i], []):
            for j in (j for j, name in enumerate(prior_names) if name == prior_name):
                if previous[j]["unit_key"] != b["unit_key"]:
                    decided.add((i, j))
                    rows.append(_row(b, previous[j], "linked" if decision == "link" else "rejected", "reviewed",
                                     None, None, None, f"reviewed: {evidence}"))
    return rows, decided


def link_units(units, totals, overrides):
    """units: dim_budget_unit rows; totals: (unit_key, year) -> (total, stated prior); overrides: seed rows."""
    decisions = {}
    for o in overrides:
        decisions.setdefault(_squash(o["unit_name"]), []).append((_squash(o["prior_unit_name"]), o["decision"],
                                                                   o["evidence"]))
    units = sorted(units, key=lambda u: u["unit_key"])
    position = {u["unit_key"]: k for k, u in enumerate(units)}  # a unit's rank by key: the order of ties
    ending, starting = {}, {}
    for u in units:
        ending.setdefault((u["region_code"], u["last_fiscal_year"]), []).append(u)
        if u["first_fiscal_year"] is not None and u["region_code"] is not None:
            starting.setdefault((u["region_code"], u["first_fiscal_year"]), []).append(u)
    rows, candidates = [], []
    for (region, year), new in starting.items():
        previous = ending.get((region, year - 1), [])
        if not previous:
            continue
        names = [_squash(b["canonical_name"]) for b in new]
        prior_names = [_squash(a["canonical_name"]) for a in previous]
        reviewed_rows, decided = _reviewed_links(new, previous, names, prior_names, decisions)
        rows += reviewed_rows
        i, j, name_sim = _alike_names(names, prior_names)
        new_key = np.array([b["unit_key"] for b in new], dtype=object)
        prior_key = np.array([a["unit_key"] for a in previous], dtype=object)
        keep = (name_sim >= REVIEW_SCORE) & (new_key[i] != prior_key[j])
        if decided:
            keep &= np.array([(x, y) not in decided for x, y in zip(i.tolist(), j.tolist(), strict=True)], dtype=bool)
        i, j, name_sim = i[keep], j[keep], name_sim[keep]
        prior_total = _amounts(totals.get((a["unit_key"], year - 1), (None, None))[0] for a in previous)
        figures = [totals.get((b["unit_key"], year), (None, None)) for b in new]
        money = _money_agreement(prior_total[j], _amounts(f[0] for f in figures)[i], _amounts(f[1] for f in figures)[i])
        score = _round4(0.7 * name_sim + 0.3 * money)
        rank_b = np.array([position[b["unit_key"]] for b in new], dtype=np.int64)[i]
        rank_a = np.array([position[a["unit_key"]] for a in previous], dtype=np.int64)[j]
        candidates.append((score, name_sim, money, rank_b, rank_a))
    rows.sort(key=lambda r: (r["unit_key"], r["prior_unit_key"]))
    if candidates:
        rows += _scored_links(units, candidates, rows, totals)
    return rows


def _can_make_a_row(score, rank_b, rank_a):
    """The pairs that can make a row, the others dropped before the one-to-one pass (at scale most
    pairs are many similar names): every pair that may link (at or above LINK_SCORE), and of a new
    unit's pairs below it only its REVIEW_PER_UNIT best — the pass reaches a unit's pairs in its own
    order, a pair below LINK_SCORE is always a review row, so the unit's list is full after those."""
    order = np.lexsort((rank_a, -score, rank_b))  # each new unit's pairs together, best first
    below = (score[order] >= REVIEW_SCORE) & (score[order] < LINK_SCORE)
    seen = np.cumsum(below)
    first = np.r_[True, rank_b[order][1:] != rank_b[order][:-1]]
    before_unit = np.maximum.accumulate(np.where(first, seen - below, 0))
    keep = (score[order] >= LINK_SCORE) | (below & (seen - before_unit <= REVIEW_PER_UNIT))
    useful = np.empty_like(keep)
    useful[order] = keep
    return useful


def _scored_links(units, candidates, reviewed_rows, totals):
    """Every group's scored pairs, best first (ties by the units' keys), one to one: a link at or
    above LINK_SCORE when both are free, else a review row while the new unit has fewer than
    REVIEW_PER_UNIT. Only the rows kept are worded."""
    score, name_sim, money, rank_b, rank_a = (np.concatenate([c[k] for c in candidates]) for k in range(5))
    useful = _can_make_a_row(score, rank_b, rank_a)
    order = np.flatnonzero(useful)[np.lexsort((rank_a[useful], rank_b[useful], -score[useful]))]
    reviewed = {(r["unit_key"], r["prior_unit_key"]) for r in reviewed_rows}
    used_b = {r["unit_key"] for r in reviewed_rows if r["link_status"] == "linked"}
    used_a = {r["prior_unit_key"] for r in reviewed_rows if r["link_status"] == "linked"}
    shown, rows = {}, []  # review candidates listed per unit, best first
    for pair_score, similarity, agreement, b_rank, a_rank in zip(
            score[order].tolist(), name_sim[order].tolist(), money[order].tolist(), rank_b[order].tolist(),
            rank_a[order].tolist(), strict=True):
        b, a = units[b_rank], units[a_rank]
        if pair_score < REVIEW_SCORE or (b["unit_key"], a["unit_key"]) in reviewed:
            continue
        free = b["unit_key"] not in used_b and a["unit_key"] not in used_a
        status = "linked" if free and pair_score >= LINK_SCORE else "review"
        if status == "linked":
            used_b.add(b["unit_key"])
            used_a.add(a["unit_key"])
        elif shown.get(b["unit_key"], 0) >= REVIEW_PER_UNIT:
            continue
        else:
            shown[b["unit_key"]] = shown.get(b["unit_key"], 0) + 1
        total, stated_prior = totals.get((b["unit_key"], b["first_fiscal_year"]), (None, None))
        money_words = _money_words(totals.get((a["unit_key"], b["first_fiscal_year"] - 1), (None, None))[0],
                                   total, stated_prior, agreement)
        evidence = (f"same region; '{a['canonical_name']}' last seen {a['last_fiscal_year']}, '{b['canonical_name']}' "
                    f"first seen {b['first_fiscal_year']}; names {similarity:.2f} alike; {money_words}; "
                    f"score {pair_score:.2f} (link at {LINK_SCORE})" + ("" if free else "; its partner went to a better pair"))
        rows.append(_row(b, a, status, "similar name and money", similarity, round(agreement, 4), pair_score, evidence))
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
