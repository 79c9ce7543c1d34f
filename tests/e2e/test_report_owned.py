"""The section "Wat de PTO-R beheert" on a hand-made store; numbers worked by hand.

All events at 12:00 local time. September 2026 is taken at 1 Oct 00:00, October at
1 Nov 00:00; "without review" means nothing for more than 6 months (before 1 Apr
and 1 May 2026).

- case-a: in 6 Jan 2025, ITAT-R 1 Sep 2025, PTO-R statisch 4 Sep, static from 8 Sep,
  never reviewed: listed in September (nieuw) and October (blijvend, 2 months).
- case-b: in 6 Jan 2025, ITAT-R 2 Mar 2026, statisch 5 Mar, static 9 Mar, reviewed
  (PTO-R statisch again) 3 Sep 2026: never listed.
- case-f: in 6 Jan 2025, ITAT-R 26 May 2025, statisch 28 May, static 2 Jun, reviewed
  8 Oct 2026: listed in September, resolved in October.
- case-c: in 6 Jan 2025, ITAT-R 5 Oct 2026 without decision: waiting in October.
- case-d: in 8 Jan 2024, exit 3 Jun 2024 doelen_bereikt, new report 6 Jan 2025.
- case-e: in 8 Jan 2024, exit 2 Sep 2024 risico_afgenomen, no new report.
- case-t: report 3 Mar 2025, IVG-R tussenvariant, PTO-R geen_opname 20 Mar 2025,
  preventive conversation 1 Apr 2025; no new report.

October: static 3 (a, b, f), without review 1 (a); PTO-R decisions after the ITAT-R
agenda from Nov 2025 to Oct 2026: 1 (b, 3 days); waiting 1 (c). Re-reports: doelen
bereikt 12 and 24 months passed 1, reported again 1 (100%); risico afgenomen 1, 0
(0%); intermediate variant 12 months 1, 0 (0%), 24 months 0 (not until Mar 2027).
Exits: 2024 doelen bereikt 1, risico afgenomen 1; 2025 and 2026 none.
"""

from __future__ import annotations

import csv
import html as html_lib
import re

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.report._build import build_report


def ev(case, activity, day, outcome="", org=""):
    return (case, activity, f"{day}T12:00:00", org, outcome)


def intake(case, day="2025-01-06", report="2024-12-02"):
    return [
        ev(case, "melding", report, "MAP"),
        ev(case, "ivgr_advies", report[:8] + "10", "opnemen"),
        ev(case, "ptor_besluit", report[:8] + "12", "opname"),
        ev(case, "instroom", day),
        ev(case, "regisseur_toegewezen", day, org="oov"),
    ]


def static(case, agenda, decided, start):
    return [
        ev(case, "itatr_agendering", agenda),
        ev(case, "ptor_besluit", decided, "statisch"),
        ev(case, "statisch_start", start),
    ]


ROWS = [
    *intake("case-a"),
    *static("case-a", "2025-09-01", "2025-09-04", "2025-09-08"),
    *intake("case-b"),
    *static("case-b", "2026-03-02", "2026-03-05", "2026-03-09"),
    ev("case-b", "ptor_besluit", "2026-09-03", "statisch"),
    *intake("case-f"),
    *static("case-f", "2025-05-26", "2025-05-28", "2025-06-02"),
    ev("case-f", "ptor_besluit", "2026-10-08", "statisch"),
    *intake("case-c"),
    ev("case-c", "itatr_agendering", "2026-10-05"),
    *intake("case-d", "2024-01-08", "2023-12-04"),
    ev("case-d", "uitstroom", "2024-06-03", "doelen_bereikt"),
    ev("case-d", "melding", "2025-01-06", "MAP"),
    *intake("case-e", "2024-01-08", "2023-12-04"),
    ev("case-e", "uitstroom", "2024-09-02", "risico_afgenomen"),
    ev("case-t", "melding", "2025-03-03", "MAP"),
    ev("case-t", "ivgr_advies", "2025-03-11", "tussenvariant"),
    ev("case-t", "ptor_besluit", "2025-03-20", "geen_opname"),
    ev("case-t", "preventief_gesprek", "2025-04-01"),
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("owned")
    db = root / "owned.duckdb"
    frame = pd.DataFrame(
        ROWS, columns=["case_id", "activity", "timestamp", "org", "outcome"]
    ).replace("", None)
    local = pd.to_datetime(frame["timestamp"]).dt.tz_localize("Europe/Amsterdam")
    frame["timestamp"] = local.map(lambda t: t.isoformat())
    frame["event_id"] = None
    con = store.connect(db, read_only=False)
    store.insert_events(con, frame)
    con.close()
    out = {}
    for month in ("2026-09", "2026-10"):
        [html] = build_report(db=db, month=month, out_dir=root / month, pdf=False)
        out[month] = html
    [html, _cells] = build_report(
        db=db, month="2026-10", out_dir=root / "extern", audience="extern", pdf=False
    )
    out["extern"] = html
    return out


def section(path):
    """The section's HTML as written (cell texts still escaped)."""
    text = path.read_text(encoding="utf-8")
    start = text.index('<section id="owned"')
    return text[start : text.index("</section>", start)]


def figures(path):
    rows = re.findall(
        r'<tr><td class="text">([^<]*)</td><td class="(?:n|stat)">([^<]*)</td></tr>',
        section(path),
    )
    return {html_lib.unescape(k): html_lib.unescape(v) for k, v in rows}


def table(path, title):
    """The rows of the table under heading ``title``, as lists of cell texts."""
    part = section(path)
    body = part[part.index(f"<h3>{html_lib.escape(title)}</h3>") :]
    body = body[: body.index("</table>")]
    return [
        [html_lib.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
        if "<td" in row
    ]


def test_key_figures_by_hand(reports):
    got = figures(reports["2026-10"])
    assert got["Statische casussen aan het eind van de maand"] == "3"
    assert got["waarvan langer dan 6 maanden zonder herbeoordeling"] == "1"
    assert got["PTO-R-besluiten na ITAT-R-agendering (12 maanden)"] == "1"
    assert got["ITAT-R-agendering → PTO-R-besluit, mediaan (dagen)"] == "3"
    assert got["ITAT-R-agenderingen nog zonder PTO-R-besluit"] == "1"
    sep = figures(reports["2026-09"])
    assert sep["Statische casussen aan het eind van de maand"] == "3"
    assert sep["waarvan langer dan 6 maanden zonder herbeoordeling"] == "2"
    assert sep["ITAT-R-agenderingen nog zonder PTO-R-besluit"] == "0"


def test_rereports_and_exits_by_hand(reports):
    rows = table(reports["2026-10"], "Nieuwe melding binnen 12 en 24 maanden")
    assert rows == [
        ["doelen bereikt", "1", "1", "100%", "1", "1", "100%"],
        ["risico afgenomen", "1", "0", "0%", "1", "0", "0%"],
        ["tussenvariant (preventief gesprek)", "1", "0", "0%", "0", "0", "–"],
    ]
    exits = table(reports["2026-10"], "Uitstroom per reden en jaar")
    assert exits == [
        ["doelen bereikt", "1", "0", "0", "1"],
        ["risico afgenomen", "1", "0", "0", "1"],
        ["totaal", "2", "0", "0", "2"],
    ]


def _actions(path):
    folder, month = path.parent, path.name.split("-intern")[0]
    with (folder / f"{month}-intern.actions.csv").open(encoding="utf-8") as f:
        return [r for r in csv.reader(f) if r[0] == "stilstand_zonder_evaluatie"]


def test_the_list_of_static_cases_without_review_has_a_memory(reports):
    assert sorted(_actions(reports["2026-09"])) == [
        ["stilstand_zonder_evaluatie", "case-a", "nieuw", "1"],
        ["stilstand_zonder_evaluatie", "case-f", "nieuw", "1"],
    ]
    assert _actions(reports["2026-10"]) == [
        ["stilstand_zonder_evaluatie", "case-a", "blijvend", "2"]
    ]
    rows = table(
        reports["2026-10"],
        "Statische casussen langer dan 6 maanden zonder herbeoordeling",
    )
    assert [(r[0], r[1], r[3], r[-1]) for r in rows] == [
        ("case-a", "8-9-2025", "0", "blijvend (2 mnd)")
    ]
    resolved = re.findall(
        r"Opgelost sinds vorige maand: ([^<]*)<", section(reports["2026-10"])
    )
    assert resolved == ["case-f"]


def test_extern_shows_counts_only_and_suppressed(reports):
    part = section(reports["extern"])
    assert "case-" not in part
    assert "mediaan" not in part and "aandeel" not in part
    got = figures(reports["extern"])
    # every count of this store is below 10: all four shown as "<10"
    assert got == {
        "Statische casussen aan het eind van de maand": "<10",
        "waarvan langer dan 6 maanden zonder herbeoordeling": "<10",
        "PTO-R-besluiten na ITAT-R-agendering (12 maanden)": "<10",
        "ITAT-R-agenderingen nog zonder PTO-R-besluit": "<10",
    }
    for title in (
        "Nieuwe melding binnen 12 en 24 maanden",
        "Uitstroom per reden en jaar",
    ):
        cells = [c for row in table(reports["extern"], title) for c in row[1:]]
        assert cells and set(cells) == {"<10"}
    assert "per maand van het besluit" not in part
