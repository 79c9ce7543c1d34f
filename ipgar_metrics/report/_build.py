"""Build the monthly PTO-R report: one self-contained HTML file and its A4 PDF.

``build_report(db=..., month="2026-10", out_dir="reports")`` opens the store
read-only, builds the sections from the public metric and figure functions
(``sections/``, one module per section),
renders ``templates/report.html.j2`` with plotly.js and the CSS inline (no external
resource at all, so the file opens without a network), and prints it to PDF with
headless Chromium (``ipgar_metrics.report._pdf``). See ``docs/report.md``.
"""

from __future__ import annotations

import os
import re
import warnings
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ipgar_metrics import config, labels, privacy, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics import require_ipgar
from ipgar_metrics.metrics.evaluate import load_measures
from ipgar_metrics.report._actions import actions_frame, record_lists, write_actions
from ipgar_metrics.report._cells import (
    protect,
    published_cells,
    read_history,
    write_cells,
)
from ipgar_metrics.report._files import write_html_pdf
from ipgar_metrics.report._model import (
    AUDIENCE_ALIASES,
    AUDIENCES,
    METHODS,
    Audience,
    Context,
    Section,
)
from ipgar_metrics.report._revisions import (
    publication,
    record_report,
    revisions_section,
)
from ipgar_metrics.report._texts import t
from ipgar_metrics.report.sections import OPENBAAR, SECTIONS, colophon, step_marks
from ipgar_metrics.workdays import shift_month

#: The months of a quarter's end: the ``openbaar`` release is quarterly.
QUARTER_ENDS: tuple[str, ...] = ("03", "06", "09", "12")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def build_report(
    *,
    db: str | os.PathLike[str] = config.DEFAULT_DB,
    month: str | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    audience: Audience = "intern",
    lang: str = "nl",
    pdf: bool = True,
    k: int = config.SUPPRESSION_K,
    measures: str | os.PathLike[str] | None = None,
    method: str = METHODS[0],
    history: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write the monthly report for ``month`` as HTML (and PDF) into ``out_dir``.

    Parameters
    ----------
    db
        The event store (opened read-only).
    month
        ``YYYY-MM``; default the last full month of the data (see ``default_month``).
    out_dir
        Directory for ``ptor-YYYY-MM-<audience>[-en].html`` and ``.pdf`` (the
        audience in the name as given: ``-intern``, ``-bestuur``, ``-openbaar``,
        or ``-extern`` for the older name of ``bestuur``). For a protected
        audience the folder also holds the cells files of its earlier reports:
        the protection takes them into account (``method``).
    audience
        ``intern``: PTO-R partners, with lists of pseudonymised cases that need
        action; ``bestuur`` (also ``extern``): the steering group, aggregates only,
        monthly, protected; ``openbaar``: the public (Woo) release, a quarter's
        last month only, fewer tables, protected the same way. See
        ``docs/disclosure.md``.
    lang
        ``nl`` (default) or ``en``.
    pdf
        Also print the HTML to an A4 PDF with headless Chromium (skipped with a
        warning when no Chromium is installed).
    k
        Suppression threshold of the protected reports.
    method
        How the protected reports are protected (ADR 0007): ``coordinated``
        (default: suppression coordinated with every earlier cells file of the
        audience in ``out_dir``), ``suppression`` (within each table only, which
        the audit shows to leak) or ``cellkey`` (a bounded perturbation).
    history
        The folder whose cells files (searched in its subfolders too) are the
        audience's earlier reports; default ``out_dir``. ``ipgar monthly``, which
        writes each month into a folder of its own, passes its root.
    measures
        The measures register (``measures.toml``) of the Verbeterstappen page and
        the marks on the trend charts; default the packaged example.

    Returns
    -------
    list of pathlib.Path: the HTML file, then the PDF when ``pdf``, then for
    ``bestuur`` and ``openbaar`` its published cells (``.cells.json``, owner-only; see
    ``docs/report.md``). ``intern`` also writes its action lists beside the HTML
    (``ptor-YYYY-MM-intern.actions.csv``, owner-only, in the report's language:
    ``lijst, pseudoniem, status, maanden_op_lijst``; in English
    ``ptor-YYYY-MM-intern-en.actions.csv``, named as its report), listed in the
    processing log but not returned, and records the listed pseudonyms in the store
    (``report_lists``) through a short writable connection, so the next month's
    report can mark each case ``nieuw`` or
    ``blijvend`` and name those resolved. Every report is added to the store's
    register of published reports with its key figures as published
    (``published_reports``), so a later report can say in its "Herzieningen"
    section which figures of earlier months changed and why (``_revisions``).
    """
    if audience not in AUDIENCES and audience not in AUDIENCE_ALIASES:
        raise ConfigError(
            f'unknown audience "{audience}"; choose one of: {", ".join(AUDIENCES)}.'
        )
    if method not in METHODS:
        raise ConfigError(
            f'unknown protection method "{method}"; choose one of: '
            f"{', '.join(METHODS)}."
        )
    labels.check_lang(lang)
    if k < 1:
        raise ConfigError(
            "the suppression threshold k must be 1 or more; the default is 10."
        )
    con = store.connect(db)
    try:
        month = month or default_month(con)
        check_month(con, month)
        snapshot_id = store.snapshot(con)["snapshot_id"]
        ctx = Context(con, month, lang, audience, k, method=method)
        check_release(ctx)
        use_measures(ctx, measures)
        with store.reuse_results():  # many sections read the same episodes, periods
            sections = build_sections(ctx)
            earlier = read_history(Path(out_dir if history is None else history), ctx)
            protect(ctx, sections, earlier)
            revisions = revisions_section(ctx)  # earlier reports against today
            if revisions is not None:
                sections.insert(1, revisions)
            published = publication(ctx, snapshot_id)
            html = render(ctx, sections)
    finally:
        con.close()
    privacy.remove_temp_leftovers()  # a Chromium profile a crashed report left
    out = Path(out_dir)
    with privacy.private_files():  # the report, its PDF, cells and Chromium's files
        stem = report_stem(month, audience, lang)
        paths = write_html_pdf(out, stem, html, pdf=pdf, what="report")
        if (
            ctx.protected_audience
        ):  # the audit's input, and the evidence for a Woo request
            cells = published_cells(ctx, sections, snapshot_id)
            paths.append(write_cells(out / f"{stem}.cells.json", cells))
        outputs = list(paths)
        if audience == "intern":  # the action lists, for the PTO-R and next month
            actions = actions_frame(ctx)
            outputs.append(
                write_actions(
                    out / f"{stem}.actions.csv",  # -en beside the Dutch one
                    actions,
                    lang,
                )
            )
    privacy.make_owner_only(*outputs)  # also a report written over an older one
    if audience == "intern":
        record_lists(db, month, actions, snapshot_id)
    record_report(  # the register of published reports (v5)
        db, published, measures={m.name: m for m in ctx.measures}
    )
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        db,
        "report.build_report",
        {
            "month": month,
            "out_dir": out,
            "audience": audience,
            "lang": lang,
            "pdf": pdf,
            "k": k,
            "measures": measures,
            "method": method,
        },
        outputs,
        snapshot=snapshot_id,
    )
    return paths


def use_measures(ctx: Context, path: str | os.PathLike[str] | None) -> None:
    """Give the report the measures register: its page and the charts' marks."""
    ctx.measures = list(load_measures(None if path is None else Path(path)).values())
    ctx.marks = step_marks(ctx.measures, ctx.lang)


def report_stem(month: str, audience: str, lang: str = "nl") -> str:
    """The file name of a report without suffix: ``ptor-YYYY-MM-<audience>[-en]``.

    The audience is always in the name, so an intern report is recognisable as
    such wherever it is copied. Older intern reports were ``ptor-YYYY-MM[-en]``;
    the readers of report folders (``governance``) accept both names.
    """
    return f"ptor-{month}-{audience}" + ("-en" if lang == "en" else "")


def default_month(con: Any) -> str:
    """The last complete calendar month of the data that has events.

    A month is complete when it ends on or before the export date (the snapshot's;
    an export is taken at the start of its day); without one, when it ends before
    the month of the store's last event. Of those, the latest with an event.
    """
    require_ipgar(con)
    first = _month_start(con)
    row = store.first_row(
        con, "SELECT max(ts) FROM events WHERE ts < ?", [first.to_pydatetime()]
    )
    if row is None or row[0] is None:
        raise ConfigError(
            f"the store has no complete month of data before {first:%Y-%m}; load "
            "a later export, or give --month."
        )
    return f"{pd.Timestamp(row[0]).tz_convert(config.TIMEZONE):%Y-%m}"


def _month_start(con: Any) -> pd.Timestamp:
    """Local start of the export date's month (else the last event's): not complete."""
    ref = store.snapshot(con).get("export_date")
    if ref is None or pd.isna(ref):
        ref = store.last_event_at(con)
        if ref is None:
            raise ConfigError(
                "the store holds no events; load an export first with `ipgar load`."
            )
        ref = pd.Timestamp(ref).tz_convert(config.TIMEZONE)
    ref = pd.Timestamp(ref)
    return pd.Timestamp(date(ref.year, ref.month, 1), tz=config.TIMEZONE)


def check_month(con: Any, month: str) -> None:
    """Raise ``ConfigError`` unless ``month`` is ``YYYY-MM``, complete and has events."""
    require_ipgar(con)
    if not isinstance(month, str) or not _MONTH.match(month):
        raise ConfigError(
            f'month must be given as YYYY-MM, e.g. 2026-10, not "{month}".'
        )
    start = pd.Timestamp(f"{month}-01", tz=config.TIMEZONE)
    nxt = pd.Timestamp(shift_month(start.date(), 1), tz=config.TIMEZONE)
    end = export_day_before(con, nxt.date())
    if end is not None:
        raise ConfigError(
            f"month {month} is not complete in the export of {end:%Y-%m-%d}; "
            f"choose {default_month(con)} or earlier."
        )
    first = store.first_event_at(con)
    if first is None or pd.Timestamp(first).tz_convert(config.TIMEZONE) >= nxt:
        raise ConfigError(
            f"the store has no events before the end of {month}; choose a later month."
        )
    sql = "SELECT count(*) FROM events WHERE ts >= ? AND ts < ?"
    if store.first_row(con, sql, [start.to_pydatetime(), nxt.to_pydatetime()]) == (0,):
        raise ConfigError(
            f"the store has no events in {month}; choose a month with events, such "
            f"as {default_month(con)}."
        )


def export_day_before(con: Any, day: date) -> date | None:
    """The store's export date if it lies before ``day``, else None.

    A month whose next day is ``day`` is not complete in such an export. None also
    for a store without an export date.
    """
    ref = store.snapshot(con).get("export_date")
    if ref is None or pd.isna(ref):
        return None
    end = pd.Timestamp(ref).date()
    return end if day > end else None


def check_release(ctx: Context) -> None:
    """Raise ``ConfigError`` for an ``openbaar`` report of a month within a quarter."""
    if ctx.audience == "openbaar" and ctx.month[5:] not in QUARTER_ENDS:
        raise ConfigError(
            f"the openbaar report is released per quarter: give the last month of a "
            f"quarter (03, 06, 09 or 12), not {ctx.month}."
        )


def build_sections(ctx: Context) -> list[Section]:
    """The report's sections, in reading order (without the colophon).

    ``openbaar`` gets the sections of ``sections.OPENBAAR`` only.
    """
    builders = OPENBAAR if ctx.audience == "openbaar" else SECTIONS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return [build(ctx) for build in builders]


def render(
    ctx: Context,
    sections: list[Section] | None = None,
    *,
    title: str | None = None,
    period_label: str | None = None,
) -> str:
    """The report as one self-contained HTML string (building the sections if not given)."""
    import jinja2
    import plotly.offline

    if sections is None:
        sections = build_sections(ctx)
    folder = resources.files("ipgar_metrics").joinpath("report", "templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html.j2")
    return template.render(
        lang=ctx.lang,
        audience=ctx.audience,
        month_label=period_label or labels.month_name(ctx.month, ctx.lang),
        report_title=title,
        month_names=list(labels.MONTH_NAMES[ctx.lang]),
        short_month_names=list(labels.SHORT_MONTH_NAMES[ctx.lang]),
        sections=sections,
        colophon=colophon(ctx),
        plotlyjs=plotly.offline.get_plotlyjs(),
        t=lambda key, **kw: t(key, ctx.lang, **kw),
    )
