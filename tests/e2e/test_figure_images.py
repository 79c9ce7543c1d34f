"""`ipgar figures`: the monthly report's charts as PNG and SVG files (kaleido, real).

One store (a simulated export, 40 cases, seed 3) and one browser for the module:
kaleido's process-wide browser is started once here, and every image call of the
module draws with it. Checked: PNG files are PNGs (signature, and the pixel size
read from their header is the figure's size at twice the scale), SVG files parse
as XML and hold the Dutch axis titles of their figures and the source line; the
file names are Dutch words in report order; ``bestuur`` gets only protected charts
(every trace tagged with its kind, as the protected report requires), fewer than
``intern``.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ipgar_metrics.cli._main import main

NAME = re.compile(r"^(\d\d)-[a-z0-9]+(-[a-z0-9]+)*\.(png|svg)$")


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    from ipgar_metrics.simulation._simulator import simulate

    root = tmp_path_factory.mktemp("figures")
    sim = simulate(40, 3, root / "sim", write_xlsx=False)
    path = str(root / "ipgar.duckdb")
    code, _, err = _run(
        [
            "load",
            str(sim.files["export"]),
            f"--mapping={sim.files['mapping']}",
            f"--db={path}",
        ]
    )
    assert code == 0, err
    return path


@pytest.fixture(scope="module", autouse=True)
def one_browser():
    kaleido = pytest.importorskip("kaleido")
    from ipgar_metrics.figures._style import kaleido_options

    kaleido.start_sync_server(**kaleido_options())
    yield
    kaleido.stop_sync_server(silence_warnings=True)


@pytest.fixture(scope="module")
def intern(db):
    from ipgar_metrics import report_figures

    return report_figures(db=db, month="2026-10")


def _names(folder: Path, suffix: str) -> list[str]:
    files = sorted(p.name for p in folder.iterdir())
    assert files and all(NAME.match(f) and f.endswith(suffix) for f in files), files
    assert [int(f[:2]) for f in files] == list(range(1, len(files) + 1))
    return files


def test_png_of_every_figure(db, intern, tmp_path):
    out = tmp_path / "png"
    code, stdout, err = _run(["figures", "--db", db, "--out", str(out)])
    assert code == 0, err
    assert err.splitlines() == [
        "ipgar figures: month 2026-10 (the last full month of the data; use --month "
        "to choose)",
        "ipgar figures: audience intern (unprotected charts; use --audience to choose)",
        "ipgar figures: format png (for Word and PowerPoint; use --format to choose)",
        "ipgar figures: language nl (tables, figures and reports are in Dutch by "
        "default; use --lang to choose)",
    ]
    files = _names(out, ".png")
    assert (
        stdout.strip()
        == f"wrote {len(files)} figures of 2026-10 (intern) as PNG to {out}"
    )
    assert [f.removesuffix(".png") for f in files] == list(intern)
    assert any("doorlooptijd" in f for f in files)  # Dutch words in the names
    for name, fig in intern.items():
        data = (out / f"{name}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert (width, height) == (
            2 * (fig.layout.width or 1000),
            2 * (fig.layout.height or 560),
        )
        assert len(data) > 10_000  # a drawn chart, not an empty canvas
        assert oct((out / f"{name}.png").stat().st_mode & 0o777) == "0o600"
        # nothing runs off an edge: titles, source line, axis titles, legends
        assert min(_blank_edges(out / f"{name}.png")) >= 6, name


def _blank_edges(png: Path) -> tuple[int, int, int, int]:
    """The blank rows above and below the drawing and the blank columns beside it."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        ink = np.asarray(image.convert("L")) < 200
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    height, width = ink.shape
    return (
        int(rows[0]),
        int(height - 1 - rows[-1]),
        int(cols[0]),
        int(width - 1 - cols[-1]),
    )


def test_a_long_y_axis_title_stays_on_the_figure(tmp_path):
    """A funnel plot's y title, longer than the plot is high, broken into lines."""
    import plotly.graph_objects as go

    from ipgar_metrics.figures import fit_axis_titles, write_images
    from ipgar_metrics.figures._style import plain_layout

    title = "aandeel actieve casussen boven de contactdrempel"
    figs = {}
    for name, fit in (("as_given", False), ("fitted", True)):
        fig = plain_layout(
            go.Figure(go.Scatter(x=[1, 2, 3], y=[0.1, 0.5, 0.3])),
            x_title="casussen",
            y_title=title,
        )
        assert "<br>" in fig.layout.yaxis.title.text  # the plain layout fits it
        fig.update_yaxes(title_text=title)  # as plotly.js would get it unfitted
        figs[name] = fit_axis_titles(fig) if fit else fig
    write_images(figs, tmp_path, "png")
    assert _blank_edges(tmp_path / "as_given.png")[0] == 0  # cut off at the top
    assert min(_blank_edges(tmp_path / "fitted.png")) >= 6
    lines = figs["fitted"].layout.yaxis.title.text.split("<br>")
    assert len(lines) == 2 and " ".join(lines) == title


def test_svg_holds_the_dutch_axis_titles(db, intern, tmp_path):
    out = tmp_path / "svg"
    code, _, err = _run(
        ["figures", "--db", db, "--out", str(out), "--format=svg", "--month=2026-10"]
    )
    assert code == 0, err
    assert [f.removesuffix(".svg") for f in _names(out, ".svg")] == list(intern)
    titles = 0
    for name, fig in intern.items():
        root = ET.parse(out / f"{name}.svg").getroot()
        assert root.tag.endswith("svg")
        text = " ".join(t for t in root.itertext())
        assert "iPGA-R, oktober 2026 · gegevensstand" in text
        for axis in ("xaxis", "yaxis"):
            title = fig.layout[axis].title.text
            if title:
                titles += 1
                words = title.replace("<br>", " ")  # a title broken into lines
                assert words in text.replace("\u00a0", " "), (name, title)
    assert titles >= len(intern)  # most charts name their axes
    every = " ".join(" ".join(ET.parse(p).getroot().itertext()) for p in out.iterdir())
    assert "weken" in every and "maand" in every  # Dutch, not English
    assert re.search(r"\b(jan|apr|jul|okt) 20\d\d\b", every)  # dated axes in Dutch
    assert not re.search(r"\b(Jan|Mar|May|Oct) 20\d\d\b", every)


def test_bestuur_gets_only_the_protected_charts(db, intern, tmp_path):
    from ipgar_metrics import report_figures

    bestuur = report_figures(db=db, month="2026-10", audience="bestuur")
    assert 0 < len(bestuur) < len(intern)
    # every chart sized for the page, none left to plotly.js's guess (a protected
    # cumulative incidence was squeezed into a strip of the column)
    from ipgar_metrics.figures._style import WIDTH

    assert all(f.layout.width == WIDTH for f in [*bestuur.values(), *intern.values()])
    # the protected report tags every trace with its kind; the internal one need not
    assert all((t.meta or {}).get("kind") for f in bestuur.values() for t in f.data)
    assert not all((t.meta or {}).get("kind") for f in intern.values() for t in f.data)


def test_bad_format_and_file_out_are_one_line(db, tmp_path):
    from ipgar_metrics import write_images
    from ipgar_metrics.errors import ConfigError

    with pytest.raises(ConfigError, match="choose one of: png, svg"):
        write_images({}, tmp_path, "jpg")
    target = tmp_path / "a-file"
    target.write_text("x")
    code, out, err = _run(["figures", "--db", db, "--out", str(target)])
    assert code == 1 and not out and len(err.strip().splitlines()) == 1


def _extent(values: list[Any], axis_type: str) -> tuple[float, float]:
    """The lowest and highest of ``values`` in the units of an axis of ``axis_type``."""
    if axis_type == "date":
        stamps = [pd.Timestamp(v).value / 86_400e9 for v in values]  # days
        return min(stamps), max(stamps)
    return min(float(v) for v in values), max(float(v) for v in values)


def _full_figure(fig: Any) -> Any:
    """The figure as plotly.js completes it, asked once more if kaleido's page failed.

    Under load kaleido's page was once not ready for plotly's direct call
    ("kaleido_scopes is not defined", CI 108); the package's own writers try again
    (``figures.write_images``), and so does this test.
    """
    try:
        return fig.full_figure_for_development(warn=False)
    except Exception:  # the browser's page, not the figure: the second call decides
        return fig.full_figure_for_development(warn=False)


def test_the_data_fill_every_marked_time_axis(intern):
    """The axes plotly.js itself draws (the full figure it computes, in the browser).

    A step's mark placed on a number axis while plotly.js drew the years as categories
    stretched the interventions per year to an axis up to 2392 and squeezed the bars
    into its left edge: an empty chart in every report. Here, on each chart with marks,
    the data span at least half of the drawn x axis and every mark lies on it.
    """
    kinds: set[str] = set()
    for name, fig in intern.items():
        marks = [s.x0 for s in fig.layout.shapes if s.name == "in_force"]
        if not marks:
            continue
        full = _full_figure(fig)
        axis = full.layout.xaxis
        xs = [v for t in full.data if (t.xaxis or "x") == "x" for v in t.x]
        if axis.type == "category":
            xs = list(range(len(dict.fromkeys(xs))))  # plotly counts categories from 0
        lo, hi = _extent(list(axis.range), axis.type)
        first, last = _extent(xs, axis.type)
        assert (last - first) >= 0.5 * (hi - lo), (name, axis.type, axis.range)
        m_lo, m_hi = _extent(marks, axis.type)
        assert lo <= m_lo and m_hi <= hi, (name, marks, axis.range)
        kinds.add(axis.type)
    assert kinds == {"date", "category"}  # months, and quarters or years


def test_small_counts_are_ticked_at_whole_numbers():
    """plotly.js ticks counts up to 2 at every half (half a network); not any more."""
    import pandas as pd

    from ipgar_metrics.figures import bars

    def drawn_step(values: list[float]) -> float:
        frame = pd.DataFrame({"band": ["2", "3-5", "6+"], "n": values})
        fig = bars(frame, x="band", ys={"n": "netwerken"}, x_title="", y_title="")
        return float(_full_figure(fig).layout.yaxis.dtick)

    assert drawn_step([2, 2, 0]) == 1  # counts: whole numbers only
    assert drawn_step([0.4, 0.25, 0.1]) < 1  # shares keep plotly.js's own ticks


def _tick_texts(path: Path) -> list[str]:
    """The texts of the x axis's ticks of an SVG that plotly.js drew."""
    root = ET.parse(path).getroot()
    return [
        "".join(t.itertext())
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if "xtick" in (g.get("class") or "")
        for t in g.iter("{http://www.w3.org/2000/svg}text")
    ]


def test_date_axes_have_the_month_names_of_the_figures_language(tmp_path):
    """plotly.js writes "Oct 2025" whatever the figure's language; "okt 2025" in Dutch."""
    import json

    import plotly.graph_objects as go

    from ipgar_metrics import labels, write_images
    from ipgar_metrics.figures._style import LOCALE_SCRIPT

    months = pd.date_range("2025-01-01", periods=14, freq="MS")
    fig = go.Figure(go.Scatter(x=months, y=list(range(14))))
    write_images({"nl": fig}, tmp_path, "svg")  # the default language: Dutch
    write_images({"en": fig}, tmp_path, "svg", lang="en")
    english, dutch = _tick_texts(tmp_path / "en.svg"), _tick_texts(tmp_path / "nl.svg")
    assert len(english) >= 4 and english[0] == "Jan 2025"  # plotly's own choice
    short = labels.SHORT_MONTH_NAMES
    translated = [
        " ".join([short["nl"][short["en"].index(m)], y])
        for m, y in (t.split(" ") for t in english)
    ]
    assert dutch == translated  # the same ticks, in Dutch
    assert any(t.startswith(("mrt", "mei", "okt")) for t in dutch)
    assert fig.layout.meta is None  # the figure itself is kept
    # the script of kaleido's page has the names of the labels
    script = LOCALE_SCRIPT.read_text(encoding="utf-8")
    for key, names in (("months", labels.MONTH_NAMES), ("shortMonths", short)):
        found = re.search(rf"{key}: (\[[^\]]*\])", script)
        assert found and json.loads(found.group(1)) == list(names["nl"])


def test_the_notebooks_png_has_the_month_names_of_its_language():
    """The PNG copy of a notebook's figure (``use_static_fallback``) in its language."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from ipgar_metrics.figures import use_static_fallback

    def png(fig: go.Figure, lang: str) -> bytes:
        use_static_fallback(lang)
        bundle = pio.renderers["ipgar_png"].to_mimebundle(fig.to_dict())
        return bundle["image/png"]

    before = pio.renderers.default
    try:
        dated = go.Figure(go.Scatter(x=pd.date_range("2025-01-01", periods=14, freq="MS"), y=list(range(14))))  # fmt: skip
        plain = go.Figure(go.Scatter(x=list(range(14)), y=list(range(14))))
        assert png(dated, "nl") != png(dated, "en")  # "mrt 2025" against "Mar 2025"
        assert png(plain, "nl") == png(plain, "en")  # nothing else changes
    finally:
        use_static_fallback("nl")
        pio.renderers.default = before


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_notebooks_interactive_figure_has_the_month_names_of_its_language(
    lang, tmp_path
):
    """JupyterLab and VS Code draw the interactive figure with their own plotly.js,
    which wrote "Oct 2025" in a Dutch notebook: the figure's config carries the
    names (``use_interactive_locale``). Drawn here by plotly.js in Chromium with the
    config the notebook's renderer hands over."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from ipgar_metrics import labels
    from ipgar_metrics.figures._style import (
        INTERACTIVE_RENDERERS,
        use_interactive_locale,
    )
    from ipgar_metrics.report._pdf import run_headless

    kept = {name: pio.renderers[name].config for name in INTERACTIVE_RENDERERS}
    try:
        pio.renderers["plotly_mimetype"].config = {"displaylogo": False}
        use_interactive_locale(lang)
        fig = go.Figure(go.Scatter(x=pd.date_range("2025-09-01", periods=8, freq="MS"), y=list(range(8))))  # fmt: skip
        bundle = pio.renderers["plotly_mimetype"].to_mimebundle(fig.to_dict())
        config = bundle["application/vnd.plotly.v1+json"].get("config", {})
        assert config["displaylogo"] is False  # the analyst's own settings stay
        page = tmp_path / "figure.html"
        fig.write_html(page, include_plotlyjs=True, config=config)
        run = run_headless(["--virtual-time-budget=10000", "--dump-dom", page.as_uri()])
    finally:
        for name, config in kept.items():
            pio.renderers[name].config = config
    ticks = re.findall(r'class="xtick".*?data-unformatted="([^"]*)"', run.stdout)
    assert len(ticks) >= 4, (run.stderr or "")[-500:]
    months = {t.split(" ")[0] for t in ticks}
    short = labels.SHORT_MONTH_NAMES[lang]
    assert months <= set(short)
    assert months - set(labels.SHORT_MONTH_NAMES["en" if lang == "nl" else "nl"])
