"""The Verbeterstappen page, the in-force marks on trend charts and the monitor.

One simulated store (the session's, export date 2026-11-01) and a measures register
written here: a step in force on 1 March 2026 (its after period still running), a
phased step (1 January and 1 July 2024; both periods complete), a step restricted to
a tiny segment (too few cases) and one in force after the export. The intern report
of October 2026 is built once without PDF; the monitor of 2026H1 once.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import warnings
from datetime import date

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import config, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import lines, mark_dates
from ipgar_metrics.metrics.casework import flow
from ipgar_metrics.metrics.evaluate import compare_periods, evaluation_units
from ipgar_metrics.metrics.leadtime import lead_times
from ipgar_metrics.metrics.monthly import median_interval
from ipgar_metrics.report import build_monitor, build_report

REGISTER = """
[[measure]]
name = "alfa-stap"
step = "1a"
in_force = 2026-03-01
primary = "leadtime"
direction = "up"
smallest_effect = 0.10
organisations = ["politie"]

[[measure]]
name = "beta-stap"
step = "1b"
in_force = [2024-01-01, 2024-07-01]
primary = "contact"
direction = "down"
smallest_effect = 7

[[measure]]
name = "gamma-stap"
step = "2"
in_force = 2024-01-01
primary = "leadtime"
direction = "up"
smallest_effect = 0.10
segment = { ideology = ["links"], risk_category = ["ronselaar"] }

[[measure]]
name = "delta-stap"
step = "3"
in_force = 2027-01-01
primary = "integrality"
direction = "down"
smallest_effect = 0.10
"""
AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def built(sim_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("steps")
    register = out / "measures.toml"
    register.write_text(REGISTER, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        [html] = build_report(
            db=sim_store.db, month="2026-10", out_dir=out, audience="intern",
            pdf=False, measures=register,
        )  # fmt: skip
        monitor = build_monitor(
            db=sim_store.db, period="2026H1", out_dir=out, pdf=False,
            measures=register,
        )  # fmt: skip
    return {"html": html.read_text("utf-8"), "monitor": monitor, "db": sim_store.db,
            "register": register}  # fmt: skip


def _section(html: str, key: str) -> str:
    start = html.index(f'<section id="{key}"')
    return html[start : html.index("</section>", start)]


def _charts(part: str) -> list[dict]:
    found = re.findall(
        r'<script type="application/json" class="plotly-data"[^>]*>(.*?)</script>',
        part,
        re.S,
    )
    return [json.loads(f.replace("<\\/", "</")) for f in found]


def _text(part: str) -> str:
    part = re.sub(r"<script.*?</script>", " ", part, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)).replace("&gt;", ">")


def test_the_page_lists_every_measure_of_the_register(built):
    page = _section(built["html"], "steps")
    rows = re.findall(r"<tr>(.*?)</tr>", page.split("</table>")[0], re.S)[1:]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]
    assert [(c[0], c[1]) for c in cells] == [
        ("1a", "alfa-stap"),
        ("1b", "beta-stap"),
        ("2", "gamma-stap"),
        ("3", "delta-stap"),
    ]
    assert cells[0][2] == "1 maart 2026"
    assert cells[1][2] == "fase 1: 1 januari 2024; fase 2: 1 juli 2024"
    assert cells[0][3] == "Politie"
    assert cells[1][6] == "7 dagen" and cells[0][6] == "10 procentpunt"
    assert cells[2][3] == "ideologie: links, risicocategorie: ronselaar" or (
        "links" in cells[2][3] and "ronselaar" in cells[2][3]
    )


def test_each_step_says_its_evaluation_or_why_not(built, sim_store):
    text = _text(_section(built["html"], "steps"))
    parts = re.split(r"Stap (1a|1b|2|3): ", text)[1:]
    blocks = dict(zip(parts[::2], parts[1::2], strict=True))
    assert set(blocks) == {"1a", "1b", "2", "3"}
    # 1a: the after period (1 March 2026 + 12 months) runs past the export
    assert "loopt tot en met 28 februari 2027" in blocks["1a"]
    # 3: in force after the export date
    assert "Nog niet in werking op het peilmoment (1 januari 2027)" in blocks["3"]
    # 2: a tiny segment; checked on the units themselves
    units = evaluation_units(
        store.connect(sim_store.db, read_only=True),
        change=date(2024, 1, 1),
        metric="leadtime",
        as_of=AS_OF,
    )
    tiny = units[
        (units["ideology"] == "links") & (units["risk_category"] == "ronselaar")
    ]
    assert (
        tiny.groupby("period").size().reindex(["before", "after"]).fillna(0).min() < 20
    )
    assert "Nog te weinig casussen voor een evaluatie" in blocks["2"]
    # 1b: both periods complete: the very sentence of `ipgar evaluate --measure`
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = compare_periods(
            store.connect(sim_store.db, read_only=True),
            change=date(2024, 7, 1),
            before=(date(2023, 1, 1), date(2023, 12, 31)),
            after=(date(2024, 7, 1), date(2025, 6, 30)),
            metric="contact",
            as_of=AS_OF,
        )
    assert table.attrs["evaluate"]["sentence_nl"] in blocks["1b"]


def test_trend_charts_mark_the_dates_in_force_at_the_right_x(built):
    html = built["html"]
    flow_chart = _charts(_section(html, "summary"))[0]
    xs = {
        s["x0"] for s in flow_chart["layout"]["shapes"] if s.get("name") == "in_force"
    }
    # the flow chart shows 2023-11 .. 2026-10: 2027-01-01 is outside
    assert xs == {"2024-01-01", "2024-07-01", "2026-03-01"}
    words = {a["text"] for a in flow_chart["layout"]["annotations"]}
    assert {"stap 1b (1/2), stap 2", "stap 1b (2/2)", "stap 1a"} <= words
    # quarterly trend: a category axis; 1 March 2026 is 59 of the 90 days into 2026Q1
    trend = next(
        c
        for c in _charts(_section(html, "leadtime"))
        if any(str(x).endswith("Q1") for x in (c["data"][0].get("x") or []))
    )
    quarters = list(dict.fromkeys(trend["data"][0]["x"]))
    marks = [
        s["x0"]
        for s in trend["layout"].get("shapes", [])
        if s.get("name") == "in_force"
    ]
    if "2026Q1" in quarters:
        expected = quarters.index("2026Q1") - 0.5 + 59 / 90
        assert any(math.isclose(x, expected, abs_tol=1e-6) for x in marks)
    # interventions per year: a category axis too (set, not left to plotly.js's
    # guess); 1 July 2024 is 182 of 366 days into 2024, 1 January at the bar's edge
    per_year = next(
        c
        for c in _charts(_section(html, "integrality"))
        if c["data"][0]["type"] == "bar"
    )
    assert per_year["layout"]["xaxis"]["type"] == "category"
    assert trend["layout"]["xaxis"]["type"] == "category"
    assert flow_chart["layout"]["xaxis"]["type"] == "date"
    years = list(dict.fromkeys(per_year["data"][0]["x"]))
    marks = [
        s["x0"] for s in per_year["layout"]["shapes"] if s.get("name") == "in_force"
    ]
    at = years.index("2024")
    assert any(math.isclose(x, at - 0.5 + 182 / 366, abs_tol=1e-6) for x in marks)
    assert any(math.isclose(x, at - 0.5) for x in marks)


def test_a_steps_monthly_chart_names_the_value_it_draws(built):
    """Step 1a (lead time): the monthly medians in days, not the primary's share."""
    page = _section(built["html"], "steps")
    first = _charts(page)[0]["data"][0]
    assert first["name"] == "mediane doorlooptijd (dagen)"
    values = [v for v in first["y"] if v is not None]
    assert max(values) > 1  # days, where a share would be at most 1
    # the data table under the chart heads its column with the same words
    table = page.split("Gegevens van de grafiek", 1)[1].split("</table>", 1)[0]
    assert "mediane doorlooptijd (dagen)" in table
    assert "aandeel meldingen met instroom" not in table


def test_mark_dates_skips_dates_outside_the_chart():
    frame = pd.DataFrame({"month": ["2024-01", "2024-02", "2024-03"], "v": [1, 2, 3]})
    fig = lines(frame, x="month", ys={"v": "v"}, x_title="", y_title="")
    mark_dates(fig, [(date(2023, 12, 31), "a"), (date(2024, 2, 15), "b"),
                     (date(2024, 4, 1), "c")], unit="month")  # fmt: skip
    assert [s.x0 for s in fig.layout.shapes] == ["2024-02-15"]
    assert [a.text for a in fig.layout.annotations] == ["b"]


def test_median_interval_is_the_order_statistic_interval():
    # n = 10: P(B <= 1) = 11/1024 <= 0.025 < P(B <= 2) = 56/1024: 2nd and 9th value
    assert median_interval(np.arange(1.0, 11.0)) == (2.0, 9.0)
    # n = 5: P(B = 0) = 1/32 > 0.025: no 95% interval
    assert all(math.isnan(v) for v in median_interval(np.arange(5.0)))


def test_the_monitor_of_a_half_year(built, sim_store):
    paths = built["monitor"]
    assert [p.name for p in paths] == [
        "ptor-2026H1-monitor-extern.html",
        "ptor-2026H1-monitor-extern.cells.json",
    ]
    html = paths[0].read_text("utf-8")
    for key in ("baseline", "timeline", "trends", "evaluation"):
        assert f'<section id="{key}"' in html
    assert "EXTERN" in html and "C0" not in _text(html)
    con = store.connect(sim_store.db, read_only=True)
    as_of = date(2026, 7, 1)
    # June 2026: reports of 2025-07..2026-06 whose 8 weeks had passed by 1 July
    eps = lead_times(con, as_of=as_of, level="episode")
    cut = pd.Timestamp(as_of, tz=config.TIMEZONE) - pd.Timedelta(days=56)
    sel = eps[(eps["month"] >= "2025-07") & (eps["start_at"] <= cut)]
    n = len(sel)
    k = int(((~sel["is_open"]) & (sel["days"] <= 56)).sum())
    z = 1.959964
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    trends = _section(html, "trends")
    june = [
        re.findall(r"<td[^>]*>(.*?)</td>", r)
        for r in re.findall(r"<tr>(.*?)</tr>", trends, re.S)
        if "juni 2026" in r
    ]
    assert [n, f"{100 * p:.0f}%", round(100 * (centre - half)),
            round(100 * (centre + half))] in [
        [int(r[1]), r[2], int(r[3]), int(r[4])]
        for r in june
        if len(r) == 5 and r[2].endswith("%")
    ]  # fmt: skip
    stock = flow(con, as_of=as_of).set_index("month")["stock_end"]
    assert [["juni 2026", str(int(stock["2026-06"]))]] == [
        r for r in june if len(r) == 2
    ]
    cells = json.loads(paths[1].read_text("utf-8"))
    assert cells["period"] == "2026H1" and cells["cells"]
    # aggregates only: no published count below k, the small ones read "<10"
    counts = [c for c in cells["cells"] if c["kind"] == "count"]
    assert all(c["value"] is None or c["value"] >= 10 for c in counts)
    # the baseline's first half-year (2016H1): intakes that fell in it, counted here
    end = pd.to_datetime(eps["end_at"]).dt.tz_convert(config.TIMEZONE)
    first = (
        (eps["outcome"] == "instroom") & (end.dt.year == 2016) & (end.dt.month <= 6)
    ).sum()
    baseline = _text(_section(html, "baseline"))
    shown = re.search(r"Eerste halfjaar van de gegevens \(2016H1\) (\S+)", baseline)
    assert shown.group(1) == ("&lt;10" if first < 10 else str(first))


def test_a_bad_period_is_one_line(built, tmp_path):
    with pytest.raises(ConfigError, match="YYYYH1 or YYYYH2"):
        build_monitor(db=built["db"], period="2026H3", out_dir=tmp_path, pdf=False)
    run = subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", "report", "--db", str(built["db"]),
         "--kind", "monitor", "--period", "2026H3", "--out", str(tmp_path), "--no-pdf"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.strip().count("\n") == 0 and "2026H3" in run.stderr
    assert not list(tmp_path.iterdir())


def test_a_half_year_outside_the_data_says_which_way(built, tmp_path):
    # the export of 2026-11-01: 2026H2 has not ended; 2010H1 ended before the first
    # event, which is no reason to choose an earlier one
    with pytest.raises(ConfigError, match=r"2026H2 is not complete .* 2026-10\)"):
        build_monitor(db=built["db"], period="2026H2", out_dir=tmp_path, pdf=False)
    with pytest.raises(ConfigError) as raised:
        build_monitor(db=built["db"], period="2010H1", out_dir=tmp_path, pdf=False)
    assert str(raised.value) == (
        "half-year 2010H1 ends in 2010-06, a month without events in the store; "
        "choose a half-year whose last month has events."
    )
    assert not list(tmp_path.iterdir())


def test_the_monitor_names_the_audience_it_is_for(tmp_path):
    # before the store is read: the steering group only, by either of its names
    for audience in ("openbaar", "intern"):
        with pytest.raises(ConfigError) as raised:
            build_monitor(db=tmp_path / "none.duckdb", period="2026H1",
                          out_dir=tmp_path, audience=audience, pdf=False)  # fmt: skip
        assert str(raised.value) == (
            "the monitor is for the steering group: audience bestuur (its older "
            f'name extern), not "{audience}".'
        )
    assert not list(tmp_path.iterdir())


def test_a_protected_step_without_a_month_to_show_says_so(built, tmp_path):
    """bestuur: a step whose every month has fewer than k cases gets a line, not an
    empty chart (its axes alone said nothing); every chart left draws a value."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        html, _cells = build_report(
            db=built["db"], month="2026-10", out_dir=tmp_path, audience="bestuur",
            pdf=False, measures=built["register"],
        )  # fmt: skip
    page = _section(html.read_text("utf-8"), "steps")
    said = "geen maand met 10 of meer casussen, dus geen maandwaarde om te tonen"
    assert said in _text(page)  # the segment of step 2 is small in every month
    for chart in _charts(page):
        ys = [y for t in chart["data"] for y in (t.get("y") or [])]
        assert any(y is not None for y in ys), chart["layout"].get("title")


def test_a_steps_monthly_chart_leaves_out_what_was_not_measured(built):
    """Step 1b (contact, phased): a gap for the transition months and no point for a
    recent month whose intervals are mostly still open (its mean would count only the
    short ones), each month's point the mean of its closed intervals otherwise."""
    from ipgar_metrics.metrics.evaluate._compare import metric_items

    page = _section(built["html"], "steps")
    (chart,) = [
        c
        for c in _charts(page)
        if c["data"][0]["name"] == "gemiddelde tijd tussen twee contacten (dagen)"
    ]
    xs, ys = chart["data"][0]["x"], chart["data"][0]["y"]
    months = pd.period_range("2023-01", "2026-10", freq="M").strftime("%Y-%m").tolist()
    assert xs == months  # every month, so the line breaks where one has no value
    # the items by hand: each contact interval at the local month of its first contact
    con = store.connect(built["db"], read_only=True)
    as_of = pd.Timestamp(AS_OF, tz=config.TIMEZONE)
    items = metric_items(con, metric="contact", as_of=as_of)
    con.close()
    month = items["at"].dt.tz_convert(config.TIMEZONE).dt.strftime("%Y-%m")
    done = items["value"].notna() & ~items["is_open"]
    per = pd.DataFrame(
        {
            "mean": items["value"].where(done).groupby(month).mean(),
            "n": done.groupby(month).sum(),
            "open": items["is_open"].groupby(month).sum(),
        }
    )
    censored = []
    for x, y in zip(xs, ys, strict=True):
        if "2024-01" <= x < "2024-07":  # between the two phases: not measured
            assert y is None, x
            continue
        row = per.loc[x]
        if row["open"] / (row["open"] + row["n"]) > 0.10:
            censored.append(x)
            assert y is None, x
        else:
            assert y == pytest.approx(row["mean"]), x
    assert censored and censored == months[-len(censored) :]  # the recent months
    text = _text(page)
    assert f"{len(censored)} recente maand(en) zonder punt" in text
    # the chart's text alternative reads as one sentence after its caption's own
    labels = re.findall(r'aria-label="([^"]*)"', page)
    assert labels and not [a for a in labels if ".." in a]


def test_only_a_phased_steps_chart_speaks_of_phases(built):
    """Step 1a has one date in force: its chart has no months between two phases."""
    text = _text(_section(built["html"], "steps"))
    one = text.split("Stap 1a: alfa-stap", 1)[1].split("Stap 1b:", 1)[0]
    phased = text.split("Stap 1b: beta-stap", 1)[1].split("Stap 2:", 1)[0]
    assert "Per maand de waarde over de casussen van die maand" in one
    assert "fase" not in one
    assert "Maanden tussen twee fasen ontbreken (overgang)." in phased
