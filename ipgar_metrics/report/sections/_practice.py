"""Ways of working per organisation: the contact gap with its funnel, the signals.

Intern: the contact-gap table per organisation, its funnel plot, a table of the
signals of every share and rate with the smallest difference its limits can detect
(issue 23, 5b), and the funnel plots of a few key measures. Extern: the short table
with organisations of fewer than ``k`` cases merged, and a funnel plot only when
every point has at least ``k`` cases over the threshold and ``k`` under it (so
no small count can be read off a point).
"""

from __future__ import annotations

from typing import Any, Final

import pandas as pd

from ipgar_metrics import config, labels
from ipgar_metrics.figures import fig_funnel
from ipgar_metrics.metrics.practice import (
    MEASURES,
    detectable_difference,
    effective_denominator,
    funnel_lines,
    practice_profile,
)
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    Table,
    TraceKind,
    guarded_section,
)

#: The window of the section, in months.
WINDOW_MONTHS: Final[int] = 12
#: The measures with a funnel plot of their own in the internal report.
FUNNELS: Final[tuple[str, ...]] = (
    "contact_gap",
    "contacts_per_month",
    "own_org_share",
    "manager_changes_per_case_year",
)
_KIND = {m.key: m.kind for m in MEASURES}


def practice_section(ctx: Context) -> Section:
    """Werkwijze per organisatie: contact gap per organisation, funnels, signals."""
    sec = guarded_section(ctx, "practice", _blocks)
    sec.intro = ctx.t("practice_intro", months=WINDOW_MONTHS)
    return sec


def _org(ctx: Context, code: object) -> str:
    return labels.label(code, ctx.lang)


def _value(ctx: Context, value: float, kind: str) -> str:
    if pd.isna(value):
        return "–"
    text = f"{100 * value:.0f}%" if kind == "share" else f"{value:.2f}"
    return text.replace(".", ",") if ctx.lang == "nl" else text


def _blocks(ctx: Context) -> list[Any]:
    points = practice_profile(
        ctx.con,
        as_of=ctx.as_of,
        window_months=WINDOW_MONTHS,
        min_cases=ctx.k if ctx.extern else 0,
        level="point",
    )
    wide = practice_profile(
        ctx.con,
        as_of=ctx.as_of,
        window_months=WINDOW_MONTHS,
        min_cases=ctx.k if ctx.extern else 0,
    )
    out: list[Any] = [_gap_table(ctx, wide)]
    gap = points.loc[points["measure"] == "contact_gap"]
    if not ctx.extern:
        out.extend(_funnel(ctx, points, m) for m in FUNNELS[:1])
        out.append(_signals(ctx, points))
        out.append(Note(ctx.t("practice_detect_note")))
        out.extend(_funnel(ctx, points, m) for m in FUNNELS[1:])
        return out
    # stricter than "every point has k cases": no count below k can be read off a
    # point (its numerator, or the denominator minus it)
    rest = gap["denominator"] - gap["numerator"]
    if len(gap) and (gap["numerator"] >= ctx.k).all() and (rest >= ctx.k).all():
        out.append(_funnel(ctx, points, "contact_gap"))
    out.append(Note(ctx.t("practice_extern_note", k=ctx.k)))
    return out


def _gap_table(ctx: Context, wide: pd.DataFrame) -> Table:
    """Per organisation: cases, active over the threshold, share, limits, signal."""
    rows = []
    for r in wide.itertuples():
        row = [
            Cell(_org(ctx, r.org)),
            ctx.count(r.cases),
            ctx.count(r.over_threshold),
            ctx.share(r.over_threshold, r.active_cases),
        ]
        if not ctx.extern:
            row += [
                Cell(_value(ctx, r.expected_share, "share"), "stat"),
                Cell(
                    f"{_value(ctx, r.lower_95, 'share')}–{_value(ctx, r.upper_95, 'share')}",
                    "stat",
                ),
            ]
        row.append(Cell(labels.label(r.signal, ctx.lang) if r.signal else "–"))
        rows.append(row)
    cols = [
        ctx.t("practice_org"),
        ctx.t("practice_cases"),
        ctx.t("practice_over"),
        ctx.t("practice_share"),
    ]
    if not ctx.extern:
        cols += [ctx.t("practice_expected"), ctx.t("practice_limits_95")]
    cols.append(ctx.t("practice_signal"))
    title = ctx.t("practice_gap_table", days=config.CONTACT_THRESHOLD_DAYS)
    return Table(title, cols, rows)


def _signals(ctx: Context, points: pd.DataFrame) -> Table:
    """Per share or rate: centre line, organisations, detectable difference, signals."""
    rows = []
    for m in MEASURES:
        if m.kind == "median":
            continue
        p = points.loc[(points["measure"] == m.key) & (points["denominator"] > 0)]
        if p.empty:
            continue
        median_n = float(p["denominator"].median())
        centre = float(p["expected"].iloc[0])
        at = round(median_n) if m.kind == "share" else median_n
        deff = float(p["design_effect"].iloc[0])
        detectable = detectable_difference(
            effective_denominator(at, deff, m.kind), centre, m.kind
        )
        flagged = [
            f"{labels.label(s, ctx.lang)}: {_org(ctx, o)}"
            for o, s in zip(p["org"], p["signal"], strict=True)
            if s in ("boven", "onder")
        ]
        rows.append(
            [
                Cell(labels.label(m.key, ctx.lang, labels.PRACTICE_LABELS)),
                Cell(_value(ctx, centre, m.kind), "stat"),
                Cell(str(len(p)), "text"),
                Cell(f"{median_n:.0f}", "stat"),
                Cell(_value(ctx, detectable, m.kind), "stat"),
                Cell("; ".join(flagged) or ctx.t("practice_no_signal")),
            ]
        )
    cols = [
        ctx.t("practice_measure"),
        ctx.t("practice_expected"),
        ctx.t("practice_orgs"),
        ctx.t("practice_median_n"),
        ctx.t("practice_detectable"),
        ctx.t("practice_signals"),
    ]
    return Table(ctx.t("practice_signals_table"), cols, rows)


def _funnel(ctx: Context, points: pd.DataFrame, measure: str) -> Any:
    lines = funnel_lines(points, measure=measure)
    title = ctx.t(
        "practice_funnel",
        measure=labels.label(measure, ctx.lang, labels.PRACTICE_LABELS),
    )
    fig = fig_funnel(points, lines, measure=measure, lang=ctx.lang)
    kind: TraceKind = "share" if _KIND[measure] == "share" else "rate"
    return ctx.chart(title, fig, [kind] * len(fig.data))
