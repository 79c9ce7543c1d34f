"""Ways of working per organisation: the practice profile and its funnel limits.

One row per organisation of the case managers (issue 23): the share of active cases
over the contact threshold (``ipgar contact``) at the as-of, and the other measures
of ``_measures.MEASURES`` over a window before it, each share or rate with its
centre line (the value over all organisations), exact 95% and 99.8% control limits
at the organisation's own denominator (``_limits``), a ``signal`` and the smallest
difference its 95% limits could detect. An organisation with fewer than
``min_managers`` case managers is merged into ``overige organisaties``; a merged
group that still has fewer is left out (its cases still count in the centre line).
Case managers are counted, never shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import require_as_of
from ipgar_metrics.metrics._runs import looked_up
from ipgar_metrics.metrics.casework import contact_gaps, shared_intervals
from ipgar_metrics.metrics.practice import _limits as lim
from ipgar_metrics.metrics.practice._interventions import COLUMNS as TYPE_COLUMNS
from ipgar_metrics.metrics.practice._interventions import type_use
from ipgar_metrics.metrics.practice._measures import (
    KIND,
    MEASURE_KEYS,
    episode_measures,
    event_measures,
    registration_measures,
)
from ipgar_metrics.metrics.practice._shapes import LIMIT_COLS, per_group, per_measure
from ipgar_metrics.workdays import as_local

#: The group of the organisations with fewer than ``MIN_MANAGERS`` case managers.
OTHER_ORGS: Final[str] = "overige organisaties"
#: The group of the pools with fewer than ``MIN_MANAGERS`` case managers (``by="pool"``).
OTHER_POOLS: Final[str] = "overige pools"
#: The pool of a case manager that ``case_manager_pools`` does not list.
NO_POOL: Final[str] = "onbekend"
#: An organisation needs at least this many case managers for a row of its own.
MIN_MANAGERS: Final[int] = 3
#: Default window before the as-of, in months.
WINDOW_MONTHS: Final[int] = 12
#: Agreed term from instroom to notificatie, in days (the rule
#: ``notificatie_na_instroom`` of ``metrics/quality/_rules.py`` allows 30 days).
NOTIFICATION_TERM_DAYS: Final[int] = 30
_MONTH_DAYS: Final[float] = 365.25 / 12

COLUMNS_BY_LEVEL: dict[str, dict[str, str]] = {
    "practice_profile(level=point)": {
        "org": f"str: organisation of the case managers, or '{OTHER_ORGS}'",
        "measure": "str: key of the measure (docs/metrics/practice.md)",
        "kind": "str: share, rate or median",
        "numerator": "float: count (share, rate); NaN for a median",
        "denominator": "float: cases or events (share), exposure in months or years (rate), observations (median)",
        "value": "float: numerator / denominator, or the median",
        "expected": "float: the centre line: the value over all organisations",
        "lower_95": "float: exact lower 95% control limit at this denominator (NaN: median)",
        "upper_95": "float: exact upper 95% control limit",
        "lower_998": "float: exact lower 99.8% control limit",
        "upper_998": "float: exact upper 99.8% control limit",
        "signal": "str: boven|onder (outside the 95% limits), binnen; None: median or no denominator",
        "detectable_95": "float: the smallest distance from the centre line that the 95% limits signal at this denominator",
        "design_effect": "float: the measure's design effect with the case as unit (1: one unit per case, or clustering='none'); the limits are at denominator / design_effect",
    },
    "practice_profile(level=org)": {
        "org": f"str: organisation of the case managers, or '{OTHER_ORGS}'",
        "cases": "int: cases in the approach at the as-of with a case manager of the organisation",
        "over_threshold": "int: of which active and over the contact threshold",
        "share_over_threshold": "float: over_threshold / active cases",
        "expected_share": "float: share over all organisations (the centre line)",
        "lower_95": "float: exact binomial lower 95% limit at the organisation's active cases",
        "upper_95": "float: upper 95% limit",
        "lower_998": "float: lower 99.8% limit",
        "upper_998": "float: upper 99.8% limit",
        "signal": "str: boven|onder|binnen (95% limits)",
        "detectable_95": "float: smallest difference from expected_share the 95% limits signal",
        "active_cases": "int: of the cases, those active (the denominator of the share)",
        "<measure>": "float: value of every other measure of MEASURES",
        "<measure>_n": "float: its denominator",
        "<measure>_expected ... _signal, _detectable_95": "as the contact-gap columns (not for medians: only _expected)",
    },
    "practice_profile(level=measure)": {
        "measure": "str: key of the measure",
        "kind": "str: share, rate or median",
        "expected": "float: the centre line",
        "organisations": "int: organisations (rows) with a denominator",
        "median_denominator": "float: median denominator over those organisations",
        "detectable_95": "float: smallest difference the 95% limits signal at the median denominator",
        "signalled": "int: organisations outside the 95% limits",
        "overdispersion": "float: Spiegelhalter's multiplicative factor (about 1: chance alone; NaN: median or fewer than 3 organisations)",
        "design_effect": "float: the spread of the cases within the organisations against the binomial or Poisson one (the case as unit; 1: none, or a median)",
    },
    "practice_profile(level=intervention_type)": TYPE_COLUMNS,
}
OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "practice_profile": {
        c: m
        for c, m in COLUMNS_BY_LEVEL["practice_profile(level=org)"].items()
        if not c.startswith("<")
    }
}

Level = Literal["org", "point", "measure", "intervention_type"]
By = Literal["org", "caseload_band", "pool"]
#: Caseload bands of ``by="caseload_band"``: the case manager's episodes in the profile.
BANDS: Final[tuple[str, ...]] = ("1", "2", "3+")
_LEFT_OUT: Final[str] = "<left out>"
Clustering = Literal["case", "none"]
_SEP: Final[str] = "\x1f"


def practice_profile(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: Any,
    window_months: int = WINDOW_MONTHS,
    threshold_days: float = config.CONTACT_THRESHOLD_DAYS,
    notification_term_days: float = NOTIFICATION_TERM_DAYS,
    min_managers: int = MIN_MANAGERS,
    min_cases: int = 0,
    by: By = "org",
    overdispersion: bool = False,
    clustering: Clustering = "case",
    level: Level = "org",
    catalogue: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Ways of working per organisation, with exact funnel limits (Spiegelhalter 2005).

    Organisations are those of the case managers: every episode counts for the
    organisation of its case manager at the as-of (at the exit for an episode that
    left in the window); episodes without a case manager count for none. The
    contact-gap share is taken at ``as_of``; the other measures over the
    ``window_months`` before it. An organisation is marked (``signal`` ``boven`` or
    ``onder``) only when its value lies outside its exact 95% limits: no ranking.

    Parameters
    ----------
    con : an event-store connection.
    as_of : reference time; required.
    window_months : the window before ``as_of`` of every measure but the contact gap.
    threshold_days : contact-gap threshold (as ``ipgar contact``).
    notification_term_days : agreed term from instroom to notificatie.
    min_managers : organisations with fewer case managers are merged into
        ``overige organisaties``.
    min_cases : organisations with fewer cases in the approach at ``as_of`` are
        merged too (the external report passes its suppression threshold).
    by : "org" (the organisation of the case manager) or "caseload_band": the
        case manager's number of episodes in the profile, ``1``, ``2`` or ``3+``
        (issue 23 item 3c: bands, never persons); a band with fewer than
        ``min_managers`` case managers is left out (no merging); or "pool": the
        pool of the case manager (``case_manager_pools``, loaded from an optional
        ``case_managers.csv``; ``onbekend`` for a case manager it does not list),
        small pools merged into ``overige pools`` as small organisations are.
        The first column is named after ``by``.
    overdispersion : widen the limits of a share or rate whose organisations
        spread more than chance allows by Spiegelhalter's multiplicative factor
        (``overdispersion`` of level "measure"; normal approximation); default
        False: the exact limits.
    clustering : "case" (default): a share or rate counted over events (several
        per case: contacts, interventions, registrations) gets limits with the case
        as unit, the exact limits at the effective denominator ``denominator /
        design_effect`` (``_limits.design_effect``, estimated from the spread
        between the cases within the organisations); "none": every event counted
        as an independent unit (plain binomial and Poisson limits, too narrow when
        events cluster within cases: docs/metrics/practice.md).
    level : "org" (one row per organisation, ``ipgar practice``), "point" (one
        row per organisation and measure: the points of the funnel plots) or
        "measure" (one row per measure: centre line and what the limits can
        detect), or "intervention_type" (one row per organisation and intervention
        type used in the window, then the ``catalogue`` types none used:
        ``_interventions.COLUMNS``; empty when the store has no intervention types).
    catalogue : the codes of the intervention types that exist (level
        "intervention_type"); None: no catalogue, no unused types.

    Returns
    -------
    ``COLUMNS_BY_LEVEL["practice_profile(level=...)"]``.
    """
    require_as_of(as_of, "practice_profile")
    if by not in ("org", "caseload_band", "pool"):
        raise ConfigError(
            f'unknown by "{by}"; choose one of: org, caseload_band, pool.'
        )
    if level not in ("org", "point", "measure", "intervention_type"):
        raise ConfigError(
            f'unknown level "{level}"; choose one of: org, point, measure, '
            "intervention_type."
        )
    if clustering not in ("case", "none"):
        raise ConfigError(
            f'unknown clustering "{clustering}"; choose one of: case, none.'
        )
    if window_months < 1:
        raise ConfigError("window_months must be 1 or more; pass e.g. 12.")
    if threshold_days < 0 or notification_term_days < 0:
        raise ConfigError("threshold and term must be zero or more days; pass e.g. 90.")
    if min_managers < 1:
        raise ConfigError("min_managers must be 1 or more; pass e.g. 3.")
    ts = status.as_timestamp(con, as_of)
    args = (
        ts,
        window_months,
        threshold_days,
        notification_term_days,
        min_managers,
        min_cases,
        by,
        overdispersion,
        clustering,
    )
    if level == "intervention_type":
        points, gaps, params, events = _profile(con, *args)
    else:  # the report asks for several levels of one profile: computed once
        key = store.result_key(con, "practice_profile", *args)
        points, gaps, params = store.kept(key, lambda: _profile(con, *args)[:3])
        points, gaps, params = points.copy(), gaps.copy(), dict(params)
    params["level"] = level
    if level == "intervention_type":
        out = type_use(events, catalogue).rename(columns={"org": by})
        return status.attach_meta(out, con, ts, **params)
    if level == "point":
        cols = list(COLUMNS_BY_LEVEL["practice_profile(level=point)"])
        out = points[cols].rename(columns={"org": by})
        return status.attach_meta(out, con, ts, **params)
    if level == "measure":
        cols = list(COLUMNS_BY_LEVEL["practice_profile(level=measure)"])
        return status.attach_meta(per_measure(points, cols), con, ts, **params)
    out = per_group(points, gaps).rename(columns={"org": by})
    return status.attach_meta(out, con, ts, **params)


def _profile(
    con: duckdb.DuckDBPyConnection,
    ts: pd.Timestamp,
    window_months: int,
    threshold_days: float,
    notification_term_days: float,
    min_managers: int,
    min_cases: int,
    by: By,
    overdispersion: bool,
    clustering: Clustering,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any], pd.DataFrame]:
    """The points with their limits, the cases' groups (``gaps``), params, events."""
    ws = ts - pd.DateOffset(months=window_months)
    episodes, events, gaps, intervals = _inputs(con, ts, ws, threshold_days)
    episodes["key"] = _keys(con, episodes, by)
    groups, dropped = _groups(episodes, gaps, min_managers, min_cases, by)
    keys = ["case_id", "episode"]
    episodes["group"] = episodes["key"].map(groups)
    # each episode's group, and for the events whether it left, looked up once per
    # run of rows of one episode (10.7 million contact intervals at 1 M cases)
    for frame in (gaps, intervals):
        frame["group"] = looked_up(frame, keys, episodes[[*keys, "group"]])[
            "group"
        ].to_numpy()
    found = looked_up(events, keys, episodes[[*keys, "group", "uitstroom_at"]])
    events["group"] = found["group"].to_numpy()
    events["left"] = found["uitstroom_at"].notna().to_numpy()
    per_episode, medians = episode_measures(
        episodes.loc[episodes["group"].notna()],
        gaps.loc[gaps["group"].notna()],
        intervals.loc[intervals["group"].notna()],
        window_start=ws,
        as_of=ts,
        notification_term_days=notification_term_days,
    )
    grouped = events.loc[events["group"].notna()]
    timeliness, lag_median = registration_measures(
        grouped, pd.Index(sorted(episodes["group"].dropna().unique()))
    )
    medians.update(lag_median)
    points = pd.concat(
        [
            *per_episode,
            *event_measures(grouped, episodes.loc[episodes["group"].notna()]),
            *timeliness,
        ],
        ignore_index=True,
    )
    deff = (
        _design_effects(grouped, episodes.loc[episodes["group"].notna()])
        if clustering == "case"
        else {}
    )
    points["design_effect"] = points["measure"].map(deff).fillna(1.0)
    points = _with_limits(points, medians, dropped, overdispersion=overdispersion)
    points = points.loc[~points["org"].isin(dropped)].reset_index(drop=True)
    params = {
        "window_months": window_months,
        "window_start": ws.isoformat(),
        "threshold_days": threshold_days,
        "notification_term_days": notification_term_days,
        "min_managers": min_managers,
        "min_cases": min_cases,
        "level": None,  # set by the caller
        "by": by,
        "overdispersion": overdispersion,
        "clustering": clustering,
        "merged_group_left_out": bool(dropped & {OTHER_ORGS, OTHER_POOLS}),
        "registration_dates": bool(events["registration_lag_days"].notna().any()),
        "contact_outcomes": bool(
            (
                events["activity"].eq("contact")
                & events["outcome"].isin(schema.CONTACT_OUTCOMES)
            ).any()
        ),
        "intervention_types": bool(events["intervention_type"].notna().any()),
        "life_domain_assessment": bool(episodes["assessed_problem"].notna().any()),
    }
    return points, gaps[["group"]], params, events


def _inputs(
    con: duckdb.DuckDBPyConnection,
    ts: pd.Timestamp,
    ws: pd.Timestamp,
    threshold_days: float,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Episodes (with exposure in the window), window events, contact gaps, intervals."""
    episodes = store.sql_frame(con, "practice/episodes", as_of=ts, window_start=ws)
    for col in (
        "instroom_at",
        "uitstroom_at",
        "first_contact_at",
        "first_intervention_at",
        "first_notification_at",
    ):
        episodes[col] = as_local(episodes[col])
    win = pd.DataFrame(
        {
            "case_id": episodes["case_id"],
            "from_at": episodes["instroom_at"].clip(lower=ws),
            "to_at": episodes["uitstroom_at"].fillna(ts),
        }
    )
    inside = status.days_between(win["from_at"], win["to_at"]).clip(lower=0.0)
    pauses = status.pauses_at(con, ts)
    paused = status.pause_overlap_days(win, pauses)
    episodes["case_years"] = inside / 365.25
    episodes["active_months"] = (inside - paused).clip(lower=0.0) / _MONTH_DAYS
    events = store.sql_frame(
        con,
        "practice/window_events",
        as_of=ts,
        window_start=ws,
        tz=config.TIMEZONE,
    )
    gaps = contact_gaps(con, as_of=ts, threshold_days=threshold_days)
    gaps = gaps[["case_id", "episode", "status", "over_threshold"]].copy()
    intervals = shared_intervals(con, as_of=ts)  # the columns selected, a copy
    intervals = intervals[["case_id", "episode", "to_at", "is_open", "days"]].copy()
    return episodes, events, gaps, intervals


def _keys(con: duckdb.DuckDBPyConnection, episodes: pd.DataFrame, by: By) -> pd.Series:
    """Each episode's organisation, its case manager's caseload band or pool (None: none)."""
    if by == "org":
        return episodes["manager_org"]
    if by == "pool":
        pools = store.sql_frame(con, "practice/pools")
        if pools.empty:
            raise ConfigError(
                "the store has no case managers' pools; load them with `ipgar load "
                "--case-managers case_managers.csv --db DB`, or choose --by org."
            )
        pool = episodes["manager"].map(pools.set_index("case_manager")["pool"])
        return pool.fillna(NO_POOL).where(episodes["manager"].notna())
    per = episodes.groupby("manager")["case_id"].transform("size")
    band = per.map(lambda n: BANDS[min(int(n), 3) - 1], na_action="ignore")
    return band.where(episodes["manager"].notna())


def _groups(
    episodes: pd.DataFrame,
    gaps: pd.DataFrame,
    min_managers: int,
    min_cases: int,
    by: By,
) -> tuple[dict[str, str], set[str]]:
    """Key (organisation or band) -> its row; and the rows to leave out.

    Case managers are counted over the profile's episodes (their case manager at the
    as-of or the exit); an episode whose manager has no pseudonym counts as one.
    Cases are those in the approach at the as-of (``gaps``). Small organisations
    are merged into ``OTHER_ORGS``, left out when that group is still too small;
    a small band is left out.
    """
    managed = episodes.loc[episodes["key"].notna()]
    who = managed["manager"].fillna(managed["case_id"] + "#no-manager")
    n = who.groupby(managed["key"]).nunique()
    keys = ["case_id", "episode"]
    now = gaps[keys].merge(managed[[*keys, "key"]], on=keys)
    cases = now.groupby("key").size().reindex(n.index, fill_value=0)
    small = n.index[(n < min_managers) | (cases < min_cases)]
    if by == "caseload_band":
        return {b: (_LEFT_OUT if b in small else b) for b in n.index}, {_LEFT_OUT}
    other = OTHER_POOLS if by == "pool" else OTHER_ORGS
    groups = {org: (other if org in small else org) for org in n.index}
    merged_managers = int(n.loc[small].sum())
    too_small = len(small) and merged_managers < min_managers
    return groups, {other} if too_small else set()


def _unit_codes(frames: list[pd.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    """A code per row of ``frames`` (stacked) for its unit, and each code's group.

    A unit is a row's group, case and episode. The codes are 0, 1, ... in the order
    of the units' texts ``group + _SEP + case_id + _SEP + episode`` (each part as
    text). That order is the order of the parts' own texts, one after the other,
    when no part holds a character at or below ``_SEP``: each part is numbered in the
    order of its texts (``_text_codes``) and the numbers are combined, instead of
    joining and sorting two million texts (2.2 s at 1,000,000 cases). A part with
    such a character is numbered by the joined texts. Returns the codes and, per
    code, its group as text.
    """
    parts = [
        pd.concat([f[col] for f in frames], ignore_index=True)
        for col in ("group", "case_id", "episode")
    ]
    numbered = [_text_codes(part) for part in parts]
    low = f"[\\x00-{_SEP}]"
    if any(names.str.contains(low).any() for _, names in numbered):
        text = [part.astype(str) for part in parts]
        joined = text[0] + _SEP + text[1] + _SEP + text[2]
        codes, uniques = pd.factorize(joined, sort=True)
        owner = pd.Index(uniques).str.split(_SEP).str[0]
        return codes, np.asarray(owner, dtype=object)
    (group, groups), (case, cases), (episode, episodes) = numbered
    combined = (group * len(cases) + case) * len(episodes) + episode
    codes, uniques = pd.factorize(combined, sort=True)
    owner = np.asarray(groups, dtype=object)[uniques // (len(cases) * len(episodes))]
    return codes, owner


def _text_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize(values.astype(str), sort=True)``, without a text per row.

    The distinct values are found first and only they are turned into text and
    sorted; values with the same text share a code. A part with missing values is
    turned into text row by row: factorize takes None and NaN as one value, their
    texts differ.
    """
    if bool(values.isna().any()):
        text_codes, names = pd.factorize(values.astype(str), sort=True)
        return text_codes.astype(np.int64), pd.Index(names)
    codes, uniques = pd.factorize(values)
    text = pd.Series(uniques).astype(str)
    text_codes, names = pd.factorize(text, sort=True)
    return text_codes[codes].astype(np.int64), pd.Index(names)


def _design_effects(events: pd.DataFrame, episodes: pd.DataFrame) -> dict[str, float]:
    """The design effect of every measure counted over events, with the case as unit.

    The event measures are counted once more with each episode as a group of its
    own (its key ``group``, case and episode); ``_limits.design_effect`` compares
    their spread within the organisations with the binomial or Poisson one.
    """
    keys = ["case_id", "episode"]
    ep = episodes.drop_duplicates(keys)
    # the measures are counted on integer codes in the order of the text keys: every
    # grouping below sorts and sums as it would on the text, on cheaper keys
    codes, owner = _unit_codes([events, ep])
    # shallow copies with their own group column (a deep copy of the events: 0.7 s)
    ev, ep = events.copy(deep=False), ep.copy(deep=False)
    ev["group"], ep["group"] = codes[: len(events)], codes[len(events) :]
    per_unit = [*event_measures(ev, ep)]
    per_unit.append(registration_measures(ev, pd.Index(ep["group"].unique()))[0][1])
    units = pd.concat(per_unit, ignore_index=True)
    units["group"] = owner[units["org"].to_numpy(dtype=np.int64)]
    return {
        m: lim.design_effect(g, "share" if KIND[m] == "share" else "rate")
        for m, g in units.groupby("measure")
    }


def _with_limits(
    points: pd.DataFrame,
    medians: dict[str, float],
    dropped: set[str],
    *,
    overdispersion: bool,
) -> pd.DataFrame:
    """Value, centre line, limits, signal and detectable difference of every point."""
    points["kind"] = points["measure"].map(KIND)
    ratio = points["kind"] != "median"
    with np.errstate(invalid="ignore", divide="ignore"):
        points.loc[ratio, "value"] = points.loc[ratio, "numerator"] / points.loc[
            ratio, "denominator"
        ].where(points.loc[ratio, "denominator"] > 0)
    totals = points.loc[ratio].groupby("measure")[["numerator", "denominator"]].sum()
    centre = (
        totals["numerator"] / totals["denominator"].where(totals["denominator"] > 0)
    ).to_dict()
    centre.update(medians)
    points["expected"] = points["measure"].map(centre)
    shown = ratio & ~points["org"].isin(dropped)
    phi = {
        m: lim.overdispersion(
            g["value"].to_numpy(),
            (g["denominator"] / g["design_effect"]).to_numpy(),
            centre[m],
            "share" if KIND[m] == "share" else "rate",
        )
        for m, g in points.loc[shown].groupby("measure")
        if m in centre
    }
    points["overdispersion"] = points["measure"].map(phi).astype(float)
    rows = []
    for row in points.itertuples(index=False):
        out: dict[str, Any] = dict.fromkeys(LIMIT_COLS[1:])
        if row.kind != "median":
            n = lim.effective_denominator(row.denominator, row.design_effect, row.kind)
            if overdispersion:
                out.update(
                    lim.inflated_limits(n, row.expected, row.kind, row.overdispersion)
                )
            else:
                out.update(lim.limits(n, row.expected, row.kind))
            out["signal"] = lim.signal(row.value, out["lower_95"], out["upper_95"])
            out["detectable_95"] = lim.detectable_difference(n, row.expected, row.kind)
        rows.append(out)
    extra = pd.DataFrame(rows, index=points.index, columns=list(LIMIT_COLS[1:]))
    points = pd.concat([points, extra], axis=1)
    for col in LIMIT_COLS[1:]:
        if col != "signal":
            points[col] = points[col].astype(float)
    order = {k: i for i, k in enumerate(MEASURE_KEYS)}
    points["_m"] = points["measure"].map(order)
    points["_o"] = points["org"].isin([OTHER_ORGS, OTHER_POOLS, NO_POOL])
    points = points.sort_values(["_m", "_o", "org"]).drop(columns=["_m", "_o"])
    return points.reset_index(drop=True)
