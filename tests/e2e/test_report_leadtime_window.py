"""The report's lead-time tables all cover the same 12 months, the mean beside the median.

Report month October 2026: window 1 November 2025 to 31 October 2026, reference time
1-11-2026 00:00 (+01:00). Summer times are +02:00, so every lead time below is a
whole number of days (the one across the October 2025 DST change is set to be).

old-1     melding 2024-01-10, geen_opname 2024-02-09 (30 d)    ended before the window
old-2     melding 2024-03-01, geen_opname 2024-03-21 (20 d)    ended before the window
straddle  melding 2025-09-01 10:00+02, geen_opname 2025-11-20 09:00+01 (80 d)
in-1      melding 2026-04-01, opname 04-15, instroom 04-29     (28 d)
in-2      melding 2026-05-04, geen_opname 05-14                (10 d)
in-3      melding 2026-06-01, opname 06-11, instroom 07-21     (50 d)
open-1    melding 2026-09-01, nothing after: no decision
open-2    melding 2026-10-01, opname 10-15, no intake yet: accepted, awaiting intake

Completed in the window: straddle, in-1, in-2, in-3 -> n 4, mean 168 / 4 = 42 days;
fewer than 10, so no median or p90 ("te weinig meldingen").
With the open ones (the Kaplan-Meier and incidence tables): those 4 plus open-1 and
open-2 = 6 reports, 2 open. Intake: in-1, in-3 (2); no intake: straddle, in-2 (2).
All history would be 8 reports with 4 refusals: the old ones must not count.
Key figures: without a decision 1 (open-1), awaiting intake 1 (open-2).
"""

from __future__ import annotations

import html as html_lib
import re

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.report._build import build_report


def _episode(cid, melding, decision=None, outcome=None, instroom=None):
    rows = [(cid, "melding", melding, None)]
    if decision:
        rows.append((cid, "ptor_besluit", decision, outcome))
    if instroom:
        rows.append((cid, "instroom", instroom, None))
    return rows


ROWS = [
    *_episode("old-1", "2024-01-10T10:00:00+01:00", "2024-02-09T10:00:00+01:00", "geen_opname"),
    *_episode("old-2", "2024-03-01T10:00:00+01:00", "2024-03-21T10:00:00+01:00", "geen_opname"),
    *_episode("straddle", "2025-09-01T10:00:00+02:00", "2025-11-20T09:00:00+01:00", "geen_opname"),
    *_episode("in-1", "2026-04-01T10:00:00+02:00", "2026-04-15T10:00:00+02:00", "opname",
              "2026-04-29T10:00:00+02:00"),
    *_episode("in-2", "2026-05-04T10:00:00+02:00", "2026-05-14T10:00:00+02:00", "geen_opname"),
    *_episode("in-3", "2026-06-01T10:00:00+02:00", "2026-06-11T10:00:00+02:00", "opname",
              "2026-07-21T10:00:00+02:00"),
    *_episode("open-1", "2026-09-01T10:00:00+02:00"),
    *_episode("open-2", "2026-10-01T10:00:00+02:00", "2026-10-15T10:00:00+02:00", "opname"),
]  # fmt: skip

WINDOW = "1 november 2025 t/m 31 oktober 2026"  # dates in words


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("window")
    frame = pd.DataFrame(ROWS, columns=["case_id", "activity", "timestamp", "outcome"])
    frame["report_source"] = "MAP"
    frame["org"] = None
    con = store.connect(tmp / "w.duckdb", read_only=False)
    store.insert_events(con, frame)
    con.close()
    [html] = build_report(db=tmp / "w.duckdb", month="2026-10", out_dir=tmp, pdf=False)
    return html.read_text(encoding="utf-8")


def _table(text, title_start):
    """The rows (lists of cell texts) of the table whose title starts so."""
    m = re.search(
        r"<h3>" + re.escape(title_start) + r"[^<]*</h3>\s*<table[^>]*>(.*?)</table>",
        html_lib.unescape(text.replace("&lt;", "‹")),
        re.S,
    )
    assert m, title_start
    body = m.group(1).split("<tbody>")[1]
    return [
        [cell.replace("‹", "<") for cell in re.findall(r"<td[^>]*>([^<]*)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_stage_table_shows_the_mean_and_no_median_of_four(report):
    rows = {r[0]: r for r in _table(report, f"Meldingen afgerond van {WINDOW}")}
    total = rows["totaal"]
    # fase, aantal, gemiddeld, mediaan, p90, let op
    assert total[1:5] == ["4", "42", "te weinig meldingen", "te weinig meldingen"]
    assert total[5] == "weinig meldingen (< 10)"
    text = html_lib.unescape(report)
    assert "‘gemiddeld 8 weken’" in text
    assert "Te weinig meldingen’: minder dan 10 afgeronde meldingen" in text


def test_km_table_covers_the_same_window_plus_the_open_ones(report):
    title = (
        f"Tijd tot een besluit, met open meldingen: afgerond van {WINDOW} of open op"
    )
    rows = {r[0]: r for r in _table(report, title)}
    assert set(rows) == {"besluit (welk ook)", "instroom of eindbesluit"}
    for row in rows.values():
        assert row[1:3] == ["6", "2"]  # not the 8 reports of all history
    assert "open op 1 november 2026" in html_lib.unescape(report)


def test_incidence_table_covers_the_same_window(report):
    rows = {r[0]: r for r in _table(report, "Uitkomst van de meldingen (afgerond van")}
    assert rows["instroom"][1] == "2"
    assert rows["geen instroom"][1] == "2"  # old-1 and old-2 left out
    # Aalen-Johansen over the 6: in-2 refused at 10 d (6 at risk): S 5/6, F_geen 1/6;
    # in-1 taken in at 28 d (5 at risk): F_in 5/6 * 1/5 = 1/6, S 4/6; open-2
    # censored at 30.625 d; in-3 at 50 d (3 at risk): F_in += 4/6 * 1/3 -> 7/18, S 4/9;
    # open-1 censored at 60.625 d; straddle refused at 80 d (1 at risk): F_geen += 4/9
    # -> 11/18. Within 8 weeks (56 d): 39% and 17%; 12 and 32 weeks: 39% and 61%.
    # The median of those with an outcome rests on 2: not given.
    assert rows["instroom"][2:] == ["39%", "39%", "39%", "te weinig meldingen"]
    assert rows["geen instroom"][2:] == ["17%", "61%", "61%", "te weinig meldingen"]


def test_information_loops_table_covers_the_same_window(report):
    rows = _table(report, "Doorlooptijd naar aantal informatie-aanvragen (afgerond van")
    assert rows == [["0", "4", "42", "te weinig meldingen", "te weinig meldingen"]]


def test_key_figures_split_open_from_awaiting_intake(report):
    got = dict(
        re.findall(
            r'<td class="label kf-(\w+)">[^<]*</td><td class="\w+">([^<]*)</td>', report
        )
    )
    # the plan's lead time, report -> intake in weeks: in-1 28 d = 4 weeks, in-3
    # 50 d = 7 1/7 weeks; mean 39 / 7 = 5.57; two intakes: no median
    assert got["intake_n"] == "2"
    assert got["intake_mean"] == "5,6"
    assert got["intake_median"] == "te weinig meldingen"
    assert got["intake_range"] == "4,0–7,1"
    assert got["open"] == "1"
    assert got["awaiting_intake"] == "1"
