"""Verbeterstappen: the improvement steps of the measures register, and their marks.

The page lists every measure of the register the report was given (``Context.
measures``: step, name, dates in force, organisations or segment, primary
indicator, expected direction, smallest relevant effect). Then per step: its
indicator month by month from a year before the first date in force up to the
report month (the monthly series of ``interrupted_time_series``), and the sentences
``ipgar evaluate --measure NAME --as-of <as_of>`` prints (``compare_periods`` and
``measure_sentences``, with its warnings) once both periods are complete and hold
enough cases; otherwise one plain line says why not. ``step_marks`` turns the
register into the ``(date, label)`` marks every trend chart of the report draws
(``Context.chart(..., time_axis=...)``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from datetime import date
from functools import partial

import pandas as pd

from ipgar_metrics import labels
from ipgar_metrics.figures import lines, mark_dates
from ipgar_metrics.metrics.evaluate import (
    OPEN_WARN_SHARE,
    Measure,
    compare_periods,
    interrupted_time_series,
    measure_sentences,
)
from ipgar_metrics.report._model import Block, Cell, Context, Note, Section, Table
from ipgar_metrics.report._model import or_missing as _or_missing
from ipgar_metrics.workdays import shift_month

#: Months of the monthly chart before the first date in force (the baseline).
MONTHS_BEFORE = 12
#: Months of each period of the comparison, as ``ipgar evaluate --window``.
WINDOW_MONTHS = 12


def steps_section(ctx: Context) -> Section:
    """The Verbeterstappen page: the register, then each step's indicator and result."""
    sec = Section("steps", ctx.t("steps"), ctx.t("steps_intro"))
    if not ctx.measures:
        sec.blocks.append(Note(ctx.t("steps_none"), "missing"))
        return sec
    sec.blocks.append(register_table(ctx, ctx.measures))
    for m in ctx.measures:
        head = ctx.t("step_head", step=m.step, name=m.name)
        sec.blocks.append(
            Note(head + (f": {m.description}" if m.description else ""), "step-head")
        )
        sec.blocks.extend(_or_missing(ctx, head, partial(_step_blocks, ctx, m)))
    return sec


def step_marks(measures: Sequence[Measure], lang: str = "nl") -> list[tuple[date, str]]:
    """The dates in force of the steps as ``(date, label)`` marks for trend charts.

    A phased step gives one mark per phase, ``stap 1b (1/2)``, ``stap 1b (2/2)``.
    """
    from ipgar_metrics.report._texts import t

    marks: list[tuple[date, str]] = []
    for m in measures:
        n = len(m.in_force)
        for i, day in enumerate(m.in_force, start=1):
            key = "step_mark" if n == 1 else "step_mark_phase"
            marks.append((day, t(key, lang, step=m.step, i=i, n=n)))
    return marks


def register_table(ctx: Context, measures: Sequence[Measure]) -> Table:
    """One row per measure: what the register says, in words."""
    cols = [
        ctx.t(key)
        for key in (
            "step_col",
            "step_name",
            "step_in_force",
            "step_scope",
            "step_primary",
            "step_direction",
            "step_effect",
        )
    ]
    rows = [
        [
            Cell(m.step, "label"),
            Cell(m.name),
            Cell(in_force_text(m, ctx.lang)),
            Cell(_scope(ctx, m)),
            Cell(ctx.t(f"primary_{m.primary}")),
            Cell(ctx.t(f"dir_{m.direction}")),
            Cell(effect_text(m, ctx.lang)),
        ]
        for m in measures
    ]
    return Table(ctx.t("steps_register"), cols, rows, css="steps")


def long_date(day: date, lang: str = "nl") -> str:
    """``1 januari 2021`` (nl) or ``1 January 2021`` (en)."""
    return f"{day.day} {labels.MONTH_NAMES[lang][day.month - 1]} {day.year}"


def in_force_text(m: Measure, lang: str = "nl") -> str:
    """The date in force, or each phase with its date."""
    from ipgar_metrics.report._texts import t

    if len(m.in_force) == 1:
        return long_date(m.in_force[0], lang)
    return "; ".join(
        f"{t('step_phase', lang, i=i)}: {long_date(d, lang)}"
        for i, d in enumerate(m.in_force, start=1)
    )


def effect_text(m: Measure, lang: str = "nl") -> str:
    """The smallest relevant effect in the primary's unit (points or days)."""
    from ipgar_metrics.report._texts import t

    if m.primary == "contact":
        value = f"{m.smallest_effect:g}"
        key = "effect_days"
    else:
        value = f"{100 * m.smallest_effect:g}"
        key = "effect_points"
    if lang == "nl":
        value = value.replace(".", ",")
    return t(key, lang, value=value)


def _scope(ctx: Context, m: Measure) -> str:
    parts = [labels.label(o, ctx.lang, labels.ORG_LABELS) for o in m.organisations]
    for key, values in m.segment.items():
        name = labels.label(key, ctx.lang)
        parts.append(f"{name}: {', '.join(labels.label(v, ctx.lang) for v in values)}")
    return ", ".join(parts) or ctx.t("step_all")


def _step_blocks(ctx: Context, m: Measure) -> list[Block]:
    """The step's monthly chart and its evaluation (or why there is none yet)."""
    blocks: list[Block] = []
    if m.in_force[0] < ctx.as_of:
        blocks.append(_monthly_chart(ctx, m))
    blocks.extend(evaluation_blocks(ctx, m))
    return blocks


def _monthly_chart(ctx: Context, m: Measure) -> Block:
    """The primary's monthly value from a year before the first date in force."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the evaluation below says them in words
        series = interrupted_time_series(
            ctx.con,
            change=list(m.in_force),
            metric=m.primary,  # type: ignore[arg-type]
            as_of=ctx.as_of,
            window_months=None,
            cov_type="nonrobust",  # only the monthly values are shown
            segment=m.segment or None,
        )
    first = f"{shift_month(m.in_force[0].replace(day=1), -MONTHS_BEFORE):%Y-%m}"
    shown = _chart_months(series, first, ctx.month)
    censored = int(shown.pop("censored").sum())
    if ctx.extern:  # a statistic over fewer than k cases is not shown
        shown.loc[shown["n"] < ctx.k, "value"] = float("nan")
        if shown["value"].isna().all():  # an empty chart says nothing: say why
            title = ctx.t(f"monthly_{m.primary}")
            return Note(ctx.t("steps_months_none", title=title, k=ctx.k), "missing")
    share = m.primary == "integrality"
    fig = lines(
        shown,
        x="month",
        ys={"value": ctx.t(f"monthly_value_{m.primary}")},  # what is drawn
        x_title=labels.label("month", ctx.lang),
        y_title=labels.label("share" if share else "days", ctx.lang),
    )
    fig.update_traces(showlegend=False)
    if share:
        fig.update_yaxes(tickformat=".0%")
    mark_dates(fig, step_marks([m], ctx.lang), unit="month")
    note = (
        ctx.t("steps_months_note_extern", k=ctx.k)
        if ctx.extern
        else ctx.t("steps_months_note")
    )
    if len(m.in_force) > 1:  # only a step in phases has transition months
        note += " " + ctx.t("steps_months_phases")
    if censored:
        share_open = f"{OPEN_WARN_SHARE:.0%}"
        note += " " + ctx.t("steps_months_censored", n=censored, share=share_open)
    chart = ctx.chart(
        ctx.t(f"monthly_{m.primary}"), fig, ["share" if share else "days"]
    )
    chart.title = f"{chart.title}. {note}"
    return chart


def _chart_months(series: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """The months ``first`` .. ``last`` of a step's monthly series, as drawn.

    Every month is a row, so the line breaks where a month has no value: the
    transition months between two phases are not in the series at all, and a line
    through them would draw values that were never measured. A month that the
    series leaves out of its fit because too many of its items are still open
    (``in_fit`` false while it has a value: its value counts only the quick ones,
    so the last months would fall for no reason) has no value either;
    ``censored`` flags it.
    """
    part = series[(series["month"] >= first) & (series["month"] <= last)]
    months = pd.period_range(first, last, freq="M").strftime("%Y-%m")
    out = (
        part.set_index("month")[["n", "value", "in_fit"]]
        .reindex(months)
        .rename_axis("month")
        .reset_index()
    )
    out["censored"] = out["value"].notna() & out["in_fit"].ne(True)
    out.loc[out["censored"], "value"] = float("nan")
    out["n"] = out["n"].fillna(0).astype("int64")
    return out[["month", "n", "value", "censored"]]


def evaluation_blocks(ctx: Context, m: Measure) -> list[Block]:
    """The sentences of ``ipgar evaluate --measure``, or one line why not yet."""
    periods = m.periods(WINDOW_MONTHS)
    after_first, after_last = periods["after"]
    if after_first >= ctx.as_of:
        return [Note(ctx.t("steps_not_yet", date=long_date(after_first, ctx.lang)))]
    if after_last >= ctx.as_of:
        return [Note(ctx.t("steps_running", date=long_date(after_last, ctx.lang)))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said below, in words
        table = compare_periods(
            ctx.con,
            change=m.in_force[-1],
            before=periods["before"],
            after=periods["after"],
            metric=m.primary,  # type: ignore[arg-type]
            as_of=ctx.as_of,
            segment=m.segment or None,
        )
    ev = table.attrs["evaluate"]
    n = ev["primary"]["n"]
    codes = {w["code"] for w in table.attrs["warnings"]}
    if "too_few" in codes or min(n.values()) < (ctx.k if ctx.extern else 1):
        return [
            Note(
                ctx.t(
                    "steps_too_few",
                    before=ctx.count(n["before"]).text,
                    after=ctx.count(n["after"]).text,
                )
            )
        ]
    key = "sentence_nl" if ctx.lang == "nl" else "sentence_en"
    msg = "message_nl" if ctx.lang == "nl" else "message"
    said = measure_sentences(m.as_record(), ev["primary"], metric=ev["metric"])
    out: list[Block] = [Note(ev[key], "note evaluation"), Note(said[key], "note")]
    out += [Note(w[msg], "warning") for w in table.attrs["warnings"]]
    return out
