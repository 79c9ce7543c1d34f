"""Revision notes and the frozen baseline: what earlier reports published, and now.

Every report is recorded in the store's register of published reports
(``published_reports``, ``published_figures``; schema version 5) with the key figures
of its month as published: ``None`` where the summary suppressed or left out a
figure. A later report of the same audience recomputes those figures of each
published month of the last ``REVISION_MONTHS`` on today's store and says in its "Herzieningen" section which
changed, from what to what, and why as far as the store knows (corrections and
deletions in the source, events loaded later, purges, restrictions; ``sql/report/
revision_causes.sql``). For the external audience a figure that was or is
suppressed is only said to be "herzien": a revision never shows a hidden number.

The first report of a measure's baseline month (the last month of the evaluation's
baseline period: the month before the measure's first date in force) is marked as
that measure's baseline; rows are only added, so a rerun writes a new row and the
first stays the baseline. The note says when today's figures differ from it.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from ipgar_metrics import __version__, config, disclosure, labels, store
from ipgar_metrics.errors import StoreError
from ipgar_metrics.metrics.evaluate import load_measures
from ipgar_metrics.report._model import Context, Note, Section
from ipgar_metrics.report.sections import RANGE_ENDS, WEEK_DIGITS, month_cells
from ipgar_metrics.workdays import shift_month

#: The months a report compares with what was published of them: its own and the
#: 23 before (each is computed again, a few seconds apiece on a large store).
REVISION_MONTHS = 24
#: figure -> (kind, value as published; None: suppressed or not shown); a range
#: (kind ``range``) is recorded as its two ends (``sections.RANGE_ENDS``)
Figures = dict[str, tuple[str, float | None]]
#: A key figure as a reader saw it: a number, a range's (shortest, longest), or
#: None where suppressed or not shown.
Value = float | tuple[float, float] | None


@dataclass(frozen=True)
class Publication:
    """One report as the register records it."""

    month: str
    audience: str
    lang: str
    k: int
    snapshot_id: str | None
    last_load_id: int
    last_purge_id: int
    figures: Figures
    report_id: int = 0
    toolkit_version: str = __version__
    written_at: datetime | None = None
    baseline_for: tuple[str, ...] = field(default=())


def publication(ctx: Context, snapshot_id: str | None) -> Publication:
    """The register row of the report ``ctx`` builds: its key figures as published.

    The figures are the summary's own cells after the protection (``ctx.key_cells``):
    a count the coordinated suppression hid is recorded as not shown, so no later
    revision note can give it back. Without a summary section, as ``month_cells``.
    """
    cells = ctx.key_cells or month_cells(ctx)
    last_load = store.first_row(ctx.con, "SELECT coalesce(max(load_id), 0) FROM loads")
    last_purge = store.first_row(
        ctx.con, "SELECT coalesce(max(purge_id), 0) FROM purges"
    )
    return Publication(
        month=ctx.month,
        audience=ctx.audience,
        lang=ctx.lang,
        k=ctx.k,
        snapshot_id=snapshot_id,
        last_load_id=int(last_load[0]) if last_load else 0,
        last_purge_id=int(last_purge[0]) if last_purge else 0,
        figures={key: (kind, cell.value) for key, (kind, cell) in cells.items()},
    )


def baseline_months(measures: dict[str, Any] | None = None) -> dict[str, str]:
    """Measure name -> its baseline month (YYYY-MM): the month before it came in force.

    ``measures``: a register as ``load_measures`` reads it (default the example).
    """
    register = load_measures() if measures is None else measures
    return {name: f"{m.periods(12)['before'][1]:%Y-%m}" for name, m in register.items()}


def record_report(
    db: str | os.PathLike[str],
    pub: Publication,
    measures: dict[str, Any] | None = None,
) -> None:
    """Add ``pub`` to the register (a new row, never a change), marking baselines.

    A short writable connection, opened after the report was written. When the
    store cannot be written, the report stands and a warning says the next report
    cannot compare with this one.
    """
    due = [n for n, m in baseline_months(measures).items() if m == pub.month]
    try:
        con = store.connect(db, read_only=False)
    except StoreError as exc:
        warnings.warn(
            f"the report of {pub.month} was not recorded in the store ({exc}); "
            "build it again when the store is free, or later reports cannot say "
            "which of its figures were revised.",
            UserWarning,
            stacklevel=3,
        )
        return
    try:
        con.execute("BEGIN TRANSACTION").fetchall()
        taken: set[str] = set()
        marked = con.execute(
            "SELECT baseline_for FROM published_reports "
            "WHERE audience = ? AND baseline_for IS NOT NULL",
            [pub.audience],
        ).fetchall()
        for (names,) in marked:
            taken.update(json.loads(names))
        baseline = [n for n in due if n not in taken]
        row = store.first_row(
            con, "SELECT coalesce(max(report_id), 0) + 1 FROM published_reports"
        )
        report_id = int(row[0]) if row else 1
        con.execute(
            "INSERT INTO published_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                report_id,
                pub.month,
                pub.audience,
                pub.lang,
                pub.k,
                pub.snapshot_id,
                pub.last_load_id,
                pub.last_purge_id,
                pub.toolkit_version,
                datetime.now(UTC),
                json.dumps(baseline) if baseline else None,
            ],
        ).fetchall()
        rows = [(report_id, f, kind, v) for f, (kind, v) in pub.figures.items()]
        if rows:
            con.executemany("INSERT INTO published_figures VALUES (?, ?, ?, ?)", rows)
        con.execute("COMMIT").fetchall()
    finally:
        con.close()


def published(con: Any, audience: str, month: str) -> list[Publication]:
    """The recorded reports of ``audience`` of ``month`` and before, oldest first."""
    frame = store.run_sql(
        con, "report/published_reports", audience=audience, month=month
    ).df()
    out: list[Publication] = []
    for report_id, rows in frame.groupby("report_id", sort=True):
        first = rows.iloc[0]
        figures: Figures = {
            str(r.figure): (str(r.kind), _number(r.value))
            for r in rows.itertuples()
            if isinstance(r.figure, str)
        }
        out.append(
            Publication(
                month=str(first["month"]),
                audience=audience,
                lang="",
                k=int(first["k"]),
                snapshot_id=first["snapshot_id"],
                last_load_id=int(first["last_load_id"]),
                last_purge_id=int(first["last_purge_id"]),
                figures=figures,
                report_id=int(report_id),
                toolkit_version=str(first["toolkit_version"]),
                written_at=pd.Timestamp(first["written_at"]).to_pydatetime(),
                baseline_for=tuple(json.loads(first["baseline_for"]))
                if isinstance(first["baseline_for"], str)
                else (),
            )
        )
    return out


def _number(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


@dataclass(frozen=True)
class Change:
    """One key figure of a published month that today's store gives otherwise."""

    figure: str
    kind: str
    old: Value
    new: Value


def changes(pub: Publication, now: Figures) -> list[Change]:
    """The figures of ``pub`` whose published value differs from ``now``'s.

    A range is one figure: it changed when either end did, or when it was shown
    then and is not now (or the other way round).
    """
    was = _values(pub.figures)
    out: list[Change] = []
    for figure, (kind, new) in _values(now).items():  # in the order of the summary
        if figure not in was:
            continue  # a figure the summary did not show then
        old = was[figure][1]
        if old is None and new is None:
            continue  # hidden then and now: nothing a reader could see changed
        if old is None or new is None or not _same(old, new):
            out.append(Change(figure, kind, old, new))
    return out


#: The end of a range -> the range (``intake_min`` -> ``intake_range``).
_RANGE_OF = {end: key for key, ends in RANGE_ENDS.items() for end in ends}


def _values(figures: Figures) -> dict[str, tuple[str, Value]]:
    """``figures`` as the summary showed them: a range's two ends as one value."""
    out: dict[str, tuple[str, Value]] = {}
    for figure, (kind, value) in figures.items():
        if kind != "range" or figure not in _RANGE_OF:
            out[figure] = (kind, value)
            continue
        key = _RANGE_OF[figure]
        if key not in out:
            lo, hi = (figures.get(end, (kind, None))[1] for end in RANGE_ENDS[key])
            out[key] = (kind, None if lo is None or hi is None else (lo, hi))
    return out


def _same(a: float | tuple[float, float], b: float | tuple[float, float]) -> bool:
    left = a if isinstance(a, tuple) else (a,)
    right = b if isinstance(b, tuple) else (b,)
    return len(left) == len(right) and all(
        math.isclose(x, y, abs_tol=1e-9) for x, y in zip(left, right, strict=True)
    )


def recompute(ctx: Context, month: str, k: int) -> Figures:
    """The key figures of ``month`` on today's store, as ``ctx``'s audience sees them."""
    again = Context(ctx.con, month, ctx.lang, ctx.audience, k)
    return {key: (kind, cell.value) for key, (kind, cell) in month_cells(again).items()}


def revisions_section(ctx: Context) -> Section | None:
    """The "Herzieningen" section, or None when no earlier report was recorded."""
    reports = published(ctx.con, ctx.audience, ctx.month)
    oldest = f"{shift_month(ctx.first_day, 1 - REVISION_MONTHS):%Y-%m}"
    # the last report of each month of the period; baselines are compared always
    latest = {p.month: p for p in reports if p.month >= oldest}
    baselines = [p for p in reports if p.baseline_for]
    if not latest and not baselines:
        return None
    sec = Section("revisions", ctx.t("revisions"), ctx.t("revisions_intro"))
    now: dict[tuple[str, int], Figures] = {}

    def today(pub: Publication) -> Figures:
        key = (pub.month, pub.k)
        if key not in now:
            now[key] = recompute(ctx, pub.month, pub.k)
        return now[key]

    revised = 0
    for month in sorted(latest):
        pub = latest[month]
        found = changes(pub, today(pub))
        if found:
            revised += 1
            sec.blocks.append(Note(_month_line(ctx, pub, found), "note revision"))
    if latest and not revised:
        text = ctx.t("revisions_none", months=REVISION_MONTHS)
        sec.blocks.append(Note(text, "note revision"))
    for pub in baselines:
        found = changes(pub, today(pub))
        sec.blocks.append(Note(_baseline_line(ctx, pub, found), "note baseline"))
    return sec


def _month_line(ctx: Context, pub: Publication, found: list[Change]) -> str:
    figures = "; ".join(_change_text(ctx, c) for c in found)
    return ctx.t(
        "revision_month",
        month=labels.month_name(pub.month, ctx.lang),
        date=_day(ctx, pub.written_at),
        changes=figures,
        causes=causes(ctx, pub),
    )


def _baseline_line(ctx: Context, pub: Publication, found: list[Change]) -> str:
    what = ", ".join(pub.baseline_for)
    head = ctx.t(
        "baseline_frozen",
        measures=what,
        month=labels.month_name(pub.month, ctx.lang),
        date=_day(ctx, pub.written_at),
        snapshot=pub.snapshot_id or "–",
    )
    if not found:
        return f"{head} {ctx.t('baseline_same')}"
    figures = "; ".join(_change_text(ctx, c) for c in found)
    return f"{head} {ctx.t('baseline_differs', changes=figures)}"


def _change_text(ctx: Context, change: Change) -> str:
    name = ctx.t(f"kf_{change.figure}", days=config.CONTACT_THRESHOLD_DAYS)
    name = name.removesuffix(" *")  # the summary's footnote mark: not on this page
    if ctx.extern and (change.old is None or change.new is None):
        return f"{name} {ctx.t('revised')}"  # was or is suppressed: no number
    old = _shown(change.kind, change.old, ctx.lang)
    new = _shown(change.kind, change.new, ctx.lang)
    return f"{name} {old} → {new}"


def _shown(kind: str, value: Value, lang: str = "nl") -> str:
    """A published value as the summary printed it (rounded; ``–`` when none).

    A statistic (a lead time in weeks) and a range's ends with one decimal, in
    Dutch with a decimal comma; a range as ``shortest–longest``.
    """
    if value is None:
        return disclosure.NOT_SHOWN
    if isinstance(value, tuple):
        return "–".join(_shown("stat", end, lang) for end in value)
    if kind == "share":
        return f"{value:.0f}%"
    if kind == "stat":
        text = f"{value:.{WEEK_DIGITS}f}"
        return text.replace(".", ",") if lang == "nl" else text
    return f"{value:.0f}"


def causes(ctx: Context, pub: Publication) -> str:
    """Why the figures of ``pub``'s month may have changed, as far as the store knows."""
    first = date.fromisoformat(f"{pub.month}-01")
    end = pd.Timestamp(shift_month(first, 1), tz=config.TIMEZONE).to_pydatetime()
    row = store.run_sql(
        ctx.con,
        "report/revision_causes",
        last_load=pub.last_load_id,
        last_purge=pub.last_purge_id,
        written_at=pub.written_at,
        month_end=end,
        window_start=shift_month(first, -11),
    ).fetchall()[0]
    # the number of purged persons (row[5]) is the colophon's, suppressed there
    corrected, deleted, late, load_days, n_purges, _, erasures = row[:7]
    purge_days, restricted = row[7:9]
    loaded = _days(ctx, load_days)
    parts: list[str] = []
    for n, key in ((corrected, "cause_corrected"), (deleted, "cause_deleted")):
        if n:
            parts.append(_counted(ctx, key, n, loaded))
    if late:
        parts.append(_counted(ctx, "cause_late", late, loaded))
    if n_purges:
        parts.append(ctx.t("cause_purge", dates=_days(ctx, purge_days)))
    if erasures:
        parts.append(ctx.t("cause_erasure"))
    if restricted:
        parts.append(ctx.t("cause_restricted"))
    if pub.toolkit_version != __version__:
        parts.append(ctx.t("cause_version", old=pub.toolkit_version, new=__version__))
    return "; ".join(parts) if parts else ctx.t("cause_unknown")


def _counted(ctx: Context, key: str, n: int, loaded: str) -> str:
    """Intern: how many, and when loaded; extern: the kind and when, no count."""
    if ctx.extern:
        return ctx.t(f"{key}_extern", dates=loaded)
    return ctx.t(key, n=int(n), dates=loaded)


def _days(ctx: Context, days: Any) -> str:
    if days is None:
        return "–"
    return ", ".join(_day(ctx, d) for d in sorted(days))


def _day(ctx: Context, value: Any) -> str:
    if value is None:
        return "–"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(config.TIMEZONE)
    names = labels.MONTH_NAMES[ctx.lang]
    return f"{stamp.day} {names[stamp.month - 1]} {stamp.year}"
