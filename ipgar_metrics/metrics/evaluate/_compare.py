"""Before/after evaluation of improvement steps: lead time, contact and integrality.

``compare_periods`` compares a period before a change date with a period after it
(or two named periods). One row per metric is the primary (lead time: the share
decided within 8 weeks, censoring-aware; contact and integrality: the mean per
episode), with a bootstrap interval, p-value and the smallest difference it could
detect; the other tests (Mann-Whitney on the median, log-rank on the Kaplan-Meier
curves) are secondary and Holm-adjusted; counts, open share, mean and p90 are
descriptive, with bootstrap percentile intervals. Guard rails (too few cases, a changed mix of
report sources or risk categories, many open episodes) are raised as
``DataQualityWarning`` and listed in ``frame.attrs["warnings"]``. Definitions:
``docs/metrics/evaluate.md``; choices: ``docs/assumptions/evaluate.md``, ADR 0004.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final, Literal

import duckdb
import numpy as np
import pandas as pd

from ipgar_metrics import config, schema, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import _status as status
from ipgar_metrics.metrics._episodes import (
    in_key_order,
    ipgar_attrs,
    require_as_of,
    shared_episodes,
)
from ipgar_metrics.metrics._runs import key_runs
from ipgar_metrics.metrics.evaluate._guards import guard_rails, period_mix
from ipgar_metrics.metrics.evaluate._stats import compare_units, compare_units_by
from ipgar_metrics.metrics.leadtime import km_durations

Metric = Literal["leadtime", "contact", "integrality"]
Period = tuple[date, date]

#: Metrics that can be evaluated.
METRICS: Final[tuple[str, ...]] = ("leadtime", "contact", "integrality")
#: Unit of the per-case value of each metric (used in the statistic names).
UNITS: Final[dict[str, str]] = {
    "leadtime": "days",
    "contact": "days",
    "integrality": "share",
}
PERIODS: Final[tuple[str, ...]] = ("before", "after")
#: Case attributes a comparison can be broken down by (``by``).
BY_CHOICES: Final[tuple[str, ...]] = ("report_source", "risk_category", "ideology")
_ITEM_COLS: Final[tuple[str, ...]] = (
    "case_id",
    "episode",
    "at",
    "value",
    "is_open",
    "duration_days",
    "observed",
    "report_source",
    "risk_category",
    "ideology",
)

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "compare_periods": {
        "statistic": "str: n, n_open, open_share, decided_8w_share (leadtime only), mean_<unit>, median_<unit>, p90_<unit>, km_median_days (leadtime only); <unit> is days or share",
        "before": "float: the statistic in the period before",
        "after": "float: the statistic in the period after",
        "difference": "float: after - before",
        "ci_lower": "float: lower bound of the bootstrap percentile CI of the difference (NaN: none)",
        "ci_upper": "float: upper bound of that CI",
        "test": "str: bootstrap_z (primary row), mann_whitney (median row), logrank (km row), empty otherwise",
        "p_value": "float: p-value of that test (NaN: none)",
        "significant": "bool: p_adjusted < alpha (False for descriptive rows)",
        "role": "str: primary (one row), secondary (a test, Holm-adjusted) or descriptive (no test)",
        "p_adjusted": "float: Holm-adjusted p of the secondary tests; the primary's own p; NaN: no test",
    },
    # not called by the contract test (it needs a change date); see compare_periods
    "evaluation_units": {
        "case_id": "str: case pseudonym",
        "episode": "int: episode number",
        "period": "str: before or after",
        "at": "datetime64[tz]: report (leadtime) or first item in the period",
        "value": "float: lead time in days, mean contact interval in days, or own-organisation share (NaN when open)",
        "is_open": "bool: no completed value (open episode, or only an open contact tail)",
        "n_items": "int: items behind the value (1 for leadtime)",
        "duration_days": "float: leadtime only: days to the end, or to as_of when open",
        "observed": "bool: leadtime only: the end was reached (False: censored)",
        "report_source": "str: case attribute",
        "risk_category": "str: case attribute",
        "ideology": "str: case attribute",
    },
}


def resolve_periods(
    *,
    change: date | None,
    window_months: int = 12,
    before: Period | None = None,
    after: Period | None = None,
) -> dict[str, Period]:
    """The two periods as ``(first_day, last_day)``, both days included.

    Without ``before``/``after``: ``window_months`` months before ``change`` (up to
    the day before it) and ``window_months`` months from ``change`` on.
    """
    if before is not None or after is not None:
        if before is None or after is None:
            raise ConfigError("give both `before` and `after` periods, or neither.")
        out = {"before": _as_period(before), "after": _as_period(after)}
    else:
        if change is None:
            raise ConfigError("give a change date, or both `before` and `after`.")
        if window_months < 1:
            raise ConfigError("window_months must be 1 or more; pass e.g. 12.")
        c = pd.Timestamp(change)
        w = pd.DateOffset(months=window_months)
        out = {
            "before": ((c - w).date(), (c - pd.Timedelta(days=1)).date()),
            "after": (c.date(), (c + w - pd.Timedelta(days=1)).date()),
        }
    for name, (lo, hi) in out.items():
        if hi < lo:
            raise ConfigError(f"the {name} period ends before it starts; swap them.")
    if out["before"][1] >= out["after"][0]:
        raise ConfigError(
            "the before period must end before the after period starts; check the dates."
        )
    return out


def _as_period(period: Any) -> Period:
    lo, hi = period
    return (pd.Timestamp(lo).date(), pd.Timestamp(hi).date())


def _bounds(period: Period) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Local midnight of the first day and of the day after the last day."""
    lo = pd.Timestamp(period[0]).tz_localize(config.TIMEZONE)
    hi = (pd.Timestamp(period[1]) + pd.Timedelta(days=1)).tz_localize(config.TIMEZONE)
    return lo, hi


def metric_items(
    con: duckdb.DuckDBPyConnection, *, metric: Metric, as_of: pd.Timestamp
) -> pd.DataFrame:
    """The finest-grain values of a metric, each placed at a time ``at``.

    leadtime: one row per episode with a report (``at`` = report, ``value`` = lead
    time to intake or final decision). contact: one row per interval between
    contacts (``at`` = its first contact, ``value`` = days without pauses; open
    tails have ``is_open``). integrality: one row per intervention with a case
    manager (``at`` = its start, ``value`` = 1 when by the own organisation).

    Returns
    -------
    pandas.DataFrame
        case_id, episode, at, value, is_open, duration_days, observed,
        report_source, risk_category, ideology.
    """
    return _items(con, metric=metric, as_of=as_of, shared=False)


def shared_items(
    con: duckdb.DuckDBPyConnection, *, metric: Metric, as_of: pd.Timestamp
) -> pd.DataFrame:
    """``metric_items`` for a caller that only reads them: in a report, the kept frame.

    Not a copy (``store.reused(shared=True)``): the caller must not change the frame
    nor hand it to code that does (``_units`` and ``_its`` select and read).
    """
    return _items(con, metric=metric, as_of=as_of, shared=True)


def _items(
    con: duckdb.DuckDBPyConnection,
    *,
    metric: Metric,
    as_of: pd.Timestamp,
    shared: bool,
) -> pd.DataFrame:
    check_metric(metric)
    key = store.result_key(con, "metric_items", metric, as_of)
    # read again: a step's monthly series (``_its``) and its comparison both read
    # them; kept at once, a large frame (contact at 1 M cases) is built once
    return store.reused(
        key,
        lambda: _metric_items(con, metric=metric, as_of=as_of),
        read_again=True,
        shared=shared,
    )


def _metric_items(
    con: duckdb.DuckDBPyConnection, *, metric: Metric, as_of: pd.Timestamp
) -> pd.DataFrame:
    if metric == "leadtime":
        # the shared episodes: km_durations selects them into a frame of its own
        eps = km_durations(shared_episodes(con, as_of=as_of), as_of=as_of, event="end")
        out = eps.assign(
            at=eps["melding_at"],
            value=eps["duration_days"].where(eps["observed"]),
            is_open=~eps["observed"],
        )
        return out[list(_ITEM_COLS)].reset_index(drop=True)
    cases = store.table_frame(con, "cases")[["case_id", *BY_CHOICES]]
    if metric == "contact":
        from ipgar_metrics.metrics.casework import shared_intervals

        iv = shared_intervals(con, as_of=as_of)  # its columns read below
        at, value = iv["from_at"], iv["days"].where(~iv["is_open"])
        is_open = iv["is_open"].to_numpy(bool)
    else:
        from ipgar_metrics.metrics.casework import shared_interventions

        iv = shared_interventions(con, as_of=as_of)  # selected and read
        iv = iv[iv["own_org"].notna()]
        at, value = iv["started_at"], iv["own_org"].astype(bool).astype(float)
        is_open = np.zeros(len(iv), dtype=bool)
    # the frame is built once from the columns it keeps (the intervals at 1 M cases
    # are tens of millions of rows: a copy of every column per step cost seconds)
    case_ids = iv["case_id"].to_numpy()
    objects = {
        "case_id": case_ids,
        "observed": np.full(len(iv), pd.NA, dtype=object),
        **_case_attributes(cases, case_ids),
    }
    columns = {
        "episode": iv["episode"].to_numpy(),
        "at": at.array,
        "value": value.to_numpy(float),
        "is_open": is_open,
        "duration_days": np.full(len(iv), np.nan),
        # object columns as object Series: from a bare object array pandas would
        # look for dates in it, every value of the missing `observed` (1.9 s for
        # the 10.7 million contact intervals at 1 M cases)
        **{name: pd.Series(v, dtype=object, copy=False) for name, v in objects.items()},
    }
    return pd.DataFrame(columns, columns=list(_ITEM_COLS))


def _case_attributes(
    cases: pd.DataFrame, case_ids: np.ndarray
) -> dict[str, np.ndarray]:
    """The case attributes (``BY_CHOICES``) of each of ``case_ids``, by column.

    A left merge with the same rows and order: the unique ``case_id`` of ``cases`` is
    looked up once per run of equal ids (the items come case by case: 10.7 million
    intervals are about a million runs at 1,000,000 cases, 1.7 -> 0.9 s) and each
    run's values repeated. A case not in ``cases`` gets missing values.
    """
    if len(case_ids) == 0:
        return {col: np.empty(0, dtype=object) for col in BY_CHOICES}
    starts, lengths = key_runs(
        pd.DataFrame({"case_id": case_ids}, copy=False), ["case_id"]
    )
    looked = cases.set_index("case_id")[list(BY_CHOICES)].reindex(case_ids[starts])
    return {col: np.repeat(looked[col].to_numpy(), lengths) for col in BY_CHOICES}


def filter_segment(
    frame: pd.DataFrame, segment: Mapping[str, Sequence[str]] | None
) -> pd.DataFrame:
    """Keep the rows whose case attributes are among the given values.

    ``segment`` maps a case attribute (``BY_CHOICES``) to its values, e.g.
    ``{"report_source": ["MAP"]}``; ``None`` or ``{}`` keeps every row.
    """
    if not segment:
        return frame
    keep = pd.Series(True, index=frame.index)
    for name, values in segment.items():
        schema.check_by((name,), allowed=BY_CHOICES)
        vals = [values] if isinstance(values, str) else list(values)
        keep &= frame[name].isin(vals)
    return frame[keep]


def as_date(day: Any) -> date | None:
    """A date from a date, datetime, ISO string or timestamp (None stays None)."""
    return None if day is None else pd.Timestamp(day).date()


def check_metric(metric: str) -> str:
    """Return ``metric`` after checking it against ``METRICS``."""
    if metric not in METRICS:
        raise ConfigError(
            f'unknown metric "{metric}"; choose one of: {", ".join(METRICS)}.'
        )
    return metric


def evaluation_units(
    con: duckdb.DuckDBPyConnection,
    *,
    change: date | None = None,
    metric: Metric = "leadtime",
    window_months: int = 12,
    before: Period | None = None,
    after: Period | None = None,
    as_of: Any,
) -> pd.DataFrame:
    """Per-case values of ``metric`` in each period: the units that are compared.

    leadtime: every episode reported in the period. contact: per episode, the mean
    length of its completed contact intervals that began in the period.
    integrality: per episode, the share of its interventions started in the period
    that its case manager's own organisation delivered. Periods as in
    ``compare_periods``.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``OUTPUT_COLUMNS["evaluation_units"]``.
    """
    require_as_of(as_of, "evaluation_units")
    periods = resolve_periods(
        change=change, window_months=window_months, before=before, after=after
    )
    return _units(con, metric=metric, periods=periods, as_of=as_of)


def _units(
    con: duckdb.DuckDBPyConnection,
    *,
    metric: Metric,
    periods: dict[str, Period],
    as_of: Any,
) -> pd.DataFrame:
    ts = status.as_timestamp(con, as_of)
    items = shared_items(con, metric=metric, as_of=ts)  # selected, never changed
    parts = []
    for name, period in periods.items():
        lo, hi = _bounds(period)
        sel = items[(items["at"] >= lo) & (items["at"] < hi)]
        parts.append(_to_units(sel, metric).assign(period=name))
    out = pd.concat(parts, ignore_index=True)
    if metric != "leadtime":
        # set after the concat: pandas checks every value of a column that is
        # missing in all parts (0.5 s for the contact units at 1 M cases), and
        # gives such a column NaN (not pd.NA), as here
        out["observed"] = pd.Series(np.nan, index=out.index, dtype=object)
    cols = list(OUTPUT_COLUMNS["evaluation_units"])
    out = out[cols]
    # the parts come in this order already (the periods in turn, each grouped by
    # case and episode): checked in one pass, sorted only when it does not hold
    keys = ["period", "case_id", "episode"]
    if not in_key_order(out, keys, descending=["period"]):
        out = out.sort_values(keys, ascending=[False, True, True])
    out = out.reset_index(drop=True)
    out.attrs["ipgar"] = ipgar_attrs(
        con,
        ts,
        metric=metric,
        periods={k: [str(d) for d in v] for k, v in periods.items()},
    )
    return out


def _to_units(sel: pd.DataFrame, metric: str) -> pd.DataFrame:
    if metric == "leadtime":
        return sel.assign(n_items=1)
    keys = ["case_id", "episode"]
    g = sel.groupby(keys, sort=True)
    out = pd.DataFrame(
        {
            "at": g["at"].min(),
            "value": g["value"].mean(),
            "n_items": g.size(),
            "report_source": g["report_source"].first(),
            "risk_category": g["risk_category"].first(),
            "ideology": g["ideology"].first(),
        }
    ).reset_index()
    out["is_open"] = out["value"].isna()
    out["duration_days"] = np.nan
    out["n_items"] = out["n_items"].astype("int64")
    return out  # without "observed" (leadtime only): ``_units`` adds it


def compare_periods(
    con: duckdb.DuckDBPyConnection,
    *,
    change: date | None = None,
    metric: Metric = "leadtime",
    window_months: int = 12,
    before: Period | None = None,
    after: Period | None = None,
    as_of: Any,
    n_boot: int = 2000,
    seed: int = 0,
    alpha: float = 0.05,
    by: str | Sequence[str] = (),
    segment: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Compare a metric before and after a change date, with honest uncertainty.

    Parameters
    ----------
    con
        The event store.
    change
        The date the improvement step took effect (first day of the after period).
    metric
        ``leadtime`` (episodes reported in the period: report -> intake or final
        decision), ``contact`` (per episode: mean days between contacts, pauses
        excluded) or ``integrality`` (per episode: own-organisation share).
    window_months
        Length of each period in months when ``before``/``after`` are not given.
    before, after
        Named periods ``(first_day, last_day)``, both days included.
    as_of
        Reference time (required; a date is the start of that day).
        Episodes still open then are censored there.
    n_boot, seed
        Bootstrap replicates and the seed of numpy's generator.
    alpha
        One minus the confidence level.
    by
        One of ``report_source``, ``risk_category``, ``ideology`` (a string or a
        one-name sequence; ``()``: no breakdown): the same rows for
        each value of the segment (a comparison within segments, for when the mix
        changed); the sentences and warnings stay those of the whole comparison.
    segment
        Restrict the comparison to cases with these attribute values, e.g.
        ``{"report_source": ["MAP"]}`` (a measure that applies to one segment).

    Returns
    -------
    pandas.DataFrame
        One row per statistic (per ``by`` group, with the ``by`` column first):
        statistic, before, after, difference, ci_lower,
        ci_upper, test, p_value, significant (``OUTPUT_COLUMNS``). ``attrs``:
        ``ipgar`` (colophon), ``warnings`` (list of {code, message, message_nl}),
        ``evaluate`` (metric, unit, periods, tests, mix records, km curve records,
        ``primary`` (the primary's estimate, SE, interval, p, significance and the
        difference detectable with 80% power), sentence_nl, sentence_en).
    """
    require_as_of(as_of, "compare_periods")
    check_metric(metric)
    change = as_date(change)
    names = (by,) if isinstance(by, str) else tuple(by)
    if len(names) > 1:
        raise ConfigError(
            "compare_periods takes at most one `by`; pass e.g. by='ideology'."
        )
    by_name = schema.check_by(names, allowed=BY_CHOICES)[0] if names else None
    if n_boot < 100:
        raise ConfigError("n_boot must be at least 100; pass e.g. 2000.")
    ts = status.as_timestamp(con, as_of)
    periods = resolve_periods(
        change=change, window_months=window_months, before=before, after=after
    )
    units = filter_segment(
        _units(con, metric=metric, periods=periods, as_of=ts), segment
    )
    units.attrs = {}  # not copied on every step below
    unit = UNITS[metric]
    cols = list(OUTPUT_COLUMNS["compare_periods"])
    kw: dict[str, Any] = {
        "metric": metric,
        "unit": unit,
        "columns": cols,
        "n_boot": n_boot,
        "seed": seed,
        "alpha": alpha,
    }
    out, tests, km_records = compare_units(units, km=metric == "leadtime", **kw)
    mix = period_mix(units)
    warned = guard_rails(units, mix, periods=periods, as_of=ts, metric=metric)
    params = {
        "metric": metric,
        "change": None if change is None else str(change),
        "window_months": window_months,
        "periods": {k: [str(d) for d in v] for k, v in periods.items()},
        "n_boot": n_boot,
        "seed": seed,
        "alpha": alpha,
        "segment": {k: list(v) for k, v in (segment or {}).items()},
    }
    if by_name is not None:
        out = compare_units_by(units, by_name, km=metric == "leadtime", **kw)
    out.attrs["ipgar"] = ipgar_attrs(con, ts, **params, by=by_name)
    out.attrs["warnings"] = warned
    out.attrs["evaluate"] = {
        **params,
        "unit": unit,
        "tests": tests,
        "mix": mix.to_dict("records"),
        "km": km_records,
        "primary": tests["primary"],
    }
    from ipgar_metrics.metrics.evaluate._text import comparison_sentences

    out.attrs["evaluate"].update(
        comparison_sentences(tests["primary"], metric=metric, change=change)
    )
    return out
