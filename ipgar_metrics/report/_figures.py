"""Every figure of the monthly report, as plotly figures or as image files.

``report_figures`` builds the report's sections exactly as ``build_report`` does
(the same audience rules and, for ``bestuur`` and ``openbaar``, the same protection
against every earlier report of the audience) and returns the charts they hold,
by a Dutch (or English) file name: ``03-doorlooptijd-melding-tot-instroom``. Each
figure carries its title and, at its foot, the month and the data snapshot it came
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
from ipgar_metrics.figures import write_images
from ipgar_metrics.report._build import (
    build_sections,
    check_month,
    check_release,
    default_month,
    use_measures,
)
from ipgar_metrics.report._cells import protect, read_history
from ipgar_metrics.report._model import METHODS, Audience, Chart, Context

#: The foot of every image: where its numbers come from.
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
    snapshot) added.
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
    paths = write_images(figs, out_dir, fmt)
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
    """Give a figure for an office document its title and a source line at its foot."""
    if not (fig.layout.title and fig.layout.title.text):
        fig.update_layout(title={"text": title, "x": 0, "xanchor": "left"})
    margin = fig.layout.margin
    fig.update_layout(margin={"t": max(margin.t or 0, 60), "b": max(margin.b or 0, 80)})
    fig.add_annotation(
        text=source,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-70,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 10, "color": "#555"},
    )
