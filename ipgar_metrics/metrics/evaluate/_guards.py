"""Guard rails of a before/after comparison: too few cases, a changed mix, censoring.

Each guard rail is raised as a ``DataQualityWarning`` (English) and returned as a
record ``{code, message, message_nl}`` for the report. Thresholds are module
constants, documented in ``docs/assumptions/evaluate.md``.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import Any, Final

import numpy as np
import pandas as pd

from ipgar_metrics.errors import DataQualityWarning
from ipgar_metrics.labels import short_date

#: Fewer completed units than this in a period: too few for a conclusion.
MIN_CASES: Final[int] = 20
#: Share of open (censored) units in a period above which we warn.
OPEN_WARN_SHARE: Final[float] = 0.10
#: Smallest effect size of a mix change: Cramer's V of the segment x period table.
#: 0.1 is Cohen's "small" effect; with ~100 reports per period a chance difference
#: rarely reaches it, and a shift of one source from 30% to 45% does (V ~ 0.15).
MIX_MIN_CRAMERS_V: Final[float] = 0.10
#: Significance level of the chi-square test of the mix (the guard needs both).
MIX_ALPHA: Final[float] = 0.05
#: Case attributes whose mix is compared between the periods.
MIX_SEGMENTS: Final[tuple[str, ...]] = ("report_source", "risk_category")
_UNKNOWN: Final[str] = "onbekend"

OUTPUT_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "period_mix": {
        "segment": "str: report_source or risk_category",
        "value": "str: the segment value ('onbekend': missing)",
        "n_before": "int: units in the period before",
        "n_after": "int: units in the period after",
        "share_before": "float: share of the period's units",
        "share_after": "float: share of the period's units",
        "difference_points": "float: (share_after - share_before) * 100",
        "p_value": "float: chi-square test of the segment's mix (same on each row)",
        "cramers_v": "float: Cramer's V of the segment's mix table (same on each row)",
    },
}

_NOUN: Final[dict[str, tuple[str, str]]] = {
    "leadtime": ("completed reports", "afgeronde meldingen"),
    "contact": ("cases with a completed contact interval", "casussen met contact"),
    "integrality": ("cases with interventions", "casussen met interventies"),
}
_PERIOD_NL: Final[dict[str, str]] = {"before": "vóór", "after": "na"}
_SEGMENT_NL: Final[dict[str, str]] = {
    "report_source": "bron van de melding",
    "risk_category": "risicocategorie",
}


def period_mix(units: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares of report sources and risk categories in both periods.

    Parameters
    ----------
    units
        ``evaluation_units`` output (needs period and the segments).

    Returns
    -------
    pandas.DataFrame
        One row per (segment, value): ``OUTPUT_COLUMNS["period_mix"]``.
    """
    from ipgar_metrics.metrics._inference import chi2_independence

    parts = []
    for seg in MIX_SEGMENTS:
        values = units[seg].fillna(_UNKNOWN)
        table = pd.crosstab(values, units["period"]).reindex(
            columns=["before", "after"], fill_value=0
        )
        table = table[table.sum(axis=1) > 0]
        p, v = np.nan, np.nan
        if table.shape[0] > 1 and (table.sum(axis=0) > 0).all():
            chi2, p = chi2_independence(table.to_numpy())
            v = float(np.sqrt(chi2 / table.to_numpy().sum()))  # min(r, c) - 1 = 1
        totals = table.sum(axis=0).replace(0, np.nan)
        shares = table / totals
        part = pd.DataFrame(
            {
                "segment": seg,
                "value": table.index.astype(str),
                "n_before": table["before"].to_numpy(dtype="int64"),
                "n_after": table["after"].to_numpy(dtype="int64"),
                "share_before": shares["before"].to_numpy(dtype=float),
                "share_after": shares["after"].to_numpy(dtype=float),
            }
        )
        part["difference_points"] = (part["share_after"] - part["share_before"]) * 100
        part["p_value"] = p
        part["cramers_v"] = v
        parts.append(part)
    return pd.concat(parts, ignore_index=True)[list(OUTPUT_COLUMNS["period_mix"])]


def guard_rails(
    units: pd.DataFrame,
    mix: pd.DataFrame,
    *,
    periods: dict[str, tuple[date, date]],
    as_of: pd.Timestamp,
    metric: str,
) -> list[dict[str, str]]:
    """Check the comparison, warn in words and return the warnings as records.

    Returns
    -------
    list of dict
        ``{"code": ..., "message": English, "message_nl": Dutch}``, codes
        ``too_few``, ``mix_changed``, ``censoring``, ``period_after_as_of``.
    """
    out: list[dict[str, str]] = []
    noun_en, noun_nl = _NOUN[metric]
    as_of_day = as_of.tz_localize(None).date()
    for name in ("before", "after"):
        f = units[units["period"] == name]
        lo, hi = periods[name]
        span_en = f"{lo} to {hi}"
        span_nl = f"{short_date(lo)} t/m {short_date(hi)}"
        done = int((~f["is_open"] & f["value"].notna()).sum())
        if done < MIN_CASES:
            out.append(
                _rec(
                    "too_few",
                    f"the period {name} ({span_en}) has only {done} {noun_en}, too few "
                    f"for a conclusion (at least {MIN_CASES}); widen the window.",
                    f"De periode {_PERIOD_NL[name]} de wijziging ({span_nl}) heeft maar "
                    f"{done} {noun_nl}: te weinig voor een conclusie (minstens "
                    f"{MIN_CASES}).",
                )
            )
        share = float(f["is_open"].mean()) if len(f) else 0.0
        if share > OPEN_WARN_SHARE:
            out.append(
                _rec(
                    "censoring",
                    f"{share:.0%} of the units in the period {name} are still open at "
                    f"{as_of_day}; the statistics of the completed ones are biased "
                    "(too short for lead times); read the Kaplan-Meier median or "
                    "take a later export.",
                    f"In de periode {_PERIOD_NL[name]} de wijziging is "
                    f"{share:.0%} nog open op {short_date(as_of_day)}; de cijfers van de "
                    "afgeronde zaken zijn vertekend (te kort bij doorlooptijden). Lees "
                    "de Kaplan-Meier-mediaan of neem een latere export.",
                )
            )
        if hi >= as_of_day:
            out.append(
                _rec(
                    "period_after_as_of",
                    f"the period {name} runs to {hi}, past the reference date "
                    f"{as_of_day}; only data up to then count.",
                    f"De periode {_PERIOD_NL[name]} de wijziging loopt tot "
                    f"{short_date(hi)}, na de peildatum {short_date(as_of_day)}; alleen "
                    "gegevens tot dan tellen mee.",
                )
            )
    out += _mix_warnings(mix)
    for rec in out:
        warnings.warn(rec["message"], DataQualityWarning, stacklevel=3)
    return out


def _mix_warnings(mix: pd.DataFrame) -> list[dict[str, str]]:
    """The ``mix_changed`` records; the segments' p-values are Holm-adjusted together."""
    from ipgar_metrics.metrics.evaluate._stats import holm

    groups = [
        (seg, grp)
        for seg, grp in mix.groupby("segment", sort=False)
        if grp[["n_before", "n_after"]].sum().min() > 0
    ]
    adjusted = holm([float(grp["p_value"].iloc[0]) for _, grp in groups])
    out = []
    for (seg, grp), p in zip(groups, adjusted, strict=True):
        worst = grp.loc[grp["difference_points"].abs().idxmax()]
        v = float(grp["cramers_v"].iloc[0])
        if not mix_changed(p, v):
            continue
        detail = (
            f"{worst['value']} {worst['share_before']:.0%} -> "
            f"{worst['share_after']:.0%}"
        )
        p_text = "n/a" if not np.isfinite(p) else f"{p:.3f}"
        out.append(
            _rec(
                "mix_changed",
                f"the mix of {seg} differs between the periods ({detail}; chi-square "
                f"p = {p_text} after Holm over the segments, Cramer's V = {v:.2f}); part of the difference may come from the mix, not "
                "the change: compare within segments (see the mix table).",
                f"De samenstelling naar {_SEGMENT_NL[str(seg)]} verschilt tussen de "
                f"perioden ({worst['value']} {worst['share_before']:.0%} vóór, "
                f"{worst['share_after']:.0%} na); een deel van het verschil kan "
                "daardoor komen en niet door de verbetering. Zie de tabel met de "
                "samenstelling.",
            )
        )
    return out


def mix_changed(p_value: float, cramers_v: float) -> bool:
    """A mix change: the (Holm-adjusted) chi-square p below ``MIX_ALPHA`` and V >= minimum.

    The test alone fires on trivial shifts in large periods, and with two segments
    tested unadjusted in ~10% of periods without any change; the former 10-point rule
    fired in two thirds of them. Holm over the segments plus the effect size: at
    most ~5% under no change (``tests/unit/test_evaluate_guards.py``,
    ``docs/calibration.md``).
    """
    return bool(
        np.isfinite(p_value)
        and p_value < MIX_ALPHA
        and np.isfinite(cramers_v)
        and cramers_v >= MIX_MIN_CRAMERS_V
    )


def _rec(code: str, message: str, message_nl: str) -> dict[str, str]:
    return {"code": code, "message": message, "message_nl": message_nl}


def merge_warnings(*lists: Any) -> list[dict[str, str]]:
    """Concatenate warning records, dropping exact repeats (CLI and report)."""
    seen, out = set(), []
    for recs in lists:
        for rec in recs or []:
            if rec["message"] not in seen:
                seen.add(rec["message"])
                out.append(rec)
    return out
