"""The report's building blocks: context, sections, tables, charts, notes.

Sections are built in ``sections/`` from the public metric and figure functions and
rendered by ``templates/report.html.j2``; nothing here computes a metric. Every
number a reader sees passes through ``Context.count`` / ``stat`` / ``share``, which
apply small-cell suppression when the audience is protected (``bestuur``,
``openbaar``); the protection over time (``Context.method``) is applied to the built
tables by ``report._cells.protect`` (``docs/disclosure.md``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import duckdb
import pandas as pd

from ipgar_metrics import config, disclosure
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import Protected, fit_axis_titles, fit_page, mark_dates
from ipgar_metrics.report._texts import t
from ipgar_metrics.workdays import shift_month

#: ``extern`` is the older name of ``bestuur`` (accepted, see ``AUDIENCE_ALIASES``).
Audience = Literal["intern", "bestuur", "openbaar", "extern"]
#: The audiences, in order of how much they get (``docs/disclosure.md``).
AUDIENCES: tuple[str, ...] = ("intern", "bestuur", "openbaar")
#: Older names still accepted, and the audience they stand for.
AUDIENCE_ALIASES: dict[str, str] = {"extern": "bestuur"}
#: The protection of the protected audiences' counts: ``suppression`` (within each
#: table only), ``coordinated`` (over every report of the audience to date) or
#: ``cellkey`` (a bounded perturbation); see ADR 0007.
METHODS: tuple[str, ...] = ("coordinated", "suppression", "cellkey")
#: What the numbers of a chart trace are; the disclosure test checks ``count``.
TraceKind = Literal["count", "share", "days", "survival", "rate", "date"]
#: The time unit of a trend chart's x axis (``figures.mark_dates``).
TimeAxis = Literal["month", "quarter", "year"]
#: The kind of the marks a chart draws for values it may not show (not a count).
PROTECTED_KIND = "protected"


@dataclass
class Cell:
    """One table cell: its text and what it is (``n`` count, ``stat``, ``id``, ``text``).

    ``value`` is the number as published (``None`` where suppressed or not a
    number); ``ref`` names the quantity when the same number appears in other
    reports (``flow.stock_end@2026-09``), so the disclosure audit links months.
    ``share`` marks a percentage (its kind is ``stat``, styled as a statistic).
    """

    text: str
    kind: str = "text"
    n: float | None = None
    value: float | None = None
    ref: str | None = None
    share: bool = False


@dataclass
class Relation:
    """A sum a reader knows: ``total = sum(parts) - sum(minus)``; (row, column) positions."""

    total: tuple[int, int]
    parts: list[tuple[int, int]]
    minus: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class ShareOf:
    """A percentage a reader can check: ``share = 100 numerator / sum(denominator)``."""

    share: tuple[int, int]
    numerator: tuple[int, int]
    denominator: list[tuple[int, int]]


@dataclass
class Table:
    """A table with translated headers and prepared cells."""

    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    kind: str = "table"
    css: str = ""
    relations: Sequence[Relation | ShareOf] = field(default_factory=list)


@dataclass
class Chart:
    """A plotly figure as JSON, drawn by the page's script; ``kinds`` per trace.

    ``data``: its text alternative, the chart's numbers as a table (``_alt``), or
    None for a chart that is not a bar, line or heatmap chart.
    """

    chart_id: str
    title: str
    figure_json: str
    kind: str = "chart"
    data: Table | None = None


@dataclass
class Note:
    """A paragraph of text (``css``: ``note``, ``missing``, ``warning``)."""

    text: str
    css: str = "note"
    kind: str = "note"


Block = Table | Chart | Note


@dataclass
class Section:
    """One chapter of the report."""

    key: str
    title: str
    intro: str = ""
    blocks: list[Block] = field(default_factory=list)
    page_break: bool = False


@dataclass
class Context:
    """What every section builder needs: the store, the month and the audience."""

    con: duckdb.DuckDBPyConnection
    month: str
    lang: str = "nl"
    audience: Audience = "intern"
    k: int = config.SUPPRESSION_K
    _charts: int = 0
    #: The intern action lists as listed (``report._actions.Listed``), for the
    #: actions file and the store's ``report_lists``.
    actions: list[Any] = field(default_factory=list)
    #: The measures register (``metrics.evaluate.Measure``) the Verbeterstappen
    #: page shows, and its dates in force as ``(date, label)`` marks for the
    #: trend charts (``chart(..., time_axis=...)``).
    measures: list[Any] = field(default_factory=list)
    marks: list[tuple[date, str]] = field(default_factory=list)
    #: How the counts of a protected audience are protected (``METHODS``).
    method: str = METHODS[0]
    #: The key figures of the month as the summary table holds them (figure ->
    #: (kind, cell)), filled by ``summary_section``: the same cell objects the
    #: protection hides, so the register records what was finally published.
    key_cells: dict[str, tuple[str, Cell]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        alias = AUDIENCE_ALIASES.get(self.audience)
        if alias is not None:
            self.audience = alias  # type: ignore[assignment]

    @property
    def protected_audience(self) -> bool:
        """True for ``bestuur`` and ``openbaar``: aggregates only, protection on."""
        return self.audience != "intern"

    @property
    def extern(self) -> bool:
        """The older name of ``protected_audience`` (every audience but ``intern``)."""
        return self.protected_audience

    @property
    def first_day(self) -> date:
        """First day of the report month."""
        return date.fromisoformat(f"{self.month}-01")

    @property
    def as_of(self) -> date:
        """The first day after the month: every metric is taken at its start (00:00)."""
        return shift_month(self.first_day, 1)

    @property
    def last_day(self) -> date:
        """Last day of the report month."""
        return self.as_of - pd.Timedelta(days=1)

    @property
    def window(self) -> tuple[date, date]:
        """The 12 months up to and including the report month (first and last day)."""
        return shift_month(self.first_day, -11), self.last_day

    def t(self, key: str, **values: object) -> str:
        """Report text in the context's language."""
        return t(key, self.lang, **values)

    def count(self, n: float | None) -> Cell:
        """A count cell, suppressed below ``k`` for the external audience."""
        value = None if n is None or pd.isna(n) else float(n)
        if self.extern:
            shown = disclosure.show_count(n, self.k)
            if value is None or disclosure.is_small(value, self.k):
                return Cell(shown, "n", n)
            return Cell(shown, "n", n, round(value))
        if value is None:
            return Cell(disclosure.NOT_SHOWN, "n", n)
        return Cell(f"{int(value)}", "n", n, int(value))

    def stat(self, value: float | None, n: float | None, digits: int = 0) -> Cell:
        """A statistic over ``n`` cases; not shown below ``k`` (extern) or when missing.

        Dutch text uses a decimal comma.
        """
        if self.extern:
            text = disclosure.show_stat(value, n, k=self.k, digits=digits)
        elif value is None or pd.isna(value):
            text = disclosure.NOT_SHOWN
        else:
            text = f"{value:.{digits}f}"
        published = (
            None
            if value is None or text == disclosure.NOT_SHOWN
            else round(float(value), digits)
        )
        text = text.replace(".", ",") if self.lang == "nl" else text
        return Cell(text, "stat", n, published)

    def share(self, num: float | None, den: float | None) -> Cell:
        """A percentage; extern: not shown when a count behind it is below ``k``."""
        if self.extern:
            text = disclosure.show_share(num, den, k=self.k)
        elif not den or num is None or pd.isna(num):
            text = disclosure.NOT_SHOWN
        else:
            text = f"{100.0 * num / den:.0f}%"
        published = None if text == disclosure.NOT_SHOWN else float(text.rstrip("%"))
        return Cell(text, "stat", den, published, share=True)

    def chart(
        self,
        title: str,
        figure: Any,
        kinds: list[TraceKind] | None,
        *,
        time_axis: TimeAxis | None = None,
    ) -> Chart:
        """Wrap a plotly figure: tag each trace with its kind, check extern counts.

        ``kinds=None`` (an area's own ``fig_`` function, whose traces are not
        tagged) is allowed for the internal audience only. A trend chart passes
        the unit of its time axis (``month``, ``quarter``, ``year``): the dates in
        force of the improvement steps (``marks``) are drawn on it. A y-axis title
        longer than its axis is broken into lines (``fit_axis_titles``).
        """
        if time_axis is not None and self.marks:
            mark_dates(figure, self.marks, unit=time_axis)
        fit_axis_titles(figure)
        # the marks of protected values (``figures.Protected``) come tagged
        own = [t for t in figure.data if (t.meta or {}).get("kind") != PROTECTED_KIND]
        if kinds is None:
            if self.extern:
                raise ValueError("an external chart needs a kind per trace")
        elif len(kinds) != len(own):
            raise ValueError("one kind per trace")  # a programming error
        else:
            for trace, kind in zip(own, kinds, strict=True):
                trace.meta = {"kind": kind}
        self._charts += 1
        text = figure.to_json(validate=False, engine="json")
        if self.extern:
            check_chart_counts(json.loads(text), self.k)
        chart = Chart(f"chart-{self._charts}", title, text.replace("</", "<\\/"))
        chart.data = self._chart_data(json.loads(text))
        return chart

    def _chart_data(self, figure: dict[str, Any]) -> Table | None:
        """The chart's text alternative: its numbers as a table (``_alt``)."""
        from ipgar_metrics.report._alt import chart_table

        got = chart_table(figure, self.lang)
        if got is None:
            return None
        columns, rows = got
        cells = [
            [Cell(r[0], "label"), *(Cell(v, "value") for v in r[1:])] for r in rows
        ]
        return Table(self.t("chart_data"), columns, cells, css="chart-data")

    def protected(
        self, text: str | Mapping[str, Sequence[str]] | None = None
    ) -> Protected:
        """How an external chart marks a count it may not show: hatched, ``<k``."""
        return Protected(
            text if text is not None else disclosure.small(self.k),
            float(self.k),
            self.t("protected_mark", k=self.k),
        )

    def figure(
        self,
        title: str,
        area_fig: Callable[..., Any] | None,
        args: tuple[Any, ...],
        fallback: Callable[[], tuple[Any, list[TraceKind]]],
        *,
        height: int | None = None,
        time_axis: TimeAxis | None = None,
    ) -> Chart:
        """The area's own ``fig_`` chart ``area_fig(*args)`` for the internal report.

        The external report (and ``area_fig=None``) uses ``fallback``, a chart drawn
        from suppressed numbers. A fallback that draws with an area's own ``fig_``
        function (no size of its own) is fitted to the page as the internal chart
        is: left to the page, plotly.js squeezed it into a strip of the column.
        """
        if not self.extern and area_fig is not None:
            fig = area_fig(*args, lang=self.lang)
            fit_page(fig, height=height)
            return self.chart(title, fig, None, time_axis=time_axis)
        fig, kinds = fallback()
        if fig.layout.width is None or fig.layout.height is None:
            fit_page(fig, height=height)
        return self.chart(title, fig, kinds, time_axis=time_axis)


def check_chart_counts(figure: dict[str, Any], k: int) -> None:
    """Raise when a count trace of an external chart holds a value below ``k``."""
    for trace in figure.get("data", []):
        if (trace.get("meta") or {}).get("kind") != "count":
            continue
        for axis in ("x", "y", "z", "values"):
            for value in _flat(trace.get(axis)):
                if isinstance(value, int | float) and value < k:
                    raise ValueError("an external chart shows a count below k")  # a bug


def _flat(values: Any) -> list[Any]:
    if values is None or isinstance(values, str | dict):
        return []
    if isinstance(values, list):
        return [
            v
            for item in values
            for v in (_flat(item) if isinstance(item, list) else [item])
        ]
    return []


def count_column(
    ctx: Context, frame: pd.DataFrame, col: str, *, total: bool = True
) -> list[Cell]:
    """Count cells of one column; extern: protected as a one-way table."""
    if not ctx.extern:
        return [ctx.count(v) for v in frame[col]]
    shown = disclosure.suppress_column(frame, col, k=ctx.k, total=total)
    return [
        Cell(s, "n", v, int(s) if s.isdigit() else None)
        for s, v in zip(shown, frame[col], strict=True)
    ]


def sum_relation(rows: list[list[Cell]], column: int) -> Relation:
    """The last row of ``rows`` is the sum of the rows above it, in ``column``."""
    last = len(rows) - 1
    return Relation((last, column), [(i, column) for i in range(last)])


def wide(frame: pd.DataFrame, index: str, columns: str, values: str) -> pd.DataFrame:
    """A tidy count frame as a two-way table, rows and columns in the frame's order."""
    return frame.pivot(index=index, columns=columns, values=values).reindex(
        index=pd.unique(frame[index]), columns=pd.unique(frame[columns])
    )


def count_table(
    ctx: Context, counts: pd.DataFrame, title: str, first: str
) -> tuple[Table, pd.DataFrame]:
    """A two-way count table with totals; extern: suppressed. Also the shown numbers.

    Returns the table and the interior numbers as shown (NaN where suppressed), for
    drawing a chart that reveals nothing the table hides.
    """
    total = ctx.t("stage_total")
    if ctx.extern:
        text = disclosure.suppress_table(counts, k=ctx.k, total_label=total)
    else:
        full = counts.copy()
        full[total] = full.sum(axis=1)
        full.loc[total] = full.sum(axis=0)
        text = full.astype(int).astype(str)
    shown = text.iloc[:-1, :-1].apply(lambda c: pd.to_numeric(c, errors="coerce"))
    shown.columns = counts.columns
    rows = [
        [Cell(str(idx), "label")]
        + [
            Cell(v, "n", n, int(v) if v.isdigit() else None)
            for v, n in zip(r, full_row, strict=True)
        ]
        for idx, r, full_row in zip(
            text.index, text.to_numpy(), _with_totals(counts).to_numpy(), strict=True
        )
    ]
    cols = [first, *[str(c) for c in counts.columns], total]
    table = Table(
        title, cols, rows, css="counts", relations=_margins(len(rows), len(cols))
    )
    if ctx.extern and disclosure.group_cells(counts).any():
        table.note = ctx.t("group_disclosure_note")  # flag: a line was all one category
    return table, shown


def interior_texts(table: Table, columns: Sequence[str]) -> dict[str, list[str]]:
    """The texts of a count table's interior (no totals) per column, as shown.

    For a chart of the same numbers: its protected values carry the table's own
    text (``<10`` or ``x``) under the names ``columns`` of the chart's series.
    """
    body = table.rows[:-1]
    return {
        str(col): [row[j + 1].text for row in body] for j, col in enumerate(columns)
    }


def _with_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """The interior counts with a total column and a total row (the true numbers)."""
    values = counts.astype(float).fillna(0.0)
    full = values.assign(**{"__total": values.sum(axis=1)})
    full.loc["__total"] = full.sum(axis=0)
    return full


def _margins(n_rows: int, n_cols: int) -> list[Relation]:
    """Row totals (last column) and column totals (last row) of a count table."""
    last_row, last_col = n_rows - 1, n_cols - 1
    by_row = [
        Relation((i, last_col), [(i, j) for j in range(1, last_col)])
        for i in range(n_rows)
    ]
    by_col = [
        Relation((last_row, j), [(i, j) for i in range(last_row)])
        for j in range(1, n_cols)
    ]
    return by_row + by_col


def missing(ctx: Context, what: str) -> Note:
    """The note for a part whose metric is not available for this store."""
    return Note(f"{what}: {ctx.t('not_available')}.", "missing")


def or_missing(
    ctx: Context, what: str, build: Callable[[], list[Block]]
) -> list[Block]:
    """The blocks ``build`` makes, or the "not available" note for ``what``.

    A metric that does not apply to the store (a store of another profile, or one
    without the data it needs) raises ``ConfigError``; the part then shows the note
    instead of failing the whole report.
    """
    try:
        return build()
    except ConfigError:
        return [missing(ctx, what)]


def guarded_section(
    ctx: Context, key: str, build: Callable[[Context], list[Block]]
) -> Section:
    """Section ``key`` (title ``key``, intro ``key_intro``) with the blocks of ``build``.

    When its metric does not apply to the store, the section holds the "not
    available" note instead (see ``or_missing``).
    """
    sec = Section(key, ctx.t(key), ctx.t(f"{key}_intro"))
    sec.blocks.extend(or_missing(ctx, ctx.t(key), lambda: build(ctx)))
    return sec
