"""Integrality: interventions by domain and own organisation; per year by domain."""

from __future__ import annotations

import warnings
from typing import Any

from ipgar_metrics import labels
from ipgar_metrics.figures import bars, fig_handovers
from ipgar_metrics.metrics.casework import handovers, integrality
from ipgar_metrics.metrics.monthly import interventions_by_year, own_org_share_by_domain
from ipgar_metrics.report._model import (
    Cell,
    Context,
    Note,
    Section,
    Table,
    count_column,
    count_table,
    guarded_section,
    wide,
)


def integrality_section(ctx: Context) -> Section:
    """Interventions by domain and own organisation; per year by domain."""
    return guarded_section(ctx, "integrality", _blocks)


def _blocks(ctx: Context) -> list[Any]:
    per = own_org_share_by_domain(ctx.con, as_of=ctx.as_of)
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
    out: list[Any] = [Table("", cols, rows), _orgs_note(ctx)]
    out.extend(_per_year(ctx))
    if not ctx.extern:
        frame = handovers(ctx.con, as_of=ctx.as_of)
        chart = ctx.figure(
            ctx.t("handover_chart"), fig_handovers, (frame,), lambda: (None, [])
        )
        out.append(chart)
    return out


def _orgs_note(ctx: Context) -> Note:
    """Organisations per case, and the share of cases with social or care help."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        s = integrality(ctx.con, as_of=ctx.as_of, level="summary").iloc[0]
    if not s.cases:  # nobody in the approach yet: no share to give
        return Note(ctx.t("mean_orgs", value="–", share="–"))
    social = round(s.share_cases_social_or_care * s.cases)
    return Note(
        ctx.t(
            "mean_orgs",
            value=ctx.stat(s.mean_orgs_per_case, s.cases, 1).text,
            share=ctx.share(social, s.cases).text,
        )
    )


def _per_year(ctx: Context) -> list[Any]:
    """Interventions per year by domain (the last six years): chart, then table."""
    per_year = interventions_by_year(ctx.con, as_of=ctx.as_of, years=6)
    counts = wide(per_year, "year", "domain", "interventions")
    counts.columns = [
        labels.label(d, ctx.lang, labels.DOMAIN_LABELS) for d in counts.columns
    ]
    table, shown = count_table(ctx, counts, ctx.t("domain_chart"), ctx.t("year"))
    shown = shown.reset_index(names="year")
    fig = bars(
        shown,
        x="year",
        ys={c: c for c in shown.columns[1:]},
        stacked=True,
        x_title=ctx.t("year"),
        y_title=ctx.t("interventions"),
    )
    chart = ctx.chart(
        ctx.t("domain_chart"),
        fig,
        ["count"] * (len(shown.columns) - 1),
        time_axis="year",
    )
    return [chart, table]
