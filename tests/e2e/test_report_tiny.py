"""The report on a hand-made store of three cases: key figures worked out by hand.

Case a: melding 3 Aug 10:00, IVG-R 10 Aug, PTO-R opname 13 Aug, instroom 17 Aug
        10:00 (lead time 14.0 days), case manager oov, contact 1 Sep, intervention by
        oov (own organisation) 15 Sep.
Case b: melding 1 Sep 10:00, IVG-R 8 Sep, PTO-R opname 10 Sep, instroom 5 Oct 10:00
        (lead time 34.0 days), case manager politie, intervention by buurtteam (not
        own) 20 Oct.
Case c: melding 1 Oct, IVG-R "meer informatie" 10 Oct: still open, no decision.
Case d: melding 5 Oct, IVG-R 12 Oct, PTO-R opname 20 Oct, no intake yet: open, but
        decided (accepted, awaiting intake); never in the approach, so no stock,
        flow or contact figure changes.

October 2026: inflow 1 (b), outflow 0, stock 2 (a, b); lead times report -> intake
in Nov 2025 - Oct 2026: 14 and 34 days (2.0 and 4.86 weeks) -> n 2, mean 24 days =
3.4 weeks; median and p90 are not given
over fewer than 10 reports ("te weinig meldingen"); reports without a decision 1 (c),
accepted and awaiting intake 1 (d); own-organisation share 1 of 2 = 50 %; no active
case without contact or intervention for 90 days (a: last action 15 Sep = 47 days
before 1 Nov).
"""

from __future__ import annotations

import html as html_lib
import re

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.report._build import build_report, default_month

ROWS = [
    ("case-a", "melding", "2026-08-03T10:00:00+02:00", "", "", "", "MAP"),
    ("case-a", "ivgr_advies", "2026-08-10T11:00:00+02:00", "", "", "", "opnemen"),
    ("case-a", "ptor_besluit", "2026-08-13T14:00:00+02:00", "", "", "", "opname"),
    ("case-a", "instroom", "2026-08-17T10:00:00+02:00", "", "", "", ""),
    ("case-a", "regisseur_toegewezen", "2026-08-18T10:00:00+02:00", "oov", "mgr-1", "", ""),
    ("case-a", "contact", "2026-09-01T10:00:00+02:00", "oov", "mgr-1", "", ""),
    ("case-a", "interventie_start", "2026-09-15T10:00:00+02:00", "oov", "mgr-1", "inkomen", ""),
    ("case-b", "melding", "2026-09-01T10:00:00+02:00", "", "", "", "CTER"),
    ("case-b", "ivgr_advies", "2026-09-08T11:00:00+02:00", "", "", "", "opnemen"),
    ("case-b", "ptor_besluit", "2026-09-10T14:00:00+02:00", "", "", "", "opname"),
    ("case-b", "instroom", "2026-10-05T10:00:00+02:00", "", "", "", ""),
    ("case-b", "regisseur_toegewezen", "2026-10-06T10:00:00+02:00", "politie", "mgr-2", "", ""),
    ("case-b", "interventie_start", "2026-10-20T10:00:00+02:00", "buurtteam", "mgr-2", "wonen", ""),
    ("case-c", "melding", "2026-10-01T10:00:00+02:00", "", "", "", "MAP"),
    ("case-c", "ivgr_advies", "2026-10-10T11:00:00+02:00", "", "", "", "meer_informatie"),
    ("case-d", "melding", "2026-10-05T10:00:00+02:00", "", "", "", "MAP"),
    ("case-d", "ivgr_advies", "2026-10-12T11:00:00+02:00", "", "", "", "opnemen"),
    ("case-d", "ptor_besluit", "2026-10-20T14:00:00+02:00", "", "", "", "opname"),
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    frame = pd.DataFrame(
        ROWS,
        columns=[
            "case_id",
            "activity",
            "timestamp",
            "org",
            "case_manager",
            "life_domain",
            "outcome",
        ],
    ).replace("", None)
    frame["event_id"] = None
    frame["report_source"] = frame.groupby("case_id")["outcome"].transform("first")
    con = store.connect(db, read_only=False)
    store.insert_events(con, frame)
    con.close()
    return db


def _figures(path):
    text = path.read_text(encoding="utf-8")
    rows = re.findall(
        r'<td class="label kf-(\w+)">[^<]*</td><td class="\w+">([^<]*)</td>', text
    )
    return {key: html_lib.unescape(value) for key, value in rows}


def test_default_month_without_export_date(tiny_db):
    con = store.connect(tiny_db)
    try:
        # no load manifest: the month before the month of the last event (20 Oct)
        assert default_month(con) == "2026-09"
    finally:
        con.close()


def test_tiny_key_figures_by_hand(tiny_db, tmp_path):
    [html] = build_report(db=tiny_db, month="2026-10", out_dir=tmp_path, pdf=False)
    got = _figures(html)
    assert got["inflow"] == "1"
    assert got["outflow"] == "0"
    assert got["stock"] == "2"
    # the plan's lead time report -> intake in weeks: 14 d = 2.0 and 34 d = 4.86
    # weeks; mean 24 d = 3.43 weeks; median and p90 not over fewer than 10
    assert got["intake_n"] == "2"
    assert got["intake_mean"] == "3,4"
    assert got["intake_median"] == "te weinig meldingen"
    assert got["intake_p90"] == "te weinig meldingen"
    assert got["intake_range"] == "2,0–4,9"
    assert got["open"] == "1"
    assert got["awaiting_intake"] == "1"
    assert got["contact"] == "0"
    assert got["own_share"] == "50%"


def _labels(path):
    text = path.read_text(encoding="utf-8")
    rows = re.findall(r'<td class="label kf-(\w+)">([^<]*)</td>', text)
    return {key: html_lib.unescape(value) for key, value in rows}


def test_tiny_key_figure_labels_say_what_they_count(tiny_db, tmp_path):
    [html] = build_report(db=tiny_db, month="2026-10", out_dir=tmp_path, pdf=False)
    names = _labels(html)
    assert names["intake_median"].startswith("Melding → instroom, mediaan (weken)")
    assert names["intake_mean"].startswith("Melding → instroom, gemiddeld (weken)")
    assert names["open"] == "Meldingen nog zonder besluit"
    assert names["awaiting_intake"] == "Besloten tot opname, wacht op instroom"
    text = html_lib.unescape(html.read_text(encoding="utf-8"))
    assert "Doorlooptijd melding → besluit" not in text
    # the note says what the mean is over
    assert "Doorlooptijd als in het plan van aanpak: melding tot instroom" in text
    [en] = build_report(
        db=tiny_db, month="2026-10", out_dir=tmp_path / "en", lang="en", pdf=False
    )
    got = _figures(en)
    assert got["intake_median"] == "too few reports"
    assert _labels(en)["awaiting_intake"] == "Accepted, awaiting intake"


def test_tiny_extern_hides_everything_small(tiny_db, tmp_path):
    [html, _cells] = build_report(
        db=tiny_db, month="2026-10", out_dir=tmp_path, audience="extern", pdf=False
    )
    got = _figures(html)
    for key in ("inflow", "outflow", "stock", "intake_n", "open", "contact"):
        assert got[key] == "<10", key
    assert got["awaiting_intake"] == "<10"
    for key in (
        "intake_mean",
        "intake_median",
        "intake_p90",
        "intake_range",
        "own_share",
        "active",
    ):
        assert got[key] == "–", key
    text = html.read_text(encoding="utf-8")
    assert "case-a" not in text and "mgr-1" not in text and "case-d" not in text


def test_month_checks(tiny_db, tmp_path):
    with pytest.raises(ConfigError, match="YYYY-MM"):
        build_report(db=tiny_db, month="2026-13", out_dir=tmp_path, pdf=False)
    with pytest.raises(ConfigError, match="no events before"):
        build_report(db=tiny_db, month="2026-07", out_dir=tmp_path, pdf=False)
    with pytest.raises(ConfigError, match="audience"):
        build_report(
            db=tiny_db, month="2026-10", out_dir=tmp_path, audience="public", pdf=False
        )


def test_a_store_where_nobody_was_taken_in_gives_a_report(tmp_path):
    # only reports still open (cases c and d): no integrality to compute, no traceback
    db = tmp_path / "open.duckdb"
    rows = [r for r in ROWS if r[0] in ("case-c", "case-d")]
    frame = pd.DataFrame(
        rows,
        columns=[
            "case_id", "activity", "timestamp", "org", "case_manager",
            "life_domain", "outcome",
        ],
    ).replace("", None)  # fmt: skip
    frame["event_id"] = None
    con = store.connect(db, read_only=False)
    store.insert_events(con, frame)
    con.close()
    [html] = build_report(db=db, month="2026-10", out_dir=tmp_path, pdf=False)
    text = html_lib.unescape(html.read_text(encoding="utf-8"))
    assert "Gemiddeld aantal organisaties per casus: –" in text
