"""Report sections on the approach: contact, integrality, case managers, long stays."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from ipgar_metrics import config, disclosure, labels, schema
from ipgar_metrics.report import _charts as charts
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    Table,
    count_column,
    count_table,
    missing,
    optional,
)

#: Buckets of days since the last contact (upper bounds, inclusive).
GAP_BUCKETS: tuple[tuple[str, float], ...] = (
    ("0–30", 30.0),
    ("31–60", 60.0),
    ("61–90", 90.0),
    ("> 90", float("inf")),
)
STATUSES = ("active", "detained", "travelled", "static")


def contact_section(ctx: Context) -> Section:
    """Days since the last contact by status; intervals by organisation; the list."""
    sec = Section("contact", ctx.t("contact"), ctx.t("contact_intro"))
    gaps_fn = optional("metrics.casework", "contact_gaps")
    if gaps_fn is None:
        sec.blocks.append(missing(ctx, ctx.t("contact")))
        return sec
    gaps = gaps_fn(ctx.con, as_of=ctx.as_of)
    bucket = pd.cut(
        gaps["days_since_contact"],
        bins=[-1.0, *[b for _, b in GAP_BUCKETS]],
        labels=[name for name, _ in GAP_BUCKETS],
    )
    counts = pd.crosstab(bucket, gaps["status"]).reindex(
        index=[n for n, _ in GAP_BUCKETS], columns=list(STATUSES), fill_value=0
    )
    counts.columns = [ctx.t(f"status_{s}") for s in STATUSES]
    table, shown = count_table(ctx, counts, "", ctx.t("gap_bucket"))
    sec.blocks.append(table)
    active = shown.iloc[:, [0]].reset_index(names="bucket")
    fig = charts.bars(
        active,
        x="bucket",
        ys={active.columns[1]: ctx.t("status_active")},
        x_title=ctx.t("gap_bucket"),
        y_title=ctx.t("cases"),
    )
    area = ("figures", "fig_contact_gaps", (gaps,))
    sec.blocks.append(ctx.figure(ctx.t("gap_chart"), area, lambda: (fig, ["count"])))
    intervals = optional("metrics.casework", "contact_intervals")
    if intervals is not None:
        iv = intervals(ctx.con, as_of=ctx.as_of, level="summary")
        rows = [
            [
                Cell(labels.label(r.org, ctx.lang, labels.ORG_LABELS)),
                ctx.count(r.n),
                ctx.stat(r.median_days, r.n),
                ctx.stat(r.p90_days, r.n),
            ]
            for r in iv.itertuples()
        ]
        cols = [
            labels.label("org", ctx.lang),
            labels.label("n", ctx.lang),
            labels.label("median_days", ctx.lang),
            labels.label("p90_days", ctx.lang),
        ]
        sec.blocks.append(Table(ctx.t("intervals_title"), cols, rows))
    if not ctx.extern:
        over = gaps[gaps["over_threshold"]].sort_values(
            "days_since_contact", ascending=False
        )
        rows = [
            [
                Cell(r.case_id, "id"),
                Cell(labels.label(r.org, ctx.lang, labels.ORG_LABELS)),
                Cell(f"{r.days_since_contact:.0f}"),
                Cell(f"{r.days_since_intervention:.0f}"),
            ]
            for r in over.itertuples()
        ]
        cols = [
            labels.label("case_id", ctx.lang),
            labels.label("org", ctx.lang),
            ctx.t("days_since_contact"),
            ctx.t("days_since_intervention"),
        ]
        title = ctx.t("gap_list", days=config.CONTACT_THRESHOLD_DAYS)
        sec.blocks.append(
            Table(title, cols, rows or [[Cell(ctx.t("no_rows"))] + [Cell("")] * 3])
        )
    return sec


def integrality_section(ctx: Context) -> Section:
    """Interventions by domain and own organisation; per year by domain."""
    sec = Section("integrality", ctx.t("integrality"), ctx.t("integrality_intro"))
    iv_fn = optional("metrics.casework", "interventions")
    if iv_fn is None:
        sec.blocks.append(missing(ctx, ctx.t("integrality")))
        return sec
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        iv = iv_fn(ctx.con, as_of=ctx.as_of)
    per = (
        iv.groupby("domain")
        .agg(
            interventions=("org", "size"),
            own=("own_org", lambda s: float(s.dropna().sum())),
            with_manager=("own_org", lambda s: float(s.notna().sum())),
        )
        .reindex(list(schema.DOMAINS), fill_value=0)
        .reset_index()
    )
    ns = count_column(ctx, per, "interventions")
    rows = [
        [
            Cell(labels.label(r.domain, ctx.lang, labels.DOMAIN_LABELS)),
            ns[i],
            ctx.share(r.own, r.with_manager),
        ]
        for i, r in enumerate(per.itertuples())
    ]
    cols = [ctx.t("domain"), ctx.t("interventions"), ctx.t("own_org_share")]
    sec.blocks.append(Table("", cols, rows))
    integ = optional("metrics.casework", "integrality")
    if integ is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            s = integ(ctx.con, as_of=ctx.as_of, level="summary").iloc[0]
        social = round(s.share_cases_social_or_care * s.cases)
        sec.blocks.append(
            Note(
                ctx.t(
                    "mean_orgs",
                    value=ctx.stat(s.mean_orgs_per_case, s.cases, 1).text,
                    share=ctx.share(social, s.cases).text,
                )
            )
        )
    years = iv.assign(year=iv["month"].str[:4])
    first = str(ctx.first_day.year - 5)
    counts = pd.crosstab(years["year"], years["domain"]).reindex(
        columns=list(schema.DOMAINS), fill_value=0
    )
    counts = counts[counts.index >= first]
    counts.columns = [
        labels.label(d, ctx.lang, labels.DOMAIN_LABELS) for d in counts.columns
    ]
    table, shown = count_table(ctx, counts, ctx.t("domain_chart"), ctx.t("year"))
    shown = shown.reset_index(names="year")
    fig = charts.bars(
        shown,
        x="year",
        ys={c: c for c in shown.columns[1:]},
        stacked=True,
        x_title=ctx.t("year"),
        y_title=ctx.t("interventions"),
    )
    sec.blocks.append(
        ctx.chart(ctx.t("domain_chart"), fig, ["count"] * (len(shown.columns) - 1))
    )
    sec.blocks.append(table)
    if not ctx.extern:
        sec.blocks.extend(_integrality_intern(ctx))
    return sec


def _integrality_intern(ctx: Context) -> list[Any]:
    """Hand-overs between organisations (internal report only)."""
    out: list[Any] = []
    handovers = optional("metrics.casework", "handovers")
    if handovers is not None and optional("figures", "fig_handovers") is not None:
        frame = handovers(ctx.con, as_of=ctx.as_of)
        area = ("figures", "fig_handovers", (frame,))
        out.append(ctx.figure(ctx.t("handover_chart"), area, lambda: (None, [])))
    return out


def casemgmt_section(ctx: Context) -> Section:
    """Caseload at the month end, the trend, changes of case manager, regularity."""
    sec = Section("casemgmt", ctx.t("casemgmt"), ctx.t("casemgmt_intro"))
    cl_fn = optional("metrics.casework", "caseload")
    if cl_fn is None:
        sec.blocks.append(missing(ctx, ctx.t("casemgmt")))
        return sec
    cl = cl_fn(ctx.con, as_of=ctx.as_of)
    now = cl[cl["month"] == ctx.month]
    if len(now):
        r = now.iloc[0]
        dist = pd.DataFrame(
            {
                "bucket": [ctx.t("managers_0"), "1", "2", "3+"],
                "n": [r.managers_0, r.managers_1, r.managers_2, r.managers_3plus],
            }
        )
        ns = count_column(ctx, dist, "n")
        rows = [[Cell(b), ns[i]] for i, b in enumerate(dist["bucket"])]
        rows.append([Cell(ctx.t("stage_total"), "label"), ctx.count(r.managers)])
        sec.blocks.append(
            Table("", [ctx.t("caseload_bucket"), ctx.t("managers")], rows)
        )
        sec.blocks.append(
            Note(ctx.t("without_manager", n=ctx.count(r.cases_without_manager).text))
        )
    trend = (
        cl[cl["month"] <= ctx.month]
        .tail(60)
        .assign(with_case=lambda f: f["managers"] - f["managers_0"])
    )
    if ctx.extern:
        for col in ("cases", "with_case"):
            trend[col] = disclosure.safe_series(trend[col], k=ctx.k)
    fig = charts.lines(
        trend,
        x="month",
        ys={"cases": ctx.t("stock"), "with_case": ctx.t("managers_with_case")},
        x_title=labels.label("month", ctx.lang),
        y_title=labels.label("count", ctx.lang),
        mode="lines",
    )
    sec.blocks.append(ctx.chart(ctx.t("caseload_chart"), fig, ["count", "count"]))
    if not ctx.extern:
        recent = cl[cl["month"] <= ctx.month].tail(36)
        area = ("figures", "fig_caseload", (recent,))
        sec.blocks.append(
            ctx.figure(
                ctx.t("caseload_dist_chart"), area, lambda: (fig, ["count", "count"])
            )
        )
    changes = optional("metrics.casework", "manager_changes")
    if changes is not None:
        ch = changes(ctx.con, as_of=ctx.as_of, level="year").tail(6)
        rows = [
            [
                Cell(str(r.year)),
                ctx.count(r.changes),
                ctx.count(r.cases),
                ctx.stat(r.changes_per_case_year, r.cases, 2),
            ]
            for r in ch.itertuples()
        ]
        cols = [
            ctx.t("year"),
            ctx.t("changes"),
            ctx.t("cases"),
            ctx.t("changes_per_case_year"),
        ]
        sec.blocks.append(Table(ctx.t("changes_title"), cols, rows))
    reg = optional("metrics.casework", "contact_regularity")
    if reg is not None:
        g = reg(ctx.con, as_of=ctx.as_of, level="summary")
        rows = [
            [
                Cell(labels.label(r.org, ctx.lang, labels.ORG_LABELS)),
                ctx.count(r.n),
                ctx.stat(r.median_contacts_per_month, r.n, 1),
            ]
            for r in g.itertuples()
        ]
        cols = [
            labels.label("org", ctx.lang),
            ctx.t("cases"),
            ctx.t("median_per_month"),
        ]
        sec.blocks.append(Table(ctx.t("regularity_title"), cols, rows))
    return sec


def longstay_section(ctx: Context) -> Section:
    """Long stays: summary figures, the Kaplan-Meier stay curve, the intern list."""
    sec = Section("longstay", ctx.t("longstay"), ctx.t("longstay_intro"))
    ls_fn = optional("metrics.casework", "long_stays")
    if ls_fn is None:
        sec.blocks.append(missing(ctx, ctx.t("longstay")))
    else:
        sec.blocks.extend(_longstay_blocks(ctx, ls_fn))
    tia = optional("metrics.casework", "time_in_approach")
    if tia is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            km = tia(ctx.con, as_of=ctx.as_of, level="km")
        full = km
        if ctx.extern:
            km = km[km["at_risk"] >= ctx.k]
        km = km.assign(years=km["days"] / 365.25)
        fig = charts.step_curve(
            km,
            x="years",
            y="survival",
            band=("ci_lower", "ci_upper"),
            name=ctx.t("share_in"),
            x_title=ctx.t("years_since_intake"),
            y_title=ctx.t("share_in"),
        )
        area = ("figures", "fig_time_in_approach", (full,))
        kinds = ["survival", "survival"]
        sec.blocks.append(ctx.figure(ctx.t("stay_chart"), area, lambda: (fig, kinds)))
    return sec


def _longstay_blocks(ctx: Context, ls_fn: Any) -> list[Any]:
    s = ls_fn(ctx.con, as_of=ctx.as_of, level="summary").iloc[0]
    with_iv = s.cases - s.no_life_domain
    rows = [
        [Cell(ctx.t("ls_cases")), ctx.count(s.cases)],
        [Cell(ctx.t("ls_open")), ctx.count(s.open)],
        [Cell(ctx.t("ls_no_life_domain")), ctx.count(s.no_life_domain)],
        [
            Cell(f"{ctx.t('ls_no_life_domain')} (%)"),
            ctx.share(s.no_life_domain, s.cases),
        ],
        [
            Cell(ctx.t("ls_median_no")),
            ctx.stat(s.median_days_no_life_domain, s.no_life_domain),
        ],
        [
            Cell(ctx.t("ls_median_with")),
            ctx.stat(s.median_days_with_interventions, with_iv),
        ],
        [Cell(ctx.t("ls_no_action")), ctx.count(s.no_action)],
        [Cell(ctx.t("ls_itatr")), ctx.count(s.itatr)],
        [Cell(ctx.t("ls_static")), ctx.count(s.made_static)],
    ]
    out: list[Any] = [Table("", [ctx.t("figure"), ctx.t("value")], rows)]
    if not ctx.extern:
        cases = ls_fn(ctx.con, as_of=ctx.as_of, level="case")
        pick = cases[
            cases["is_open"]
            & (cases["days_in_approach"] > 730)
            & (cases["no_life_domain"] | cases["no_action"])
        ]
        pick = pick.sort_values("days_in_approach", ascending=False)
        yes, no = ctx.t("yes"), ctx.t("no")
        rows = [
            [
                Cell(r.case_id, "id"),
                Cell(f"{r.days_in_approach:.0f}"),
                Cell(
                    ctx.t(f"status_{r.status}")
                    if r.status in STATUSES
                    else str(r.status)
                ),
                Cell(str(r.interventions)),
                Cell(yes if r.no_action else no),
                Cell(
                    "" if pd.isna(r.last_action_at) else f"{r.last_action_at:%Y-%m-%d}"
                ),
            ]
            for r in pick.itertuples()
        ]
        cols = [
            labels.label("case_id", ctx.lang),
            ctx.t("days_in_approach"),
            ctx.t("status"),
            ctx.t("interventions"),
            ctx.t("ls_no_action"),
            ctx.t("last_action"),
        ]
        out.append(
            Table(
                ctx.t("ls_list"),
                cols,
                rows or [[Cell(ctx.t("no_rows"))] + [Cell("")] * 5],
            )
        )
    return out
