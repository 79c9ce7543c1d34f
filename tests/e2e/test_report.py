"""The monthly report end to end, read as a reader (and an attacker) would.

One simulated store per session (600 cases, seed 1, loaded from the Dutch export by
the real loader); reports for October 2026, intern and extern, checked against
numbers computed here from events.csv / truth.json with pandas, scanned for small
counts and identifiers (extern), opened in headless Chromium with the network
blocked, and printed to PDF whose pages are checked not to be blank.
"""

from __future__ import annotations

import base64
import html as html_lib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics.report._build import build_report
from tests.shared_inputs import sim_export, sim_loaded

K = 10
TZ = "Europe/Amsterdam"
MONTH = "2026-10"
AS_OF = pd.Timestamp("2026-11-01", tz=TZ)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None or CHROMIUM is None,
    reason="pdftoppm or chromium is not installed (apt-get install poppler-utils chromium)",
)
PSEUDONYM = re.compile(r"(?<![0-9A-Za-z])[CM][0-9a-f]{16}(?![0-9a-f])")
CHART_DATA = re.compile(
    r'<script type="application/json" class="plotly-data" data-target="([^"]+)">(.*?)</script>',
    re.S,
)


@pytest.fixture(scope="session")
def sim(tmp_path_factory):
    # simulate(600, 1) and the load of its export (2026-11-01), done once per
    # session (tests/shared_inputs.py): a copy of the store for this module
    out = tmp_path_factory.mktemp("report_sim")
    files = sim_export()
    db = sim_loaded(out)
    events = pd.read_csv(files / "events.csv", dtype=str)
    events["ts"] = pd.to_datetime(events["timestamp"], utc=True).dt.tz_convert(TZ)
    truth = json.loads((files / "truth.json").read_text(encoding="utf-8"))
    return {"dir": out, "sim": files, "db": db, "events": events, "truth": truth}


def ipgar(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def reports(sim):
    out = sim["dir"] / "reports"
    intern = build_report(db=sim["db"], month=MONTH, out_dir=out)
    extern = build_report(db=sim["db"], month=MONTH, out_dir=out, audience="extern")
    # the third through the command line, without --month: the last full month
    cli = ipgar("report", "--db", str(sim["db"]), "--out", str(out), "--no-pdf",
                "--audience", "extern", "--lang", "en")  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    extern_en = [Path(line) for line in cli.stdout.split()]
    return {"intern": intern, "extern": extern, "extern_en": extern_en}


def _html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _key_figures(html: str) -> dict[str, str]:
    """The summary's 'this month' cell per key figure."""
    rows = re.findall(
        r'<td class="label kf-(\w+)">[^<]*</td><td class="\w+">([^<]*)</td>', html
    )
    return {key: html_lib.unescape(text) for key, text in rows}


def _charts(html: str) -> dict[str, dict]:
    return {
        m.group(1): json.loads(m.group(2).replace("<\\/", "</"))
        for m in CHART_DATA.finditer(html)
    }


def _numbers(values) -> list[float]:
    """Numbers of a plotly data array (plain lists, nested lists or base64 typed arrays)."""
    if values is None or isinstance(values, str):
        return []
    if isinstance(values, dict) and "bdata" in values:
        arr = np.frombuffer(
            base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])
        )
        return [float(v) for v in arr.ravel()]
    if isinstance(values, list):
        out: list[float] = []
        for v in values:
            if isinstance(v, list | dict):
                out += _numbers(v)
            elif isinstance(v, int | float) and not isinstance(v, bool):
                out.append(float(v))
        return out
    return []


# --- files and self-containment ---------------------------------------------------


def test_files_and_names(reports):
    pdf = CHROMIUM is not None  # without Chromium the PDF is skipped with a warning
    intern = ["ptor-2026-10-intern.html"] + (["ptor-2026-10-intern.pdf"] if pdf else [])
    extern = ["ptor-2026-10-extern.html"] + (["ptor-2026-10-extern.pdf"] if pdf else [])
    extern.append("ptor-2026-10-extern.cells.json")  # the published cells, last
    assert [p.name for p in reports["intern"]] == intern
    assert [p.name for p in reports["extern"]] == extern
    assert reports["extern_en"][0].name == "ptor-2026-10-extern-en.html"
    for paths in reports.values():
        assert all(p.stat().st_size > 0 for p in paths)


@pytest.mark.parametrize("which", ["intern", "extern", "extern_en"])
def test_html_is_self_contained(reports, which):
    html = _html(reports[which][0])
    # plotly.js is embedded exactly once, inline; its code mentions URLs (map tiles,
    # the logo link) that a chart without maps never uses, so the page is checked
    # without it, and the browser test shows that nothing is fetched
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    bundles = [s for s in scripts if re.search(r"\* plotly\.js v\d", s)]
    assert len(bundles) == 1
    assert len(re.findall(r"\* plotly\.js v\d", html)) == 1
    page = html.replace(bundles[0], "")
    # no external source, stylesheet, link, import or CDN: no "http" at all
    assert "http" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*//""", page, re.I)
    assert "@import" not in page and "<link" not in page
    assert not re.search(r"<script[^>]*\ssrc=", html, re.I)
    # the sections in the order of the issue, then the colophon
    order = [
        "summary",
        "leadtime",
        "paths",
        "contact",
        "integrality",
        "casemgmt",
        "longstay",
        "owned",
        "quality",
        "colophon",
    ]
    positions = [html.index(f'<section id="{key}"') for key in order]
    assert positions == sorted(positions)


def test_colophon_names_snapshot_hashes_version(sim, reports):
    import hashlib

    from ipgar_metrics import __version__

    html = _html(reports["intern"][0])
    export = sim["sim"] / "export.csv"
    assert hashlib.sha256(export.read_bytes()).hexdigest() in html
    assert re.search(r"S[0-9a-f]{16}", html)  # snapshot id
    assert f"ipgar-metrics {__version__}" in html
    assert "2026-11-01T00:00:00+01:00" in html  # as_of: the end of October, local time


# --- key figures against independent numbers ----------------------------------------


def test_key_figures_match_events_csv(sim, reports):
    ev = sim["events"]
    in_month = (ev["ts"] >= pd.Timestamp("2026-10-01", tz=TZ)) & (ev["ts"] < AS_OF)
    inflow = int((in_month & (ev["activity"] == "instroom")).sum())
    outflow = int((in_month & (ev["activity"] == "uitstroom")).sum())
    moves = ev[ev["activity"].isin(["instroom", "uitstroom"]) & (ev["ts"] < AS_OF)]
    last = moves.sort_values("ts").groupby("case_id")["activity"].last()
    stock = int((last == "instroom").sum())
    # own-organisation share: interventions started in Nov 2025 - Oct 2026 by the
    # organisation of the case manager assigned last before the start
    iv = ev[ev["activity"] == "interventie_start"].sort_values("ts")
    mgr = ev[ev["activity"] == "regisseur_toegewezen"].sort_values("ts")
    mgr = mgr[["case_id", "ts", "org"]].rename(columns={"org": "manager_org"})
    iv = pd.merge_asof(iv, mgr, on="ts", by="case_id", direction="backward")
    window = iv[(iv["ts"] >= pd.Timestamp("2025-11-01", tz=TZ)) & (iv["ts"] < AS_OF)]
    window = window[window["manager_org"].notna()]
    own = (window["org"] == window["manager_org"]).mean()

    got = _key_figures(_html(reports["intern"][0]))
    assert got["inflow"] == str(inflow)
    assert got["outflow"] == str(outflow)
    assert got["stock"] == str(stock)
    assert got["own_share"] == f"{100 * own:.0f}%"
    # extern: the same figures, or "<10" where they are small
    ext = _key_figures(_html(reports["extern"][0]))
    for key, value in (("inflow", inflow), ("outflow", outflow), ("stock", stock)):
        assert ext[key] == (f"<{K}" if value < K else str(value))


def test_lead_time_figures_match_truth(sim, reports):
    # The plan's lead time: report -> intake, in weeks, of the episodes whose intake
    # fell in the 12 months up to October 2026, from the simulator's truth.
    eps = pd.DataFrame(sim["truth"]["episodes"])
    for col in ("melding_at", "instroom_at"):
        eps[col] = pd.to_datetime(eps[col], utc=True)
    lo = pd.Timestamp("2025-11-01", tz=TZ)
    taken = eps[(eps["instroom_at"] >= lo) & (eps["instroom_at"] < AS_OF)]
    weeks = (taken["instroom_at"] - taken["melding_at"]).dt.total_seconds() / 86400 / 7
    got = _key_figures(_html(reports["intern"][0]))

    def nl(x):
        return f"{x:.1f}".replace(".", ",")

    assert got["intake_n"] == str(len(weeks))
    assert got["intake_mean"] == nl(weeks.mean())
    assert got["intake_median"] == nl(np.quantile(weeks, 0.5))
    assert got["intake_p90"] == nl(np.quantile(weeks, 0.9))
    assert got["intake_range"] == f"{nl(weeks.min())}–{nl(weeks.max())}"


# --- disclosure ------------------------------------------------------------------


def _raw_ids(ev: pd.DataFrame) -> set[str]:
    ids = (
        set(ev["case_id"].dropna())
        | set(ev["case_manager"].dropna())
        | set(ev["event_id"].dropna())
    )
    return {i for i in ids if len(i) >= 5}


def _tokens(html: str) -> set[str]:
    """Every identifier-like word of the page (raw ids are letters, digits, '-')."""
    return set(re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]{3,}", html))


@pytest.mark.parametrize("which", ["extern", "extern_en"])
def test_extern_shows_no_small_count_and_no_identifier(sim, reports, which):
    html = _html(reports[which][0])
    # no pseudonym of a case or case manager, no raw id of the export
    assert not PSEUDONYM.search(html)
    assert not _raw_ids(sim["events"]) & _tokens(html)
    assert "R2016-000001" not in html and "CR00001" not in html
    # every count cell is suppressed ("<10"), missing ("–") or at least k
    cells = re.findall(r'<td class="n">([^<]*)</td>', html)
    assert len(cells) > 50
    for text in cells:
        assert text in (f"&lt;{K}", "x", "–") or int(text) >= K, text
    # every chart trace says what it holds; count traces hold nothing below k
    charts = _charts(html)
    assert len(charts) >= 6
    for fig in charts.values():
        for trace in fig["data"]:
            kind = (trace.get("meta") or {}).get("kind")
            assert kind in {"count", "share", "days", "survival", "rate", "protected"}
            assert "customdata" not in trace and "hovertext" not in trace
            if kind == "count":
                for axis in ("x", "y", "z", "values"):
                    assert all(v >= K for v in _numbers(trace.get(axis))), axis


def test_intern_lists_pseudonyms_but_no_raw_ids(sim, reports):
    html = _html(reports["intern"][0])
    listed = set(re.findall(r'<td class="id">(C[0-9a-f]{16})</td>', html))
    assert listed  # contact gaps, rule violations or long stays to act on
    assert not _raw_ids(sim["events"]) & _tokens(html)


# --- in the browser ----------------------------------------------------------------


def _chromium(url: str, tmp: Path) -> tuple[str, str, list[dict]]:
    """Dump the DOM after scripts ran, with the console on stderr and a NetLog."""
    netlog = tmp / "net.json"
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9",
            "--enable-logging=stderr", "--v=0", f"--log-net-log={netlog}",
            "--virtual-time-budget=10000", "--dump-dom", url,
        ]  # fmt: skip
        run = subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, check=False
        )
    log = (
        json.loads(netlog.read_text(encoding="utf-8"))
        if netlog.exists()
        else {"events": [], "constants": {"logEventTypes": {}}}
    )
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    page_requests = [
        e["params"]
        for e in log["events"]
        if names.get(e.get("type")) == "URL_REQUEST_START_JOB"
        and "file://" in str(e.get("params", {}).get("network_isolation_key", ""))
    ]
    return run.stdout, run.stderr, page_requests


def _page_errors(stderr: str) -> list[str]:
    return [
        line
        for line in stderr.splitlines()
        if "CONSOLE" in line
        and ("Uncaught" in line or "Error" in line or ":ERROR:" in line)
    ]


@needs_chromium
def test_browser_detects_network_and_errors(tmp_path):
    # the checks below would catch a page that fetches or fails
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html><body><img src="http://example.com/x.png">'
        "<script>throw new Error('boom');</script></body></html>",
        encoding="utf-8",
    )
    _, stderr, requests = _chromium(bad.as_uri(), tmp_path)
    assert any("example.com" in r.get("url", "") for r in requests)
    assert _page_errors(stderr)


@needs_chromium
@pytest.mark.parametrize("which", ["intern", "extern"])
def test_every_chart_renders_offline_without_errors(reports, which, tmp_path):
    html_path = reports[which][0]
    charts = _charts(_html(html_path))
    dom, stderr, requests = _chromium(html_path.as_uri(), tmp_path)
    assert not _page_errors(stderr), _page_errors(stderr)
    assert [
        r["url"] for r in requests if not r.get("url", "").startswith("file:")
    ] == []
    for chart_id in charts:
        start = dom.index(f'<div id="{chart_id}"')
        end = dom.find("</figure>", start)
        block = dom[start:end]
        assert '<svg class="main-svg"' in block, chart_id
        # data was drawn: a trace group with a path, bar or heatmap image
        assert re.search(r'class="(trace|heatmaplayer|barlayer)[^"]*"', block), chart_id
        assert re.search(r"<path |<image ", block), chart_id


@needs_pdftoppm
@pytest.mark.parametrize("which", ["intern", "extern"])
def test_pdf_is_a4_and_not_blank(reports, which, tmp_path):
    from PIL import Image

    pdf = reports[which][1]
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=False
    ).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 5
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info)
    subprocess.run(
        [
            PDFTOPPM,
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "3",
            "-png",
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == 3
    for image in images:
        grey = np.asarray(Image.open(image).convert("L"), dtype=float)
        assert grey.std() > 10  # text and charts, not a blank page
        assert (grey < 200).mean() > 0.01


# --- the command line ------------------------------------------------------------


def test_cli_report_errors(sim, tmp_path):
    late = ipgar(
        "report",
        "--db",
        str(sim["db"]),
        "--month",
        "2026-11",
        "--audience",
        "intern",
        "--out",
        str(tmp_path),
        "--no-pdf",
    )
    assert late.returncode == 1
    assert "not complete" in late.stderr and "Traceback" not in late.stderr
    bad = ipgar(
        "report",
        "--db",
        str(sim["db"]),
        "--month",
        "oktober",
        "--audience",
        "intern",
        "--out",
        str(tmp_path),
        "--no-pdf",
    )
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr  # a usage error
    missing = ipgar(
        "report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path),
        "--audience", "intern",
    )  # fmt: skip
    assert missing.returncode == 1 and "ipgar load" in missing.stderr
    usage = ipgar(
        "report", "--db", str(sim["db"]), "--audience", "public", "--out", str(tmp_path)
    )
    assert usage.returncode == 2
    unsaid = ipgar("report", "--db", str(sim["db"]), "--out", str(tmp_path), "--no-pdf")
    assert unsaid.returncode == 2  # a usage error that names the three choices
    last = unsaid.stderr.strip().splitlines()[-1]
    assert "--audience is required" in last
    assert all(a in last for a in ("intern", "bestuur", "openbaar"))
    assert not list(tmp_path.glob("*.html"))


def test_english_report_speaks_english(reports):
    html = _html(reports["extern_en"][0])
    assert '<html lang="en">' in html
    for heading in (
        "Summary",
        "Lead times",
        "Process paths",
        "Integrality",
        "Colophon",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "<h2>Samenvatting</h2>" not in html


def test_missing_area_shows_a_note_instead_of_failing(sim, monkeypatch):
    from ipgar_metrics import store
    from ipgar_metrics.errors import ConfigError
    from ipgar_metrics.report._model import Context
    from ipgar_metrics.report.sections import _contact as sections_care

    def not_available(*args, **kwargs):  # e.g. a store of another profile
        raise ConfigError("contact gaps need an iPGA-R store (profile ipgar).")

    monkeypatch.setattr(sections_care, "contact_gaps", not_available)
    con = store.connect(sim["db"])
    try:
        section = sections_care.contact_section(Context(con, MONTH))
    finally:
        con.close()
    assert [b.css for b in section.blocks] == ["missing"]
    assert "nog niet beschikbaar" in section.blocks[0].text


def test_trend_leaves_out_quarters_with_many_open_reports(sim, reports):
    # The quarterly trend must not show a false improvement from censoring: quarters
    # where more than 10% of the reports have no decision yet are left out. Open
    # shares per quarter computed here from truth.json (as of the export date).
    eps = pd.DataFrame(sim["truth"]["episodes"])
    quarter = pd.to_datetime(eps["melding_at"], utc=True).dt.tz_convert(TZ)
    eps["quarter"] = quarter.dt.tz_localize(None).dt.to_period("Q").astype(str)
    open_share = eps.groupby("quarter")["outcome"].apply(lambda s: (s == "open").mean())
    too_open = set(open_share[open_share > 0.10].index)
    assert too_open  # the last quarter(s) of the export
    charts = _charts(_html(reports["intern"][0]))
    trend = [
        c for c in charts.values()
        if any(str(x).endswith(("Q1", "Q2", "Q3", "Q4")) for t in c.get("data", [])
               for x in (t.get("x") or []))
    ]  # fmt: skip
    assert trend
    shown = {str(x) for c in trend for t in c["data"] for x in (t.get("x") or [])}
    assert shown and not shown & too_open
