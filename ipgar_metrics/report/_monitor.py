"""The half-yearly monitor for the steering group: ``ptor-2026H1-monitor-extern.html``.

``build_monitor(db=..., period="2026H1", out_dir=...)`` writes one self-contained
HTML file (and its PDF, and its published cells) in the report's template: the
baseline (the plan's 8 weeks report → intake beside the first half-year of the
data, the half-year before the first step and this half-year), the steps of the
measures register on a time line, the key indicators per month with 95% intervals
(``monitor_trends``: Wilson for shares, the exact interval of the median) and the
evaluation sentences of each step. The monitor shows aggregates only: it is built on
the audience path of the extern report (``Context.extern``: suppression below
``k``); ``MONITOR_AUDIENCES`` lists the audiences it accepts, so a new aggregate
audience is one more name there. See ``docs/report.md``.
"""

from __future__ import annotations

import os
import re
import warnings
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd

from ipgar_metrics import config, disclosure, labels, privacy, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import lines, step_timeline
from ipgar_metrics.metrics import require_ipgar
from ipgar_metrics.metrics.leadtime import lead_times
from ipgar_metrics.metrics.monthly import monitor_trends
from ipgar_metrics.report._build import (
    check_month,
    default_month,
    export_day_before,
    render,
    use_measures,
)
from ipgar_metrics.report._cells import published_cells, write_cells
from ipgar_metrics.report._files import write_html_pdf
from ipgar_metrics.report._model import Block, Cell, Context, Note, Section, Table
from ipgar_metrics.report.sections import evaluation_blocks, register_table
from ipgar_metrics.workdays import shift_month

#: The audiences a monitor may be made for: the steering group (extern: its older name).
MONITOR_AUDIENCES: Final[tuple[str, ...]] = ("bestuur", "extern")
_PERIOD: Final = re.compile(r"^(\d{4})H([12])$")
#: Months of the trend charts, up to the end of the half-year.
TREND_MONTHS: Final[int] = 24
#: The plan of approach (2019): report → intake, mean 8 weeks, range 1 to 32.
PLAN_WEEKS: Final[tuple[int, int, int]] = (8, 1, 32)


def parse_period(period: str) -> tuple[date, date]:
    """First and last day of a half-year ``YYYYH1`` or ``YYYYH2``."""
    match = _PERIOD.match(period) if isinstance(period, str) else None
    if match is None:
        raise ConfigError(
            f'period must be a half-year YYYYH1 or YYYYH2, e.g. 2026H1, not "{period}".'
        )
    year, half = int(match.group(1)), int(match.group(2))
    first = date(year, 1 if half == 1 else 7, 1)
    return first, shift_month(first, 6) - pd.Timedelta(days=1)


def monitor_stem(period: str, audience: str, lang: str = "nl") -> str:
    """``ptor-2026H1-monitor-<audience>[-en]``: the period and the audience in the name."""
    return f"ptor-{period}-monitor-{audience}" + ("-en" if lang == "en" else "")


def build_monitor(
    *,
    db: str | os.PathLike[str] = config.DEFAULT_DB,
    period: str,
    out_dir: str | os.PathLike[str] = "reports",
    audience: str = "extern",
    lang: str = "nl",
    pdf: bool = True,
    k: int = config.SUPPRESSION_K,
    measures: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write the half-yearly monitor of ``period`` (``2026H1``) into ``out_dir``.

    Returns the HTML file, then the PDF when ``pdf`` (and Chromium is there), then
    the published cells (``.cells.json``, owner-only).
    """
    if audience not in MONITOR_AUDIENCES:
        raise ConfigError(
            "the monitor is for the steering group: audience bestuur (its older "
            f'name extern), not "{audience}".'
        )
    labels.check_lang(lang)
    first, last = parse_period(period)
    con = store.connect(db)
    try:
        require_ipgar(con)
        month = f"{last:%Y-%m}"
        if export_day_before(con, last + pd.Timedelta(days=1)) is not None:
            raise ConfigError(
                f"half-year {period} is not complete in the data (its last full "
                f"month is {default_month(con)}); choose an earlier half-year."
            )
        try:
            check_month(con, month)
        except ConfigError:  # its message names a month, not a half-year
            raise ConfigError(
                f"half-year {period} ends in {month}, a month without events in the "
                "store; choose a half-year whose last month has events."
            ) from None
        snapshot_id = store.snapshot(con)["snapshot_id"]
        ctx = Context(con, month, lang, audience, k)  # type: ignore[arg-type]
        use_measures(ctx, measures)
        with store.reuse_results(), warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            sections = [
                baseline_section(ctx, first, last),
                timeline_section(ctx),
                trends_section(ctx, first),
                evaluation_section(ctx),
            ]
            html = render(
                ctx,
                sections,
                title=ctx.t("monitor_title"),
                period_label=ctx.t("monitor_period", half=period[-1], year=period[:4]),
            )
    finally:
        con.close()
    out = Path(out_dir)
    stem = monitor_stem(period, audience, lang)
    with privacy.private_files():
        paths = write_html_pdf(out, stem, html, pdf=pdf, what="monitor")
        cells = published_cells(ctx, sections, snapshot_id)
        cells = {"period": period, **cells}
        paths.append(write_cells(out / f"{stem}.cells.json", cells))
    privacy.make_owner_only(*paths)
    store.record_processing(
        db,
        "report.build_monitor",
        {"period": period, "out_dir": out, "audience": audience, "lang": lang,
         "pdf": pdf, "k": k, "measures": measures},
        paths,
        snapshot=snapshot_id,
    )  # fmt: skip
    return paths


def half_year(day: date) -> tuple[date, date]:
    """The half-year that holds ``day``: its first and last day."""
    return parse_period(f"{day.year}H{1 if day.month <= 6 else 2}")


def baseline_section(ctx: Context, first: date, last: date) -> Section:
    """The plan's baseline beside the data: report → intake in weeks."""
    sec = Section(
        "baseline", ctx.t("monitor_baseline"), ctx.t("monitor_baseline_intro")
    )
    weeks, low, high = PLAN_WEEKS
    rows = [
        [
            Cell(ctx.t("monitor_plan"), "label"),
            Cell(""),
            Cell(str(weeks)),
            Cell(""),
            Cell(ctx.t("monitor_range", low=low, high=high)),
        ]
    ]
    start = store.first_event_at(ctx.con)
    periods: list[tuple[str, tuple[date, date]]] = []
    if start is not None:
        day = pd.Timestamp(start).tz_convert(config.TIMEZONE).date()
        periods.append(("monitor_first_half", half_year(day)))
    if ctx.measures:
        before = min(m.in_force[0] for m in ctx.measures) - pd.Timedelta(days=1)
        periods.append(("monitor_before_steps", half_year(before)))
    periods.append(("monitor_this_half", (first, last)))
    for key, (a, b) in periods:
        rows.append(_baseline_row(ctx, key, a, b))
    cols = [
        ctx.t("monitor_col_period"),
        ctx.t("monitor_col_n"),
        ctx.t("monitor_col_mean"),
        ctx.t("monitor_col_median"),
        ctx.t("monitor_col_p90"),
    ]
    sec.blocks.append(Table("", cols, rows, css="baseline"))
    sec.blocks.append(Note(ctx.t("monitor_baseline_note")))
    return sec


def _baseline_row(ctx: Context, key: str, a: date, b: date) -> list[Cell]:
    summary = lead_times(
        ctx.con,
        as_of=ctx.as_of,
        level="summary",
        by=("outcome",),
        period=(a, b),
        period_mode="completed",
    )
    row = summary[(summary["stage"] == "total") & (summary["outcome"] == "instroom")]
    label = f"{ctx.t(key)} ({_period_name(a)})"
    if not len(row):
        return [Cell(label, "label"), ctx.count(0), *[ctx.stat(None, 0, 1)] * 3]
    r = row.iloc[0]
    return [
        Cell(label, "label"),
        ctx.count(r["n"]),
        ctx.stat(r["mean_weeks"], r["n"], 1),
        ctx.stat(r["median_weeks"], r["n"], 1),
        ctx.stat(r["p90_weeks"], r["n"], 1),
    ]


def _period_name(first: date) -> str:
    return f"{first.year}H{1 if first.month <= 6 else 2}"


def timeline_section(ctx: Context) -> Section:
    """The steps of the register on a time line, and the register itself."""
    sec = Section(
        "timeline", ctx.t("monitor_timeline"), ctx.t("monitor_timeline_intro")
    )
    if not ctx.measures:
        sec.blocks.append(Note(ctx.t("steps_none"), "missing"))
        return sec
    rows = [
        (ctx.t("step_mark", step=m.step) + f" {m.name}", list(m.in_force))
        for m in ctx.measures
    ]
    fig = step_timeline(rows, end=ctx.as_of, x_title=labels.label("month", ctx.lang))
    sec.blocks.append(ctx.chart(ctx.t("monitor_timeline"), fig, ["date"] * len(rows)))
    sec.blocks.append(register_table(ctx, ctx.measures))
    return sec


def trends_section(ctx: Context, first: date) -> Section:
    """Key indicators per month with 95% intervals; the half-year's months as tables."""
    sec = Section(
        "trends",
        ctx.t("monitor_trends"),
        ctx.t("monitor_trends_intro", months=TREND_MONTHS),
        page_break=True,
    )
    trends = monitor_trends(ctx.con, as_of=ctx.as_of, months=TREND_MONTHS)
    half = f"{first:%Y-%m}"
    for name in ("stock", "decided_8w_share", "median_weeks", "own_org_share"):
        frame = trends[trends["indicator"] == name].reset_index(drop=True)
        frame = _protect(ctx, name, frame)
        sec.blocks.append(_trend_chart(ctx, name, frame))
        sec.blocks.append(_trend_table(ctx, name, frame[frame["month"] >= half]))
    return sec


def _protect(ctx: Context, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """What a chart may draw: NaN where the table would not show the number."""
    frame = frame.copy()
    if not ctx.extern:
        return frame
    if name == "stock":
        frame["value"] = disclosure.safe_series(frame["value"], k=ctx.k)
        return frame
    if name == "median_weeks":
        hide = frame["n"] < ctx.k
    else:
        hide = pd.Series(
            [
                disclosure.show_share(c, n, k=ctx.k) == disclosure.NOT_SHOWN
                for c, n in zip(frame["count"], frame["n"], strict=True)
            ],
            index=frame.index,
        )
    frame.loc[hide, ["value", "ci_lower", "ci_upper"]] = float("nan")
    return frame


def _trend_chart(ctx: Context, name: str, frame: pd.DataFrame) -> Block:
    scale = 100.0 if name.endswith("_share") else 1.0
    shown = frame.assign(
        value=frame["value"] * scale,
        ci_lower=frame["ci_lower"] * scale,
        ci_upper=frame["ci_upper"] * scale,
    )
    label = ctx.t(f"monitor_{name}")
    if name == "stock":
        fig = lines(shown, x="month", ys={"value": label}, x_title=labels.label(
            "month", ctx.lang), y_title=ctx.t("cases"), mode="lines")  # fmt: skip
        return ctx.chart(label, fig, ["count"], time_axis="month")
    fig = lines(
        shown,
        x="month",
        ys={"value": label, "ci_lower": ctx.t("monitor_ci_lower"),
            "ci_upper": ctx.t("monitor_ci_upper")},
        x_title=labels.label("month", ctx.lang),
        y_title=ctx.t("monitor_unit_share" if scale > 1 else "monitor_unit_weeks"),
    )  # fmt: skip
    for trace in fig.data[1:]:
        trace.line.dash = "dot"
        trace.line.width = 1
        trace.mode = "lines"
    kind = "share" if scale > 1 else "days"
    return ctx.chart(label, fig, [kind] * 3, time_axis="month")  # type: ignore[list-item]


def _trend_table(ctx: Context, name: str, frame: pd.DataFrame) -> Table:
    """The half-year's months: n, the value and its 95% interval."""
    rows: list[list[Cell]]
    if name == "stock":
        rows = [
            [
                Cell(labels.month_name(str(r.month), ctx.lang), "label"),
                ctx.count(r.value),
            ]
            for r in frame.itertuples()
        ]
        cols = [labels.label("month", ctx.lang), ctx.t("monitor_stock")]
        return Table(ctx.t("monitor_stock"), cols, rows, css="trend")
    cols = [
        labels.label("month", ctx.lang),
        ctx.t("monitor_col_units"),
        ctx.t(f"monitor_{name}"),
        ctx.t("monitor_ci_lower"),
        ctx.t("monitor_ci_upper"),
    ]
    rows = []
    for r in frame.itertuples():
        label = Cell(labels.month_name(str(r.month), ctx.lang), "label")
        if name == "median_weeks":
            value = ctx.stat(r.value, r.n, 1)
            bounds = [ctx.stat(r.ci_lower, r.n, 1), ctx.stat(r.ci_upper, r.n, 1)]
        else:
            value = ctx.share(r.count, r.n)
            bounds = [ctx.stat(100 * v, r.n, 0) for v in (r.ci_lower, r.ci_upper)]
        if value.text == disclosure.NOT_SHOWN:
            for cell in bounds:
                cell.text, cell.value = disclosure.NOT_SHOWN, None
        rows.append([label, ctx.count(r.n), value, *bounds])
    return Table(ctx.t(f"monitor_{name}"), cols, rows, css="trend")


def evaluation_section(ctx: Context) -> Section:
    """Each step's evaluation sentences (or why there are none yet)."""
    sec = Section(
        "evaluation", ctx.t("monitor_evaluation"), ctx.t("monitor_evaluation_intro")
    )
    if not ctx.measures:
        sec.blocks.append(Note(ctx.t("steps_none"), "missing"))
    for m in ctx.measures:
        sec.blocks.append(
            Note(ctx.t("step_head", step=m.step, name=m.name), "step-head")
        )
        sec.blocks.extend(evaluation_blocks(ctx, m))
    return sec
