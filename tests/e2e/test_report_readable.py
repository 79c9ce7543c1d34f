"""Page one (and the rest) of the monthly report readable in one minute (issue 24, 6).

The simulated store of the session (600 cases, seed 1, October 2026), reports intern
(with PDF), extern and English. Checked as a reader sees them, with the numbers
computed here from the store by SQL: inflow and outflow on an axis of their own;
a change of a count below k a difference, never a percentage; no snake_case code in
the text; dates in words; the plan's lead time (report -> intake, weeks) with its
8-week line; every heatmap label present; the caseload chart without the managers
with 0 cases, whose number the note gives.
"""

from __future__ import annotations

import base64
import html as html_lib
import json
import math
import re
import shutil
import subprocess
from datetime import date

import numpy as np
import pytest

from ipgar_metrics import store
from ipgar_metrics.metrics.evaluate import load_measures
from ipgar_metrics.report._build import build_report

K = 10
MONTH = "2026-10"
AS_OF = "TIMESTAMPTZ '2026-11-01 00:00:00+01'"
CHART = re.compile(
    r'<figure class="chart"[^>]*><figcaption[^>]*>(.*?)</figcaption>.*?'
    r'<script type="application/json" class="plotly-data"[^>]*>(.*?)</script>',
    re.S,
)
#: a key-figure row: its key and the cells after the label (this month, previous
#: month, change, a year before, change)
KEY_ROW = re.compile(r'<tr><td class="label kf-(\w+)">[^<]*</td>(.*?)</tr>', re.S)
COUNT_ROWS = (
    "inflow",
    "outflow",
    "stock",
    "active",
    "intake_n",
    "open",
    "awaiting_intake",
    "contact",
)


@pytest.fixture(scope="module")
def built(sim_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("readable")
    db = sim_store.db
    intern = build_report(
        db=db, month=MONTH, out_dir=out, pdf=shutil.which("chromium") is not None
    )
    extern = build_report(db=db, month=MONTH, out_dir=out, audience="extern", pdf=False)
    english = build_report(
        db=db,
        month=MONTH,
        out_dir=out,
        lang="en",
        pdf=shutil.which("chromium") is not None,
    )
    con = store.connect(db)
    try:
        sql = _sql(con)
    finally:
        con.close()
    return {
        "intern": intern[0].read_text(encoding="utf-8"),
        "intern_pdf": intern[1] if len(intern) > 1 else None,
        "extern": extern[0].read_text(encoding="utf-8"),
        "english": english[0].read_text(encoding="utf-8"),
        "english_pdf": english[1] if len(english) > 1 else None,
        "sql": sql,
    }


def _sql(con):
    """The reader's numbers, computed from the store's events with SQL."""
    local = "strftime(ts AT TIME ZONE 'Europe/Amsterdam', '%Y-%m')"
    per_month = con.execute(
        f"SELECT {local} AS month, activity, count(*) AS n FROM events "
        f"WHERE activity IN ('instroom', 'uitstroom') AND ts < {AS_OF} GROUP BY ALL"
    ).df()
    flows = per_month.pivot(index="month", columns="activity", values="n").fillna(0)
    stock = {}
    for month, end in (("2026-10", AS_OF), ("2026-09", "TIMESTAMPTZ '2026-10-01 00:00:00+02'"),
                       ("2025-10", "TIMESTAMPTZ '2025-11-01 00:00:00+01'")):  # fmt: skip
        stock[month] = con.execute(
            "SELECT count(*) FROM (SELECT arg_max(activity, ts) AS last FROM events "
            f"WHERE activity IN ('instroom', 'uitstroom') AND ts < {end} "
            "GROUP BY case_id) WHERE last = 'instroom'"
        ).fetchone()[0]
    # lead time report -> intake: the first melding of the episode to its intake
    intakes = con.execute(
        "WITH i AS (SELECT case_id, episode, min(ts) AS at FROM events "
        "WHERE activity = 'instroom' GROUP BY ALL), "
        "m AS (SELECT case_id, episode, min(ts) AS at FROM events "
        "WHERE activity = 'melding' GROUP BY ALL) "
        "SELECT epoch(i.at) - epoch(m.at) AS seconds FROM i JOIN m USING (case_id, episode) "
        f"WHERE i.at >= TIMESTAMPTZ '2025-11-01 00:00:00+01' AND i.at < {AS_OF}"
    ).df()
    # case managers assigned before, holding no case in the approach at the month end
    zero = con.execute(
        f"WITH a AS (SELECT case_id, case_manager, ts FROM events "
        f"WHERE activity = 'regisseur_toegewezen' AND ts < {AS_OF}), "
        "last_a AS (SELECT case_id, arg_max(case_manager, ts) AS m FROM a GROUP BY case_id), "
        "mv AS (SELECT case_id, arg_max(activity, ts) AS last FROM events "
        f"WHERE activity IN ('instroom', 'uitstroom') AND ts < {AS_OF} GROUP BY case_id), "
        "holding AS (SELECT DISTINCT m FROM last_a JOIN mv USING (case_id) "
        "WHERE last = 'instroom') "
        "SELECT (SELECT count(DISTINCT case_manager) FROM a) - (SELECT count(*) FROM holding)"
    ).fetchone()[0]
    # the rejects of the event export (the relations export is a load of its own)
    rejects = con.execute(
        "SELECT DISTINCT file, \"row\" FROM rejected_events WHERE file = 'export.csv'"
    ).fetchall()
    return {
        "flows": flows,
        "stock": stock,
        "intake_weeks": intakes["seconds"] / 86400 / 7,
        "managers_0": zero,
        "rejects": rejects,
    }


def _visible(page: str) -> str:
    """The text a reader sees: no head, scripts or styles, tags removed."""
    body = page[page.index("<body>") :]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def _summary(page: str) -> str:
    start = page.index('<section id="summary"')
    return page[start : page.index("</section>", start)]


def _charts(page: str) -> list[tuple[str, dict]]:
    return [
        (html_lib.unescape(cap), json.loads(data.replace("<\\/", "</")))
        for cap, data in CHART.findall(page)
    ]


def _key_rows(page: str) -> dict[str, list[str]]:
    return {
        key: [html_lib.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", cells)]
        for key, cells in KEY_ROW.findall(_summary(page))
    }


def _values(data) -> list:
    """A trace's values: a list, or plotly's typed array (base64 ``bdata``)."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(
            base64.b64decode(data["bdata"]), dtype=data["dtype"]
        ).tolist()
    return list(data)


def _nl(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def test_inflow_and_outflow_have_their_own_axis(built):
    [(caption, fig)] = _charts(_summary(built["intern"]))
    assert "eigen schaal" in caption
    axis = {t["name"]: t.get("yaxis", "y") for t in fig["data"]}
    assert axis["instroom"] == axis["uitstroom"] == "y2"
    assert {axis[s] for s in ("actief", "gedetineerd", "uitgereisd", "statisch")} == {
        "y"
    }
    top, bottom = fig["layout"]["yaxis"]["domain"], fig["layout"]["yaxis2"]["domain"]
    assert bottom[1] < top[0]  # two panels, not two scales on one
    # the lower panel's numbers are the month's instroom/uitstroom events (SQL)
    flows = built["sql"]["flows"]
    for name, activity in (("instroom", "instroom"), ("uitstroom", "uitstroom")):
        trace = next(t for t in fig["data"] if t["name"] == name)
        got = dict(zip(_values(trace["x"]), _values(trace["y"]), strict=True))
        assert len(got) == 36 and max(got) == MONTH
        for month, n in got.items():
            expected = flows[activity].get(month, 0)
            assert n == expected, (name, month)
    # the lower axis is scaled to the flows, not to the stock
    stock = built["sql"]["stock"][MONTH]
    assert max(flows.loc[flows.index <= MONTH, "instroom"].tail(36)) < stock / 2


def test_a_change_of_a_small_count_is_a_difference(built):
    rows = _key_rows(built["intern"])
    sql, flows = built["sql"], built["sql"]["flows"]
    expected = {
        "inflow": [flows["instroom"].get(m, 0) for m in (MONTH, "2026-09", "2025-10")],
        "outflow": [
            flows["uitstroom"].get(m, 0) for m in (MONTH, "2026-09", "2025-10")
        ],
        "stock": [sql["stock"][m] for m in (MONTH, "2026-09", "2025-10")],
    }
    for key, values in expected.items():
        assert [rows[key][i] for i in (0, 1, 3)] == [str(int(v)) for v in values], key
    checked_small = checked_large = 0
    for key in COUNT_ROWS:
        this, prev, change_prev, year, change_year = rows[key]
        for then, change in ((prev, change_prev), (year, change_year)):
            a, b = int(this), int(then)
            diff = "0" if a == b else f"{a - b:+d}"
            if min(a, b) < K:
                assert change == diff, (key, change)  # "+3", never "+300%"
                checked_small += 1
            else:
                assert change == f"{diff} ({round(100 * (a - b) / b):+d}%)".replace(
                    "+0%", "0%"
                ).replace("-0%", "0%"), (key, change)
                checked_large += 1
    assert checked_small and checked_large  # both cases occur in October 2026
    text = " ".join(_visible(built["intern"]).split())
    assert f"Aantal onder {K}: alleen het verschil, geen percentage." in text
    # extern: a count below k is hidden, and so is its change
    ext = _key_rows(built["extern"])
    for key in COUNT_ROWS:
        cells = ext[key]
        for then, change in ((cells[1], cells[2]), (cells[3], cells[4])):
            if "<" in cells[0] or "<" in then:
                assert "%" not in change and not re.search(r"\d", change), (key, change)


def test_headline_lead_time_is_report_to_intake_in_weeks(built):
    weeks = built["sql"]["intake_weeks"]
    assert len(weeks) >= K
    for page in (built["intern"], built["extern"]):  # n >= k: extern shows them too
        rows = _key_rows(page)
        assert rows["intake_n"][0] == str(len(weeks))
        assert rows["intake_mean"][0] == _nl(weeks.mean())
        assert rows["intake_median"][0] == _nl(np.quantile(weeks, 0.5))
        assert rows["intake_p90"][0] == _nl(np.quantile(weeks, 0.9))
        assert rows["intake_range"][0] == f"{_nl(weeks.min())}–{_nl(weeks.max())}"
    names = dict(
        re.findall(r'<td class="label kf-(\w+)">([^<]*)</td>', built["intern"])
    )
    assert (
        html_lib.unescape(names["intake_mean"])
        == "Melding → instroom, gemiddeld (weken) *"
    )
    assert "lead_mean" not in names  # the decision-based days left the first page


def test_the_lead_time_chart_has_the_plans_8_week_line(built):
    for page, words in (
        (built["intern"], "plan: 8 weken"),
        (built["english"], "plan: 8 weeks"),
    ):
        [fig] = [
            f
            for cap, f in _charts(page)
            if cap.startswith(
                (
                    "Doorlooptijd melding → instroom of eindbesluit per kwartaal",
                    "Lead time report → intake or final decision per quarter",
                )
            )
        ]
        lines = [s for s in fig["layout"]["shapes"] if s.get("y0") == s.get("y1") == 8]
        assert len(lines) == 1
        notes = fig["layout"]["annotations"]
        assert [a["text"] for a in notes].count(words) == 1
        # the other labels: the steps' dates in force, nothing else
        quarters = list(
            dict.fromkeys(str(x) for tr in fig["data"] for x in tr.get("x") or [])
        )
        expected = _step_marks(quarters, "nl" if page is built["intern"] else "en")
        assert expected  # the packaged steps of 2022 fall in the chart's quarters
        marks = [(a["x"], a["text"]) for a in notes if a["text"] != words]
        assert [text for _, text in marks] == [text for _, text in expected]
        for (x, _), (want, _) in zip(marks, expected, strict=True):
            assert math.isclose(x, want, abs_tol=1e-6)
        assert fig["layout"]["yaxis"]["title"]["text"] in ("weken", "weeks")


def _step_marks(quarters: list[str], lang: str) -> list[tuple[float, str]]:
    """The marks of the packaged register's dates in force on a quarterly chart.

    Per date in a quarter of the chart, its steps ("stap 3", a phase "stap 1b (2/2)")
    joined in the register's order; at the quarter's position minus a half plus
    the share of the quarter passed on that date.
    """
    word = {"nl": "stap", "en": "step"}[lang]
    by_day: dict[date, list[str]] = {}
    for m in load_measures().values():
        for i, day in enumerate(m.in_force, start=1):
            phase = f" ({i}/{len(m.in_force)})" if len(m.in_force) > 1 else ""
            by_day.setdefault(day, []).append(f"{word} {m.step}{phase}")
    out = []
    for day in sorted(by_day):
        q = (day.month - 1) // 3
        name = f"{day.year}Q{q + 1}"
        if name in quarters:
            start = date(day.year, 3 * q + 1, 1)
            end = date(day.year + 1, 1, 1) if q == 3 else date(day.year, 3 * q + 4, 1)
            passed = (day - start).days / (end - start).days
            out.append((quarters.index(name) - 0.5 + passed, ", ".join(by_day[day])))
    return out


def test_no_code_in_the_text_and_quality_checks_in_words(built):
    snake = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
    for name in ("intern", "extern", "english"):
        text = _visible(built[name])
        assert not snake.findall(text), (name, sorted(set(snake.findall(text)))[:5])
    text = _visible(built["intern"])
    quality = text[text.index("Datakwaliteit van de export") :]
    assert "Datum na exportdatum" in quality and "Mogelijke tikfout" in quality
    assert " row " not in quality and "shape" not in quality and "->" not in quality
    # every rejected row of the load is named by file and row, in Dutch
    assert built["sql"]["rejects"]
    for file, row in built["sql"]["rejects"]:
        assert f"bestand {file}, rij {row}" in quality
    # a typo keeps its masked shape, never the raw label
    assert re.search(
        r'onbekend label van de vorm \S.*?, bedoeld is waarschijnlijk "', quality
    )
    assert "file export.csv, row" in _visible(built["english"])


def test_dates_in_words(built):
    for name, words in (("intern", "peildatum 1 november 2026"),
                        ("extern", "peildatum 1 november 2026"),
                        ("english", "reference date 1 November 2026")):  # fmt: skip
        text = _visible(built[name])
        header = text[: text.index("Samenvatting" if name != "english" else "Summary")]
        assert words in " ".join(header.split())
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), name  # no ISO date anywhere
    colophon = _visible(built["intern"]).split("Colofon")[-1]
    assert "Exportdatum 1 november 2026" in " ".join(colophon.split())
    # the machine-readable moment stays, in the page's metadata only
    assert (
        '<meta name="ipgar-as-of" content="2026-11-01T00:00:00+01:00">'
        in built["intern"]
    )


def test_every_heatmap_label_is_shown(built):
    seen = 0
    for name in ("intern", "extern", "english"):
        for _caption, fig in _charts(built[name]):
            for trace in fig["data"]:
                if trace.get("type") != "heatmap":
                    continue
                seen += 1
                layout = fig["layout"]
                assert layout["xaxis"]["tickvals"] == trace["x"]
                assert layout["yaxis"]["tickvals"] == trace["y"]
                assert (
                    layout["xaxis"]["tickmode"]
                    == layout["yaxis"]["tickmode"]
                    == "array"
                )
    assert seen >= 2  # the hand-over heatmap (intern) and the process matrix (extern)
    [handovers] = [
        f for cap, f in _charts(built["intern"]) if cap.startswith("Overdrachten")
    ]
    assert len(handovers["layout"]["xaxis"]["tickvals"]) > 10  # every organisation


def test_caseload_chart_leaves_out_the_empty_majority_and_says_so(built):
    [(_caption, fig)] = [
        (c, f)
        for c, f in _charts(built["intern"])
        if c.startswith("Regisseurs met ten minste")
    ]
    assert all("0" not in t["name"] for t in fig["data"])
    n = built["sql"]["managers_0"]
    assert n > 100  # the majority the chart leaves out
    text = " ".join(_visible(built["intern"]).split())
    assert (
        f"Niet in de grafiek: regisseurs met 0 casussen (wel eerder toegewezen), {n} "
        "aan het eind van oktober 2026." in text
    )


def _page_one(pdf) -> str:
    if pdf is None or shutil.which("pdftotext") is None:
        pytest.fail("the PDF check needs chromium and pdftotext (make sysdeps)")
    return subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def test_pdf_page_one(built):
    page = _page_one(built["intern_pdf"])
    flat = " ".join(page.split())
    assert "peildatum 1 november 2026" in flat
    assert "Melding → instroom, gemiddeld (weken)" in flat
    assert (
        "instroom en uitstroom (onder, eigen schaal)" in flat
    )  # the chart is on page 1
    assert "T00:00" not in flat
    # the chart is drawn, its month axis in Dutch (plotly prints "Jul 2026" in English)
    assert re.search(r"\bjul 2026\b", page) and not re.search(r"\bJul 20", page)
    # inflow is below k: its changes are differences
    inflow = next(
        line for line in page.splitlines() if line.strip().startswith("Instroom in de")
    )
    assert "%" not in inflow and re.search(r"\s-?\d+\s+-?\d+\s+[+-]?\d+\s", inflow)
    english = _page_one(built["english_pdf"])
    assert "reference date 1 November 2026" in " ".join(english.split())
    assert re.search(r"\bJul 2026\b", english)  # the English chart is drawn too


def test_the_network_detail_stays_in_the_intern_report(built, sim_store):
    """Intern: the coordination table and the graph; extern: numbers per size band only."""
    from ipgar_metrics.metrics.network import network_nodes
    from ipgar_metrics.report._texts import t

    month_end = date(int(MONTH[:4]), int(MONTH[5:]) + 1, 1)  # the report's as-of
    with store.connect(sim_store.db, read_only=True) as con:
        persons = list(network_nodes(con, as_of=month_end)["case_id"])
    assert persons  # the simulated store has linked persons in the approach
    intern, extern = built["intern"], built["extern"]
    assert t("network_key_persons") in intern and "Netwerken die afstemming" in intern
    assert any(p in intern for p in persons)  # the intern list names them
    assert t("network_bands") in extern
    for absent in (t("network_key_persons"), "Netwerken die afstemming", "Netwerken:"):
        assert absent not in extern
    for person in persons:
        assert person not in extern and person[:5] not in extern
