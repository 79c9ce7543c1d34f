"""Integrality: who delivers the interventions, from which domains, with whom.

An intervention is an ``interventie_start`` in the approach. It is delivered by the
case manager's *own* organisation when its ``org`` equals the organisation of the
case manager assigned at its start (the last ``regisseur_toegewezen`` at or before
it in the episode). Diversity is the Gini-Simpson index over the four domains of
the delivering organisations: the chance that two interventions drawn at random
(with replacement) come from different domains (0 = one domain, at most 0.75).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import in_key_order, require_as_of
from ipgar_metrics.workdays import as_utc, month_label

#: Values of ``by`` (at most one).
BY_CHOICES: Final[tuple[str, ...]] = (
    "org",
    "domain",
    "month",
    *(s for s in schema.SEGMENTS if s != "month"),
)
_SOCIAL_OR_CARE: Final[tuple[str, ...]] = ("sociaal", "zorg")
_NONE: Final[str] = "geen"

_CASE_COLS: dict[str, str] = {
    "case_id": "str: case pseudonym",
    "episode": "int: episode number",
    "manager_org": "str: organisation of the episode's last case manager ('geen': none)",
    "interventions": "int: interventions started in the approach",
    "own_org_interventions": "int: of which by the case manager's own organisation",
    "own_org_share": "float: own / interventions with a case manager (NaN: none)",
    "n_orgs": "int: distinct delivering organisations",
    "n_domains": "int: distinct domains of those organisations",
    "has_social_or_care": "bool: at least one sociaal or zorg intervention",
    "diversity_domains": "float: Gini-Simpson index over domains (NaN: none)",
    **{f"n_{d}": f"int: interventions by {d} organisations" for d in schema.DOMAINS},
}
_SUMMARY_COLS: dict[str, str] = {
    "interventions": "int: interventions in the group",
    "share_of_all": "float: share of all interventions",
    "own_org_share": "float: share by the case manager's own organisation",
    **{f"share_{d}": f"float: share by {d} organisations" for d in schema.DOMAINS},
    "interventions_no_manager": "int: interventions without a case manager (left out of own_org_share)",
    "cases": "int: episodes in the group (see docs/metrics/casemgmt.md)",
    "mean_orgs_per_case": "float: mean distinct delivering organisations per episode",
    "share_cases_social_or_care": "float: share of episodes with a sociaal or zorg intervention",
    "diversity_domains": "float: Gini-Simpson index over domains of the group's interventions",
}
COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "integrality(level=case)": _CASE_COLS,
    "integrality(level=summary)": {"<by>": "the group", **_SUMMARY_COLS},
    "interventions": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "seq": "int: position in the case",
        "started_at": "timestamp: interventie_start",
        "org": "str: delivering organisation",
        "life_domain": "str: life domain",
        "manager_org": "str: organisation of the case manager at the start (None: none)",
        "report_source": "str: case attribute",
        "risk_category": "str: case attribute",
        "ideology": "str: case attribute",
        "domain": "str: domain of the delivering organisation",
        "own_org": "bool: delivered by the case manager's own organisation (NA: no manager)",
        "month": "str: local month of the start YYYY-MM",
    },
    "handovers": {
        "from_org": "str: previous intervention's org, or the case manager's org",
        "to_org": "str: delivering organisation",
        "from_domain": "str: domain of from_org",
        "to_domain": "str: domain of to_org",
        "n": "int: number of hand-overs",
    },
}
#: Output columns per public function at its default level (the contract test reads
#: this); ``COLUMNS_BY_LEVEL`` has every level, keyed "function(level=...)".
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    name: {c: m for c, m in COLUMNS_BY_LEVEL[key].items() if not c.startswith("<")}
    for name, key in {
        "integrality": "integrality(level=case)",
    }.items()
}
OUTPUT_COLUMNS.update({k: v for k, v in COLUMNS_BY_LEVEL.items() if "(" not in k})


def _org_domains(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each known organisation's domain.

    ``schema.ORG_DOMAIN``, extended by the vocabulary file's organisations (recorded
    at load as JSON under the store's ``meta`` key ``vocabulary``).
    """
    extra = json.loads(store.meta_value(con, "vocabulary") or "{}").get("org", {})
    return {**schema.ORG_DOMAIN, **extra}


def _domain(org: pd.Series, con: duckdb.DuckDBPyConnection) -> pd.Series:
    """The domain of each organisation ("onbekend" when it has none)."""
    return org.map(_org_domains(con)).fillna("onbekend")


def interventions(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """Interventions in the approach with their domain and own-organisation flag.

    Returns
    -------
    One row per interventie_start: case_id, episode, seq, started_at, org,
    life_domain, manager_org, domain, own_org (bool; NA without case manager),
    month (YYYY-MM), report_source, risk_category, ideology.
    """
    return _kept_interventions(con, as_of, shared=False)


def shared_interventions(con: duckdb.DuckDBPyConnection, *, as_of: Any) -> pd.DataFrame:
    """``interventions`` for a caller that only reads them: in a report, the kept frame.

    Not a copy (0.13 s per copy of the 1.6 million interventions at 1,000,000
    cases): the caller must not change the frame, its columns or its ``attrs``, nor
    hand it to code that does (the key figures, the monthly tables and indicators
    and the integrality step's items select, group and read).
    """
    return _kept_interventions(con, as_of, shared=True)


def _kept_interventions(
    con: duckdb.DuckDBPyConnection, as_of: Any, *, shared: bool
) -> pd.DataFrame:
    require_as_of(as_of, "interventions")
    ts = status.as_timestamp(con, as_of)
    key = store.result_key(con, "interventions", ts)
    # four sections ask
    return store.reused(key, lambda: _interventions(con, ts), shared=shared)


def _interventions(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> pd.DataFrame:
    iv = store.run_sql(con, "casework/integrality_interventions", as_of=ts).df()
    iv["started_at"] = as_utc(iv["started_at"]).dt.tz_convert(ts.tzinfo)
    iv["domain"] = _domain(iv["org"], con)
    own = (iv["org"] == iv["manager_org"]).astype("boolean")
    own[iv["manager_org"].isna()] = pd.NA
    iv["own_org"] = own
    iv["month"] = month_label(iv["started_at"])
    return status.attach_meta(iv, con, ts)


def _gini_simpson(domains: pd.Series) -> float:
    if domains.empty:
        return float("nan")
    return _gini_simpson_of_counts(domains.value_counts().to_numpy())


def _gini_simpson_of_counts(counts: np.ndarray) -> float:
    """Gini-Simpson index of the counts per domain, most frequent domain first.

    The order of ``value_counts``, so that counts summed elsewhere (the summary in
    SQL) give the index to the last bit.
    """
    counts = np.sort(counts[counts > 0])[::-1]
    if not len(counts):
        return float("nan")
    p = counts / counts.sum()
    return float(1.0 - np.sum(p**2))


def _case_table(
    iv: pd.DataFrame,
    cases: pd.DataFrame,
    keys: Sequence[str] = ("case_id", "episode"),
) -> pd.DataFrame:
    """Per-episode integrality of ``iv``, for every row of ``cases`` (by ``keys``)."""
    keys = list(keys)
    # each domain's position, found once (-1: outside the vocabulary or missing);
    # comparing the text with each domain in turn took 0.9 s at 1.6 M interventions
    codes = pd.Categorical(iv["domain"], categories=list(schema.DOMAINS)).codes
    social_or_care = [schema.DOMAINS.index(d) for d in _SOCIAL_OR_CARE]
    work = iv[[*keys, "org", "domain", "manager_org"]].assign(
        _own=iv["own_org"].fillna(False).astype("int64"),
        _sc=np.isin(codes, social_or_care).astype("int64"),
        **{
            f"n_{d}": (codes == i).astype("int64") for i, d in enumerate(schema.DOMAINS)
        },
    )
    g = work.groupby(keys)
    per = g[[f"n_{d}" for d in schema.DOMAINS]].sum()
    per["interventions"] = g.size()
    per["own_org_interventions"] = g["_own"].sum()
    per["_with_manager"] = g["manager_org"].count()
    per["n_orgs"] = g["org"].nunique()
    per["n_domains"] = g["domain"].nunique()
    per["has_social_or_care"] = g["_sc"].max() > 0
    out = cases.merge(per.reset_index(), on=keys, how="left")
    ints = ["interventions", "own_org_interventions", "_with_manager", "n_orgs"]
    ints += ["n_domains", *(f"n_{d}" for d in schema.DOMAINS)]
    for c in ints:
        out[c] = pd.to_numeric(out[c]).fillna(0).astype("int64")
    out["has_social_or_care"] = out["has_social_or_care"].eq(True)
    n = out["interventions"].where(out["interventions"] > 0)
    squares = sum((out[f"n_{d}"] / n) ** 2 for d in schema.DOMAINS)
    known = out[[f"n_{d}" for d in schema.DOMAINS]].sum(axis=1) == out["interventions"]
    # Gini-Simpson over the domains (organisations outside the vocabulary count as
    # one more domain, "onbekend")
    other = (
        out["interventions"] - out[[f"n_{d}" for d in schema.DOMAINS]].sum(axis=1)
    ) / n
    out["diversity_domains"] = 1.0 - squares - other.where(~known, 0.0) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        share = out["own_org_interventions"] / out["_with_manager"]
    out["own_org_share"] = share.where(out["_with_manager"] > 0)
    return out.drop(columns="_with_manager")


def _summary_row(iv: pd.DataFrame, ct: pd.DataFrame, total: int) -> dict[str, Any]:
    managed = iv["own_org"].dropna()
    row: dict[str, Any] = {
        "interventions": len(iv),
        "share_of_all": len(iv) / total if total else np.nan,
        "own_org_share": float(managed.astype(bool).mean()) if len(managed) else np.nan,
    }
    for d in schema.DOMAINS:
        row[f"share_{d}"] = float((iv["domain"] == d).mean()) if len(iv) else np.nan
    row.update(
        {
            "interventions_no_manager": int(iv["own_org"].isna().sum()),
            "cases": len(ct),
            "mean_orgs_per_case": float(ct["n_orgs"].mean()) if len(ct) else np.nan,
            "share_cases_social_or_care": float(ct["has_social_or_care"].mean())
            if len(ct)
            else np.nan,
            "diversity_domains": _gini_simpson(iv["domain"]),
        }
    )
    return row


def _summary_in_sql(con: duckdb.DuckDBPyConnection, ts: pd.Timestamp) -> dict[str, Any]:
    """``_summary_row`` of every intervention and episode, from counts made in DuckDB.

    The same numbers to the last bit (``tests/unit/test_integrality_summary_sql.py``
    compares them with ``_summary_row`` over the frames): each share is one count
    over another, and the diversity is computed from the domains' counts in the
    order ``value_counts`` gives them.
    """
    domains = _org_domains(con)
    social_or_care = sorted(o for o, d in domains.items() if d in _SOCIAL_OR_CARE)
    counts = store.run_sql(
        con, "casework/integrality_summary", as_of=ts, social_or_care=social_or_care
    ).fetchall()
    cases, orgs_over_cases, cases_sc = (int(v) for v in counts[0][4:7])
    per_domain = {d: 0 for d in (*schema.DOMAINS, "onbekend")}
    n = with_manager = own = 0
    for org, n_org, managed, own_org, *_ in counts:
        domain = domains.get(org, "onbekend")  # NULL org: onbekend too
        per_domain[domain] = per_domain.get(domain, 0) + int(n_org)
        n += int(n_org)
        with_manager += int(managed)
        own += int(own_org)
    return {
        "interventions": n,
        "share_of_all": 1.0 if n else np.nan,
        "own_org_share": own / with_manager if with_manager else np.nan,
        **{f"share_{d}": per_domain[d] / n if n else np.nan for d in schema.DOMAINS},
        "interventions_no_manager": n - with_manager,
        "cases": cases,
        "mean_orgs_per_case": orgs_over_cases / cases if cases else np.nan,
        "share_cases_social_or_care": cases_sc / cases if cases else np.nan,
        "diversity_domains": _gini_simpson_of_counts(
            np.array(list(per_domain.values()), dtype=np.int64)
        ),
    }


def _check_by(by: str | Sequence[str]) -> tuple[str, ...]:
    names = (by,) if isinstance(by, str) else tuple(by)
    if len(names) > 1:
        raise ConfigError("integrality takes at most one `by`; pass e.g. by='org'.")
    return schema.check_by(names, allowed=BY_CHOICES)


def integrality(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    by: str | Sequence[str] = (),
    level: Literal["case", "summary"] = "case",
) -> pd.DataFrame:
    """Own-organisation share, domain mix, organisations per case and diversity.

    Groups (``by``): none (one row); ``org`` (interventions by the organisation of
    the case manager at their start, episodes by their last case manager's
    organisation); ``domain`` (interventions by delivering domain, episodes with at
    least one of them); ``month`` (interventions started in the month, episodes in
    the approach at some time in it); a case segment.

    Returns
    -------
    level="case": one row per episode with an instroom (``integrality(level=case)``
    columns, plus the case segments).
    level="summary": one row per group: the ``by`` column then
    ``integrality(level=summary)`` columns.
    """
    require_as_of(as_of, "integrality")
    if level not in ("case", "summary"):
        raise ConfigError(f'unknown level "{level}"; choose one of: case, summary.')
    names = _check_by(by)
    ts = status.as_timestamp(con, as_of)
    params = {"by": list(names), "level": level}
    if level == "summary" and not names:  # one row for all: counted in DuckDB
        out = pd.DataFrame([_summary_in_sql(con, ts)], columns=[*_SUMMARY_COLS])
        return status.attach_meta(out, con, ts, **params)
    iv = interventions(con, as_of=ts)
    iv.attrs = {}  # pandas deep-copies attrs on every step: drop them while working
    periods = status.approach_periods(con, as_of=ts)
    managers = store.sql_frame(con, "casework/integrality_case_managers", as_of=ts)
    cases = periods.merge(managers, on=["case_id", "episode"], how="left")
    cases["manager_org"] = cases["manager_org"].fillna(_NONE)
    if level == "case":
        segs = [s for s in schema.CASE_ATTRIBUTES]
        base = cases[["case_id", "episode", "manager_org", *segs]]
        out = _case_table(iv, base)
        out = out[[*_CASE_COLS, *segs]]
        return status.attach_meta(out, con, ts, **params)
    iv_x, cases_x, order = _groups(names, iv, cases, ts)
    keys = ["_grp", "case_id", "episode"]
    ct = _case_table(iv_x, cases_x[keys], keys=keys)
    iv_by = dict(tuple(iv_x.groupby("_grp", sort=False)))
    ct_by = dict(tuple(ct.groupby("_grp", sort=False)))
    rows = []
    for key in order:
        row = dict(zip(names, (key,), strict=False))
        iv_g = iv_by.get(key, iv_x.iloc[0:0])
        row.update(_summary_row(iv_g, ct_by.get(key, ct.iloc[0:0]), len(iv)))
        rows.append(row)
    out = pd.DataFrame(rows, columns=[*names, *_SUMMARY_COLS])
    return status.attach_meta(out, con, ts, **params)


def _groups(
    names: tuple[str, ...], iv: pd.DataFrame, cases: pd.DataFrame, ts: pd.Timestamp
) -> tuple[pd.DataFrame, pd.DataFrame, list[Any]]:
    """Interventions and episodes with their group in ``_grp``, and the group order.

    An episode can be in several groups (months, domains). ``names`` holds one name
    (``integrality`` computes the summary of all without groups).
    """
    name = names[0]
    if name == "org":
        iv = iv.assign(_grp=iv["manager_org"].fillna(_NONE))
        cases = cases.assign(_grp=cases["manager_org"])
    elif name == "domain":
        iv = iv.assign(_grp=iv["domain"])
        pairs = iv[["case_id", "episode", "_grp"]].drop_duplicates()
        cases = cases.merge(pairs, on=["case_id", "episode"])
    elif name == "month":
        if cases.empty:
            return iv.assign(_grp=None), cases.assign(_grp=None), []
        months = status.month_ends(cases["instroom_at"].min(), ts)
        grid = cases.merge(months[["month", "month_start", "month_end"]], how="cross")
        overlap = (grid["instroom_at"] < grid["month_end"]) & (
            grid["uitstroom_at"].isna() | (grid["uitstroom_at"] >= grid["month_start"])
        )
        cases = grid.loc[overlap].assign(_grp=lambda f: f["month"])
        iv = iv.assign(_grp=iv["month"])
        return iv, cases, list(months["month"])
    else:
        iv = iv.assign(_grp=iv[name].fillna("onbekend"))
        cases = cases.assign(_grp=cases[name].fillna("onbekend"))
    return iv, cases, sorted(set(iv["_grp"]) | set(cases["_grp"]))


def _in_episode_order(iv: pd.DataFrame) -> bool:
    """Whether the rows are sorted by case_id, episode and seq (one pass, no sort)."""
    return in_key_order(iv, ["case_id", "episode", "seq"])


def handovers(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    kind: Literal["sequence", "manager"] = "sequence",
) -> pd.DataFrame:
    """Collaboration network between organisations, as counts of hand-overs.

    ``kind="sequence"``: for consecutive interventions of an episode, the previous
    intervention's organisation -> the next one's (self-loops kept).
    ``kind="manager"``: the case manager's organisation -> the delivering one.

    Returns
    -------
    One row per (from_org, to_org) pair with a count: ``handovers`` columns.
    """
    require_as_of(as_of, "handovers")
    if kind not in ("sequence", "manager"):
        raise ConfigError(f'unknown kind "{kind}"; choose one of: sequence, manager.')
    ts = status.as_timestamp(con, as_of)
    iv = interventions(con, as_of=ts)
    iv.attrs = {}
    if not _in_episode_order(iv):  # the query gives them in order: no sort then
        iv = iv.sort_values(["case_id", "episode", "seq"])
    if kind == "sequence":
        # the previous intervention of the same episode (rows in episode order)
        case, episode = iv["case_id"].to_numpy(), iv["episode"].to_numpy()
        org = iv["org"].to_numpy(dtype=object)
        same = (case[1:] == case[:-1]) & (episode[1:] == episode[:-1])
        prev = np.full(len(org), None, dtype=object)
        prev[1:] = np.where(same, org[:-1], None)
        pairs = pd.DataFrame({"from_org": prev, "to_org": org}).dropna()
    else:
        pairs = pd.DataFrame({"from_org": iv["manager_org"], "to_org": iv["org"]})
        pairs = pairs.dropna()
    out = pairs.groupby(["from_org", "to_org"]).size().reset_index(name="n")
    out["from_domain"] = _domain(out["from_org"], con)
    out["to_domain"] = _domain(out["to_org"], con)
    out["n"] = out["n"].astype("int64")
    out = out[list(COLUMNS_BY_LEVEL["handovers"])]
    out = out.sort_values(["n", "from_org", "to_org"], ascending=[False, True, True])
    return status.attach_meta(out.reset_index(drop=True), con, ts, kind=kind)
