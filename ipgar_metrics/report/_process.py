"""The process-mining report of any log: overview, activities, variants, map, times.

``build_process_report(db=...)`` writes what Disco's first screens show, for a log
loaded with any profile (a permit log, the Top600, a public BPI log), as one
self-contained HTML file (plotly.js inline) and its PDF: the overview, the activity
table, the most frequent variants, the process map of the most frequent transitions,
the case durations, a dotted chart, the performance spectrum of the most frequent
segments (at most ``SPECTRUM_LINES`` lines) and the handover of work. Durations are given in
the unit their median reads best in (``timeunits``). With a ``LogFilter`` the report
covers the kept cases and says so on its first page. See ``docs/report.md``.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ipgar_metrics import __version__, config, labels, privacy, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import (
    fig_case_durations,
    fig_dotted_chart,
    fig_process_map,
    fig_segment_spectrum,
    fig_variants,
    fig_work_handovers,
)
from ipgar_metrics.metrics.filters import LogFilter, install_filter, remove_filter
from ipgar_metrics.metrics.leadtime import case_durations
from ipgar_metrics.metrics.paths import (
    activity_statistics,
    directly_follows,
    dotted_events,
    log_overview,
    performance_spectrum,
    top_edges,
    variants,
    work_handovers,
)
from ipgar_metrics.report._files import write_html_pdf
from ipgar_metrics.report._model import Cell, Chart, Note, Section, Table
from ipgar_metrics.timeunits import SECONDS, UNIT_LABELS, choose_unit

#: Transitions drawn on the report's process map (the most frequent).
MAP_EDGES: Final[int] = 40
#: Variants listed in the report's table.
TOP_VARIANTS: Final[int] = 10
#: Activities listed in the report's table (the most frequent; all: ``ipgar activities``).
TOP_ACTIVITIES: Final[int] = 25
#: Most lines of the performance spectrum (an even spread of the occurrences above it).
SPECTRUM_LINES: Final[int] = 2_000

PROCESS_TEXT: Final[dict[str, dict[str, str]]] = {
    "title": {"nl": "Procesanalyse", "en": "Process analysis"},
    "contents": {"nl": "Inhoud", "en": "Contents"},
    "snapshot": {"nl": "Momentopname", "en": "Snapshot"},
    "as_of": {"nl": "peilmoment", "en": "as of"},
    "export_date": {"nl": "Exportdatum", "en": "Export date"},
    "filter": {"nl": "Filter", "en": "Filter"},
    "no_filter": {"nl": "geen: alle casussen", "en": "none: every case"},
    "version": {"nl": "Versie", "en": "Version"},
    "colophon": {"nl": "Verantwoording", "en": "Colophon"},
    "overview": {"nl": "Overzicht", "en": "Overview"},
    "measure": {"nl": "kengetal", "en": "measure"},
    "value": {"nl": "waarde", "en": "value"},
    "cases": {"nl": "casussen", "en": "cases"},
    "events": {"nl": "gebeurtenissen", "en": "events"},
    "activities": {"nl": "activiteiten", "en": "activities"},
    "variants": {"nl": "varianten", "en": "variants"},
    "first_event": {"nl": "eerste gebeurtenis", "en": "first event"},
    "last_event": {"nl": "laatste gebeurtenis", "en": "last event"},
    "duration_stat": {
        "nl": "doorlooptijd per casus, {stat} ({unit})",
        "en": "case duration, {stat} ({unit})",
    },
    "min": {"nl": "minimum", "en": "minimum"},
    "median": {"nl": "mediaan", "en": "median"},
    "mean": {"nl": "gemiddelde", "en": "mean"},
    "p90": {"nl": "90e percentiel", "en": "90th percentile"},
    "max": {"nl": "maximum", "en": "maximum"},
    "start_activities": {"nl": "Startactiviteiten", "en": "Start activities"},
    "end_activities": {"nl": "Eindactiviteiten", "en": "End activities"},
    "activity": {"nl": "activiteit", "en": "activity"},
    "share_cases": {"nl": "% van de casussen", "en": "% of cases"},
    "to_next": {
        "nl": "mediane tijd tot de volgende ({unit})",
        "en": "median time to the next ({unit})",
    },
    "activities_title": {"nl": "Activiteiten", "en": "Activities"},
    "more_activities": {
        "nl": "En {n} minder vaak voorkomende activiteiten; alle staan in `ipgar activities`.",
        "en": "And {n} less frequent activities; `ipgar activities` lists them all.",
    },
    "variants_title": {"nl": "Varianten", "en": "Variants"},
    "rank": {"nl": "rang", "en": "rank"},
    "variant": {"nl": "variant", "en": "variant"},
    "share": {"nl": "aandeel", "en": "share"},
    "cumulative": {"nl": "cumulatief", "en": "cumulative"},
    "variants_intro": {
        "nl": "De {n} meest voorkomende volgordes van activiteiten van {variants} varianten.",
        "en": "The {n} most frequent sequences of activities of {variants} variants.",
    },
    "map_title": {"nl": "Proceskaart", "en": "Process map"},
    "map_intro": {
        "nl": "De {shown} meest voorkomende overgangen van de {edges}; lijndikte naar aantal, kleur naar mediane tijd.",
        "en": "The {shown} most frequent transitions of {edges}; width by count, colour by median time.",
    },
    "durations_title": {"nl": "Doorlooptijden", "en": "Durations"},
    "dotted_title": {"nl": "Gebeurtenissen in de tijd", "en": "Events over time"},
    "dotted_intro": {
        "nl": "Elke stip is een gebeurtenis, elke regel een casus ({shown} van {cases}, gelijk verspreid over de periode).",
        "en": "Each dot is an event, each line a case ({shown} of {cases}, spread evenly over the period).",
    },
    "spectrum_title": {"nl": "Prestatiespectrum", "en": "Performance spectrum"},
    "spectrum_intro": {
        "nl": "De {n} meest voorkomende directe opvolgingen A → B: elke lijn loopt van het moment van A (bovenste lijn) naar dat van B (onderste lijn); steil is snel, vlak is traag. Kleur naar kwart van de duur van die opvolging.",
        "en": "The {n} most frequent direct successions A → B: each line runs from the time of A (upper line) to that of B (lower line); steep is fast, flat is slow. Colour by quarter of that succession's durations.",
    },
    "spectrum_sampled": {
        "nl": " Getoond: {shown} van {total} lijnen, gelijk verspreid.",
        "en": " Shown: {shown} of {total} lines, spread evenly.",
    },
    "spectrum_none": {
        "nl": "In dit log volgt geen activiteit direct op een andere; er is geen spectrum te tonen.",
        "en": "In this log no activity directly follows another; there is no spectrum to show.",
    },
    "handovers_title": {"nl": "Overdracht van werk", "en": "Handover of work"},
    "handovers_none": {
        "nl": "Dit log noemt geen uitvoerders; er is geen overdracht van werk te tonen.",
        "en": "This log names no performers; there is no handover of work to show.",
    },
    "from": {"nl": "van", "en": "from"},
    "to": {"nl": "naar", "en": "to"},
    "count": {"nl": "aantal", "en": "count"},
}


def build_process_report(
    *,
    db: str | os.PathLike[str] = config.DEFAULT_DB,
    out_dir: str | os.PathLike[str] = "reports",
    lang: str = "nl",
    pdf: bool = True,
    log_filter: LogFilter | None = None,
) -> list[Path]:
    """Write the process-mining report of the store (or of the filtered cases).

    Returns the HTML file, then the PDF when ``pdf`` and Chromium is found. The files
    are ``procesanalyse-<as-of day>[-en].html/.pdf`` (owner-only). The as-of is the
    last event (of the kept cases); on an iPGA-R store variants and transitions seen
    in fewer than ``config.SUPPRESSION_K`` cases are merged or left out, as in the
    CLI, and handovers are shown between organisations only.
    """
    labels.check_lang(lang)
    con = store.connect(db)
    try:
        summary = install_filter(con, log_filter) if log_filter else None
        last = store.last_event_at(con)
        if last is None:
            raise ConfigError("the store holds no events; load an export first.")
        as_of = pd.Timestamp(last).tz_convert(config.TIMEZONE)
        snap = store.snapshot(con)
        sections = _sections(con, as_of, lang)
        colophon = {
            "snapshot_id": snap.get("snapshot_id") or "–",
            "export_date": _day(snap.get("export_date")),
            "as_of": f"{as_of:%Y-%m-%d %H:%M}",
            "filter": summary.line() if summary else "",
            "version": __version__,
        }
        html = _render(lang, sections, colophon)
    finally:
        if log_filter:
            remove_filter(con)
        con.close()
    out = Path(out_dir)
    stem = f"procesanalyse-{as_of:%Y-%m-%d}" + ("-en" if lang == "en" else "")
    with privacy.private_files():
        paths = write_html_pdf(out, stem, html, pdf=pdf, what="process report")
    privacy.make_owner_only(*paths)
    store.record_processing(
        db,
        "report.build_process_report",
        {"out_dir": out, "lang": lang, "pdf": pdf},
        paths,
        snapshot=colophon["snapshot_id"],
    )
    return paths


def _t(key: str, lang: str, **values: object) -> str:
    return PROCESS_TEXT[key][lang].format(**values)


def _day(value: Any) -> str:
    return "–" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _number(value: float, lang: str, digits: int = 1) -> str:
    if value is None or pd.isna(value):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",") if lang == "nl" else text


def _cells(*values: object) -> list[Cell]:
    return [Cell(str(v), "n" if isinstance(v, int) else "text") for v in values]


def _chart(key: str, title: str, figure: Any) -> Chart:
    text = figure.to_json(validate=False, engine="json")
    return Chart(f"chart-{key}", title, text.replace("</", "<\\/"))


def _sections(con: Any, as_of: pd.Timestamp, lang: str) -> list[Section]:
    ipgar = store.profile_of(con) == "ipgar"
    min_count = config.SUPPRESSION_K if ipgar else 1
    return [
        _overview(con, as_of, lang),
        _activities(con, as_of, lang),
        _variants(con, as_of, lang, min_count),
        _map(con, as_of, lang, min_count),
        _durations(con, as_of, lang),
        _dotted(con, as_of, lang),
        _spectrum(con, as_of, lang),
        _handovers(con, as_of, lang, "org" if ipgar else "resource"),
    ]


def _overview(con: Any, as_of: pd.Timestamp, lang: str) -> Section:
    row = log_overview(con, as_of=as_of).iloc[0]
    seconds = _duration_seconds(con, as_of)
    unit = choose_unit(seconds)
    name = UNIT_LABELS[unit][lang]
    rows = [
        _cells(_t("cases", lang), int(row["cases"])),
        _cells(_t("events", lang), int(row["events"])),
        _cells(_t("activities", lang), int(row["activities"])),
        _cells(_t("variants", lang), int(row["variants"])),
        _cells(_t("first_event", lang), f"{row['start']:%Y-%m-%d %H:%M}"),
        _cells(_t("last_event", lang), f"{row['end']:%Y-%m-%d %H:%M}"),
    ]
    stats = {
        "min": seconds.min(),
        "median": seconds.median(),
        "mean": seconds.mean(),
        "p90": seconds.quantile(0.9),
        "max": seconds.max(),
    }
    for stat, value in stats.items():
        label = _t("duration_stat", lang, stat=_t(stat, lang), unit=name)
        rows.append([Cell(label), Cell(_number(value / SECONDS[unit], lang), "stat")])
    blocks: list[Any] = [
        Table("", [_t("measure", lang), _t("value", lang)], rows, css="overview")
    ]
    for key in ("start_activities", "end_activities"):
        counts = list(row[key].items())[:5]
        blocks.append(
            Table(
                _t(key, lang),
                [_t("activity", lang), _t("cases", lang)],
                [_cells(a, int(n)) for a, n in counts],
            )
        )
    return Section("overzicht", _t("overview", lang), blocks=blocks)


def _duration_seconds(con: Any, as_of: pd.Timestamp) -> pd.Series:
    frame = case_durations(con, as_of=as_of)
    return (frame["end_at"] - frame["start_at"]).dt.total_seconds()


def _activities(con: Any, as_of: pd.Timestamp, lang: str) -> Section:
    every = activity_statistics(con, as_of=as_of)
    unit = choose_unit(every["median_to_next_s"])
    frame = every.head(TOP_ACTIVITIES)
    rows = [
        [
            Cell(str(r.activity)),
            Cell(str(int(r.events)), "n"),
            Cell(str(int(r.cases)), "n"),
            Cell(_number(100 * r.case_share, lang, 0), "stat"),
            Cell(_number(r.median_to_next_s / SECONDS[unit], lang), "stat"),
        ]
        for r in frame.itertuples()
    ]
    columns = [
        _t("activity", lang),
        _t("events", lang),
        _t("cases", lang),
        _t("share_cases", lang),
        _t("to_next", lang, unit=UNIT_LABELS[unit][lang]),
    ]
    more = len(every) - len(frame)
    note = _t("more_activities", lang, n=more) if more > 0 else ""
    return Section(
        "activiteiten",
        _t("activities_title", lang),
        blocks=[Table("", columns, rows, note=note)],
    )


def _variants(con: Any, as_of: pd.Timestamp, lang: str, min_count: int) -> Section:
    frame = variants(con, as_of=as_of, min_count=min_count)
    shown = frame.head(TOP_VARIANTS)
    rows = [
        [
            Cell(str(int(r.rank)), "n"),
            Cell(str(r.variant).replace(" > ", " → ")),
            Cell(str(int(r.count)), "n"),
            Cell(_number(100 * r.share, lang, 1) + "%", "stat"),
            Cell(_number(100 * r.cumulative_share, lang, 1) + "%", "stat"),
        ]
        for r in shown.itertuples()
    ]
    columns = [
        _t("rank", lang),
        _t("variant", lang),
        _t("cases", lang),
        _t("share", lang),
        _t("cumulative", lang),
    ]
    total = int(frame["n_variants"].sum())
    return Section(
        "varianten",
        _t("variants_title", lang),
        intro=_t("variants_intro", lang, n=len(shown), variants=total),
        blocks=[
            Table("", columns, rows, css="variants"),
            _chart("variants", _t("variants_title", lang), fig_variants(frame, lang)),
        ],
    )


def _map(con: Any, as_of: pd.Timestamp, lang: str, min_count: int) -> Section:
    edges = directly_follows(con, as_of=as_of)
    if min_count > 1:
        edges = edges[edges["n_episodes"] >= min_count]
    shown = top_edges(edges, max_edges=MAP_EDGES)
    return Section(
        "proceskaart",
        _t("map_title", lang),
        intro=_t("map_intro", lang, shown=len(shown), edges=len(edges)),
        blocks=[_chart("map", _t("map_title", lang), fig_process_map(shown, lang))],
    )


def _durations(con: Any, as_of: pd.Timestamp, lang: str) -> Section:
    seconds = _duration_seconds(con, as_of)
    unit = choose_unit(seconds)
    figure = fig_case_durations(seconds, unit, lang)
    return Section(
        "doorlooptijden",
        _t("durations_title", lang),
        blocks=[_chart("durations", _t("durations_title", lang), figure)],
    )


def _dotted(con: Any, as_of: pd.Timestamp, lang: str) -> Section:
    frame = dotted_events(con, as_of=as_of)
    info = frame.attrs["ipgar"]
    return Section(
        "tijdlijn",
        _t("dotted_title", lang),
        intro=_t("dotted_intro", lang, shown=info["shown"], cases=info["cases"]),
        blocks=[
            _chart("dotted", _t("dotted_title", lang), fig_dotted_chart(frame, lang))
        ],
    )


def _spectrum(con: Any, as_of: pd.Timestamp, lang: str) -> Section:
    title = _t("spectrum_title", lang)
    try:
        frame = performance_spectrum(con, as_of=as_of)
    except ConfigError:
        return Section("spectrum", title, blocks=[Note(_t("spectrum_none", lang))])
    figure = fig_segment_spectrum(frame, lang, max_lines=SPECTRUM_LINES)
    meta = figure.layout.meta
    intro = _t("spectrum_intro", lang, n=frame["segment"].nunique())
    if meta["shown"] < meta["total"]:
        intro += _t("spectrum_sampled", lang, shown=meta["shown"], total=meta["total"])
    return Section(
        "spectrum", title, intro=intro, blocks=[_chart("spectrum", title, figure)]
    )


def _handovers(con: Any, as_of: pd.Timestamp, lang: str, level: str) -> Section:
    title = _t("handovers_title", lang)
    try:
        frame = work_handovers(con, as_of=as_of, level=level)
    except ConfigError:
        return Section("overdracht", title, blocks=[Note(_t("handovers_none", lang))])
    moved = frame[frame["handover"]].head(15)
    rows = [_cells(r.source, r.target, int(r.count)) for r in moved.itertuples()]
    columns = [_t("from", lang), _t("to", lang), _t("count", lang)]
    return Section(
        "overdracht",
        title,
        blocks=[
            Table("", columns, rows),
            _chart("handovers", title, fig_work_handovers(frame, lang)),
        ],
    )


def _render(lang: str, sections: list[Section], colophon: dict[str, Any]) -> str:
    import jinja2
    import plotly.offline

    folder = resources.files("ipgar_metrics").joinpath("report", "templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("process.html.j2").render(
        lang=lang,
        sections=sections,
        colophon=colophon,
        plotlyjs=plotly.offline.get_plotlyjs(),
        t=lambda key, **kw: _t(key, lang, **kw),
        audience="intern",
    )
