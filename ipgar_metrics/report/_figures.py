"""Every figure of the monthly report, as plotly figures or as image files.

``report_figures`` builds the report's sections exactly as ``build_report`` does
(the same audience rules and, for ``bestuur`` and ``openbaar``, the same protection
against every earlier report of the audience) and returns the charts they hold,
by a Dutch (or English) file name: ``03-doorlooptijd-melding-tot-instroom``. Each
figure carries its title and, under it, the month and the data snapshot it came
from. ``write_report_figures`` writes them as PNG or SVG with one browser start
(``figures.write_images``) for office tools.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Any

from ipgar_metrics import config, labels, store
from ipgar_metrics.figures import (
    PLOTLY_HEIGHT,
    PLOTLY_MARGIN_T,
    PLOTLY_WIDTH,
    wrap_words,
    write_images,
)
from ipgar_metrics.report._build import (
    build_sections,
    check_month,
    check_release,
    default_month,
    use_measures,
)
from ipgar_metrics.report._cells import protect, read_history
from ipgar_metrics.report._model import METHODS, Audience, Chart, Context

#: The head of an image: the size of its title, the height of a title line and of the
#: source line, the room around them.
_TITLE_SIZE = 17
_TITLE_LINE = 24
_SOURCE_LINE = 30
_PAD = 10
#: The line under every image's title: where its numbers come from.
_SOURCE = {
    "nl": "iPGA-R, {month} · gegevensstand {snapshot}",
    "en": "iPGA-R, {month} · data snapshot {snapshot}",
}


def report_figures(
    *,
    db: str | os.PathLike[str] = config.DEFAULT_DB,
    month: str | None = None,
    audience: Audience = "intern",
    lang: str = "nl",
    k: int = config.SUPPRESSION_K,
    method: str = METHODS[0],
    measures: str | os.PathLike[str] | None = None,
    history: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """The charts of the monthly report of ``month``, by file name, in reading order.

    The arguments are those of ``build_report`` (``history``: the folder of the
    audience's earlier reports, whose cells the protection takes into account;
    default none). For ``bestuur`` and ``openbaar`` only the protected charts of
    that audience's report are returned, never the internal ones.

    Returns
    -------
    dict of str to plotly Figure: ``NN-<title in words>`` (``NN`` the chart's place
    in the report) to the figure, with its title and a source line (month and
    snapshot) added above the chart.
    """
    import plotly.io as pio

    labels.check_lang(lang)
    con = store.connect(db)
    try:
        month = month or default_month(con)
        check_month(con, month)
        snapshot_id = store.snapshot(con)["snapshot_id"]
        ctx = Context(con, month, lang, audience, k, method=method)
        check_release(ctx)
        use_measures(ctx, measures)
        with store.reuse_results(), warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            sections = build_sections(ctx)
            earlier = read_history(Path(history), ctx) if history is not None else []
            protect(ctx, sections, earlier)
    finally:
        con.close()
    charts = [b for s in sections for b in s.blocks if isinstance(b, Chart)]
    source = _SOURCE[lang].format(
        month=labels.month_name(month, lang), snapshot=snapshot_id or "–"
    )
    figs: dict[str, Any] = {}
    for n, chart in enumerate(charts, start=1):
        fig = pio.from_json(chart.figure_json.replace("<\\/", "</"), skip_invalid=True)
        _caption(fig, chart.title, source)
        figs[f"{n:02d}-{file_words(chart.title)}"] = fig
    return figs


def write_report_figures(
    *,
    db: str | os.PathLike[str] = config.DEFAULT_DB,
    out_dir: str | os.PathLike[str] = "figures",
    fmt: str = "png",
    month: str | None = None,
    audience: Audience = "intern",
    lang: str = "nl",
    k: int = config.SUPPRESSION_K,
    measures: str | os.PathLike[str] | None = None,
    history: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write every figure of the monthly report into ``out_dir`` as PNG or SVG.

    ``report_figures`` chooses the figures (see there), ``figures.write_images``
    writes them with one browser start. The files are recorded in the store's
    processing log with the snapshot they came from. Returns the paths written.
    """
    figs = report_figures(
        db=db,
        month=month,
        audience=audience,
        lang=lang,
        k=k,
        measures=measures,
        history=history,
    )
    paths = write_images(figs, out_dir, fmt, lang=lang)
    with store.connect(db) as con:
        snapshot_id = store.snapshot(con)["snapshot_id"]
    store.record_processing(  # inside an `ipgar` command: goes to its one entry
        db,
        "report.write_report_figures",
        {"out_dir": out_dir, "fmt": fmt, "month": month, "audience": audience},
        paths,
        snapshot=snapshot_id,
    )
    return paths


def file_words(title: str) -> str:
    """A chart title as a file name: lower case, no accents, words joined by ``-``.

    ``"Doorlooptijd melding → instroom (weken)"`` gives
    ``doorlooptijd-melding-instroom-weken``; at most 60 characters, cut at a word.
    """
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    name = ""
    for word in words:
        if len(name) + len(word) + 1 > 60:
            break
        name = f"{name}-{word}" if name else word
    return name or "figuur"


def _caption(fig: Any, title: str, source: str) -> None:
    """Give a figure for an office document its title and, under it, its source line.

    The title is broken into lines that fit the figure's width; the source line
    (month and snapshot) is its subtitle. The figure grows by their height, so the
    chart keeps the size and layout it has in the report: nothing is drawn over its
    legend or axis titles, and nothing runs off an edge.
    """
    if fig.layout.title and fig.layout.title.text:
        title = fig.layout.title.text
    width = fig.layout.width or PLOTLY_WIDTH
    lines = wrap_words(title, width - 2 * _PAD, _TITLE_SIZE)
    head = _PAD + _TITLE_LINE * len(lines) + _SOURCE_LINE + _PAD
    margin = fig.layout.margin
    top = PLOTLY_MARGIN_T if margin.t is None else margin.t
    height = (fig.layout.height or PLOTLY_HEIGHT) + head
    fig.update_layout(
        title={
            "text": "<br>".join(lines),
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            # the middle of the first line: plotly.js anchors a title of several
            # lines by its first (the others follow below it); anchored at the top
            # it is moved up as if it had one line, and its first line is cut off
            "y": 1 - (_PAD + _TITLE_LINE / 2) / height,
            "yref": "container",
            "yanchor": "middle",
            "pad": {"l": _PAD},
            "font": {"size": _TITLE_SIZE},
            "subtitle": {"text": source, "font": {"size": 11, "color": "#555"}},
        },
        height=height,
        margin={"t": top + head},
    )
