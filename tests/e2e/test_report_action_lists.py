"""Action lists with a memory: two consecutive intern reports of a hand-made store.

Four cases, all taken in on 4 May 2026 10:00 (melding, IVG-R, PTO-R, instroom, case
manager), none with an intervention. A report of month M is taken at the first day
after M: September at 1 Oct, October at 1 Nov.

Contact gaps: an active case whose last contact (or instroom) and last intervention
(or instroom) are both more than 90 days before the reference time.

- case-x: last contact 5 May. 1 Oct: 149 days -> listed; 1 Nov: 180 -> listed.
- case-y: last contact 10 Jul. 1 Oct: 82.6 days -> not; 1 Nov: 113.6 -> listed.
- case-z: contact 20 May, then 15 Oct. 1 Oct: 134 days -> listed; 1 Nov: 17 -> not.
- case-w: contacts 1 Aug, 25 Sep, 20 Oct. 1 Oct: 6 days; 1 Nov: 12: never listed.
- case-v: melding 5 Oct only (not in the approach).

Rule violations ("Na instroom volgt een notificatie"): x and z have a notificatie the
day after instroom; y has one on 10 Oct (after 1 Oct); w has none. September: w, y;
October: w.

September (no earlier report): contact gaps x, z; rules w, y; all ``nieuw`` (1 month),
nothing resolved. October: contact gaps x ``blijvend`` (2 months), y ``nieuw``,
resolved z; rules w ``blijvend`` (2 months), resolved y. No case is long in the
approach (730 days), so that list is empty.
"""

from __future__ import annotations

import csv
import html as html_lib
import json
import re
import stat

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.report._build import build_report


def _intake(case: str) -> list[tuple[str, ...]]:
    return [
        (case, "melding", "2026-04-01T10:00:00+02:00", "", "", "", "MAP"),
        (case, "ivgr_advies", "2026-04-10T11:00:00+02:00", "", "", "", "opnemen"),
        (case, "ptor_besluit", "2026-04-20T14:00:00+02:00", "", "", "", "opname"),
        (case, "instroom", "2026-05-04T10:00:00+02:00", "", "", "", ""),
        (case, "regisseur_toegewezen", "2026-05-04T11:00:00+02:00", "oov", "mgr-1", "", ""),
    ]  # fmt: skip


def _contact(case: str, day: str) -> tuple[str, ...]:
    return (case, "contact", f"{day}T10:00:00+02:00", "oov", "mgr-1", "", "")


def _notification(case: str, day: str) -> tuple[str, ...]:
    return (case, "notificatie", f"{day}T10:00:00+02:00", "", "", "", "")


ROWS = [
    *_intake("case-x"),
    _notification("case-x", "2026-05-05"),
    _contact("case-x", "2026-05-05"),
    *_intake("case-y"),
    _contact("case-y", "2026-07-10"),
    _notification("case-y", "2026-10-10"),
    *_intake("case-z"),
    _notification("case-z", "2026-05-05"),
    _contact("case-z", "2026-05-20"),
    _contact("case-z", "2026-10-15"),
    *_intake("case-w"),
    _contact("case-w", "2026-08-01"),
    _contact("case-w", "2026-09-25"),
    _contact("case-w", "2026-10-20"),
    ("case-v", "melding", "2026-10-05T10:00:00+02:00", "", "", "", "MAP"),
]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "lists.duckdb"
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
    con = store.connect(path, read_only=False)
    store.insert_events(con, frame)
    con.close()
    return path


def _actions(folder, month):
    path = folder / f"ptor-{month}-intern.actions.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return path, list(csv.reader(f))


def _gap_rows(html_path):
    """(pseudonym, status) of each row of the contact-gap list in the HTML."""
    text = html_lib.unescape(html_path.read_text(encoding="utf-8"))
    found = re.findall(r"(case-[a-z])</td>(?:<td[^>]*>[^<]*</td>)*?<td[^>]*>"
                       r"(nieuw|blijvend \(\d+ mnd\))</td>", text)  # fmt: skip
    return found


HEADER = ["lijst", "pseudoniem", "status", "maanden_op_lijst"]  # the readers' words


def test_two_consecutive_reports_show_new_staying_and_resolved(db, tmp_path):
    sep, oct_ = tmp_path / "sep", tmp_path / "oct"
    [sep_html] = build_report(db=db, month="2026-09", out_dir=sep, pdf=False)
    path, rows = _actions(sep, "2026-09")
    assert rows[0] == HEADER
    assert sorted(rows[1:]) == [
        ["afwijking_van_werkafspraak", "case-w", "nieuw", "1"],
        ["afwijking_van_werkafspraak", "case-y", "nieuw", "1"],
        ["geen_recent_contact", "case-x", "nieuw", "1"],
        ["geen_recent_contact", "case-z", "nieuw", "1"],
    ]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entry = json.loads(store.log_path(db).read_text(encoding="utf-8").splitlines()[-1])
    assert entry["command"] == "report.build_report"
    assert str(path) in [o["path"] for o in entry["outputs"]]
    [oct_html] = build_report(db=db, month="2026-10", out_dir=oct_, pdf=False)
    _, rows = _actions(oct_, "2026-10")
    assert rows[0] == HEADER
    assert sorted(rows[1:]) == [
        ["afwijking_van_werkafspraak", "case-w", "blijvend", "2"],
        ["geen_recent_contact", "case-x", "blijvend", "2"],
        ["geen_recent_contact", "case-y", "nieuw", "1"],
    ]
    assert sorted(_gap_rows(sep_html)) == [
        ("case-w", "nieuw"),
        ("case-x", "nieuw"),
        ("case-y", "nieuw"),
        ("case-z", "nieuw"),
    ]
    assert sorted(_gap_rows(oct_html)) == [
        ("case-w", "blijvend (2 mnd)"),
        ("case-x", "blijvend (2 mnd)"),
        ("case-y", "nieuw"),
    ]
    text = html_lib.unescape(oct_html.read_text(encoding="utf-8"))
    resolved = re.findall(r"Opgelost sinds vorige maand: ([^<]*)<", text)
    # in reading order: rule violations (y), contact gaps (z), long stays (none),
    # static cases without review (none)
    assert resolved == ["case-y", "case-z", "geen", "geen"]


def test_the_store_records_what_each_intern_report_listed(db, tmp_path):
    build_report(db=db, month="2026-09", out_dir=tmp_path, pdf=False)
    build_report(db=db, month="2026-10", out_dir=tmp_path, pdf=False)
    build_report(db=db, month="2026-10", out_dir=tmp_path, pdf=False)  # again: same
    con = store.connect(db)
    try:
        got = con.execute(
            "SELECT month, list, case_id FROM report_lists ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    assert got == [
        ("2026-09", "contact_gaps", "case-x"),
        ("2026-09", "contact_gaps", "case-z"),
        ("2026-09", "rule_violations", "case-w"),
        ("2026-09", "rule_violations", "case-y"),
        ("2026-10", "contact_gaps", "case-x"),
        ("2026-10", "contact_gaps", "case-y"),
        ("2026-10", "rule_violations", "case-w"),
    ]


def test_the_extern_report_records_and_writes_no_list(db, tmp_path):
    build_report(db=db, month="2026-09", out_dir=tmp_path, audience="extern", pdf=False)
    con = store.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM report_lists").fetchall() == [(0,)]
    finally:
        con.close()
    assert not list(tmp_path.glob("*.actions.csv"))


def test_a_case_off_the_list_for_a_month_comes_back_as_new(db, tmp_path):
    """Months on the list count without a break: a gap month starts again at 1."""
    con = store.connect(db, read_only=False)
    con.execute(
        "INSERT INTO report_lists VALUES ('2026-08', 'contact_gaps', 'case-y', "
        "'S0', now()), ('2026-07', 'contact_gaps', 'case-x', 'S0', now())"
    )
    con.close()
    build_report(db=db, month="2026-09", out_dir=tmp_path, pdf=False)
    _, rows = _actions(tmp_path, "2026-09")
    # x: on July's list, not on August's -> new again; z: new
    assert sorted(r for r in rows[1:] if r[0] == "geen_recent_contact") == [
        ["geen_recent_contact", "case-x", "nieuw", "1"],
        ["geen_recent_contact", "case-z", "nieuw", "1"],
    ]
    html = (tmp_path / "ptor-2026-09-intern.html").read_text(encoding="utf-8")
    # y was on August's contact-gap list and is not on September's
    resolved = re.findall(r"Opgelost sinds vorige maand: ([^<]*)<", html)
    assert resolved == ["geen", "case-y", "geen", "geen"]


def test_a_restricted_person_is_not_named_as_resolved(db, tmp_path):
    """z was on September's list; once restricted (art. 18) October does not name it."""
    build_report(db=db, month="2026-09", out_dir=tmp_path, pdf=False)
    con = store.connect(db, read_only=False)
    con.execute(
        "INSERT INTO restricted_cases VALUES ('case-z', NULL, NULL, NULL, now())"
    )
    con.close()
    [html] = build_report(db=db, month="2026-10", out_dir=tmp_path, pdf=False)
    text = html_lib.unescape(html.read_text(encoding="utf-8"))
    resolved = re.findall(r"Opgelost sinds vorige maand: ([^<]*)<", text)
    assert resolved == ["case-y", "geen", "geen", "geen"]
