"""Revision notes and the frozen baseline: reports before and after a correction and a purge.

A hand-made store, loaded from two exports (canonical columns, event ids):

- Cases A-E: melding 1 Jul 2026 10:00 (MAP), IVG-R advice (opnemen) 1 Aug, PTO-R
  decision (opname) 10 Aug, instroom in September at 10:00: A 16 Sep, B 2, C 3, D 4,
  E 7 Sep; then a case manager. Lead times (melding -> instroom, days, all in summer
  time; the summary gives them in weeks, days / 7, with one decimal): A 77 (11.0
  weeks), B 63 (9.0), C 64, D 65, E 68 (9.71).
- Case P: melding 10 Jan 2022, advice 20 Jan, decision 1 Feb, instroom 10 Feb 2022
  (lead time 31 days = 4.43 weeks, winter time), uitstroom 15 Jun 2022.
- Case P2: melding 6 Jan 2025, advice 16 Jan, decision 3 Feb, instroom 10 Feb 2025
  (lead time 35 days = 5.0 weeks, winter time), uitstroom 16 Jun 2025.
- Case Q: melding 5 Jan 2022, advice 15 Jan, decision 1 Feb, instroom 1 Mar 2022
  (lead time 55 days = 7.86 weeks, winter time), no exit and no contact: in the
  approach and a contact gap in every month since, never purged.

Export 1 (export date 1 Oct 2026). Reports: intern June 2022 (the baseline month of
the example register's measure "map-triage", in force 1 Jul 2022: its baseline period
ends in June 2022), intern June 2025, intern September 2026, extern September 2026
with k = 5.

Export 2 (export date 1 Nov 2026) corrects A's instroom and its case-manager
assignment (same event ids) to 6 Oct 2026, and adds a contact of B on 20 Oct. Then a purge of the persons whose approach ended
before 1 Jul 2025: P and P2. Reports of October 2026, intern and extern (k = 5): they
compare the months of their last 24 (November 2024 on), and the baseline always.

By hand, September 2026 as published -> as now (as of 1 Oct 2026):
inflow 5 -> 4, in the approach 6 -> 5, of which active 6 -> 5, intakes (the lead
time's n) 5 -> 4, mean lead time (77+63+64+65+68)/5 = 67.4 days = 9.63 weeks -> 9,6
to (63+64+65+68)/4 = 65 days = 9.29 weeks -> 9,3, shortest-longest 63/7-77/7 =
9,0-11,0 to 9,0-68/7 = 9,0-9,7, decided and awaiting intake 0 -> 1 (A). Median and
p90 are left out below 10 both times; outflow (0), open reports (0), contact gaps
(Q: 1) unchanged. Why: two
corrected events, loaded by the second load; the purge (ended before 1 Jul 2025)
cannot touch a month whose 12-month period starts in October 2025.
June 2025 as published -> as now: outflow 1 -> 0, intakes 1 -> 0, mean lead time
5,0 -> not shown and shortest-longest 5,0-5,0 -> not shown (no intake in the 12
months: the summary shows "–"); why: the purge (its date is after the start of
the month's 12-month period, July 2024), nothing else (A's events are of 2026). At
the end of June 2025 in the approach and active 1 (Q) before and after.
June 2022, the frozen baseline, as published -> as now: outflow 1 -> 0, intakes
2 -> 1, mean lead time (31+55)/2 = 43 days = 6.14 weeks -> 6,1 to 55/7 = 7.86 -> 7,9,
shortest-longest 31/7-55/7 = 4,4-7,9 to 7,9-7,9. No other figure of June 2022
involves P (inflow 0; at the end of June in the approach and active 1, Q, and a
contact gap 1, Q). June 2022 is older than 24 months: no month line of its own,
only the baseline's.
Extern with k = 5: inflow, intakes, the mean lead time and its range were 5 or
rested on 5 cases and are now 4 (below k): each is only "herzien", no number; in
the approach 6 -> 5 stays at k or above and is shown; active and awaiting intake
are hidden then and now.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import duckdb
import pytest

from ipgar_metrics import config, governance
from ipgar_metrics.ingest import load
from ipgar_metrics.report._build import build_report
from ipgar_metrics.report._texts import t

HEADER = "case_id,activity,timestamp,org,case_manager,outcome,event_id,report_source"
INTAKE = {"A": "2026-09-16", "B": "2026-09-02", "C": "2026-09-03", "D": "2026-09-04",
          "E": "2026-09-07"}  # fmt: skip


def _case(case: str, instroom: str) -> list[str]:
    return [
        f"{case},melding,2026-07-01T10:00:00+02:00,,,MAP,{case}1,MAP",
        f"{case},ivgr_advies,2026-08-01T10:00:00+02:00,,,opnemen,{case}2,MAP",
        f"{case},ptor_besluit,2026-08-10T10:00:00+02:00,,,opname,{case}3,MAP",
        f"{case},instroom,{instroom}T10:00:00+02:00,,,,{case}4,MAP",
        f"{case},regisseur_toegewezen,{instroom}T11:00:00+02:00,oov,m-1,,{case}5,MAP",
    ]


P_ROWS = [
    "P,melding,2022-01-10T10:00:00+01:00,,,MAP,P1,MAP",
    "P,ivgr_advies,2022-01-20T10:00:00+01:00,,,opnemen,P2,MAP",
    "P,ptor_besluit,2022-02-01T10:00:00+01:00,,,opname,P3,MAP",
    "P,instroom,2022-02-10T10:00:00+01:00,,,,P4,MAP",
    "P,uitstroom,2022-06-15T10:00:00+02:00,,,risico_afgenomen,P5,MAP",
    "P2,melding,2025-01-06T10:00:00+01:00,,,MAP,R1,MAP",
    "P2,ivgr_advies,2025-01-16T10:00:00+01:00,,,opnemen,R2,MAP",
    "P2,ptor_besluit,2025-02-03T10:00:00+01:00,,,opname,R3,MAP",
    "P2,instroom,2025-02-10T10:00:00+01:00,,,,R4,MAP",
    "P2,uitstroom,2025-06-16T10:00:00+02:00,,,risico_afgenomen,R5,MAP",
    "Q,melding,2022-01-05T10:00:00+01:00,,,MAP,Q1,MAP",
    "Q,ivgr_advies,2022-01-15T10:00:00+01:00,,,opnemen,Q2,MAP",
    "Q,ptor_besluit,2022-02-01T10:00:00+01:00,,,opname,Q3,MAP",
    "Q,instroom,2022-03-01T10:00:00+01:00,,,,Q4,MAP",  # no exit: never purged
]


def _export(path, corrected: bool):
    rows = list(P_ROWS)
    for case, day in INTAKE.items():
        rows += _case(case, "2026-10-06" if corrected and case == "A" else day)
    if corrected:
        rows.append("B,contact,2026-10-20T10:00:00+02:00,oov,m-1,,B6,MAP")
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _text(path) -> str:
    """The report's visible text, tags removed and entities unescaped."""
    raw = re.sub(r"<script.*?</script>", " ", path.read_text(encoding="utf-8"),
                 flags=re.S)  # fmt: skip
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _section(text: str, start: str, end: str) -> str:
    """The text of the section titled ``start`` (after the contents list) to ``end``."""
    return text.split(f" {start} ", 2)[-1].split(f" {end} ", 1)[0]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The two loads, the purge and the six reports, in order; their paths."""
    folder = tmp_path_factory.mktemp("revisions")
    db = folder / "s.duckdb"
    load([_export(folder / "sep.csv", False)], db=db, export_date=date(2026, 10, 1))
    out = {}
    for name, month, audience, k in (
        ("jun_a", "2022-06", "intern", 10),
        ("jun25", "2025-06", "intern", 10),
        ("sep", "2026-09", "intern", 10),
        ("sep_ext", "2026-09", "extern", 5),
    ):
        out[name] = build_report(db=db, month=month, out_dir=folder / name,
                                   audience=audience, k=k, pdf=False)[0]  # fmt: skip
    load([_export(folder / "oct.csv", True)], db=db, export_date=date(2026, 11, 1))
    governance.purge(db=db, ended_before=date(2025, 7, 1))
    for name, audience in (("oct", "intern"), ("oct_ext", "extern")):
        out[name] = build_report(db=db, month="2026-10", out_dir=folder / name,
                                   audience=audience, k=5, pdf=False)[0]  # fmt: skip
    out["db"] = db
    return out


def _query(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _today() -> str:
    # the day the loads and the purge ran (the test's own run), in Amsterdam as reported
    day = datetime.now(ZoneInfo(config.TIMEZONE)).date()
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
              "augustus", "september", "oktober", "november", "december"]  # fmt: skip
    return f"{day.day} {months[day.month - 1]} {day.year}"


def test_the_register_holds_each_report_and_freezes_the_first_baseline(run):
    rows = _query(
        run["db"],
        "SELECT report_id, month, audience, k, baseline_for FROM published_reports "
        "ORDER BY report_id",
    )
    assert rows == [
        (1, "2022-06", "intern", 10, '["map-triage"]'),
        (2, "2025-06", "intern", 10, None),
        (3, "2026-09", "intern", 10, None),
        (4, "2026-09", "bestuur", 5, None),  # extern is the older name of bestuur
        (5, "2026-10", "intern", 5, None),
        (6, "2026-10", "bestuur", 5, None),
    ]
    # the figures as published: September intern in full, extern suppressed (< 5);
    # lead times in weeks with one decimal, the range as its two ends
    sep = _figures(run["db"], 3)
    assert (sep["inflow"], sep["stock"], sep["intake_n"]) == (5, 6, 5)
    assert sep["intake_mean"] == pytest.approx(9.6)  # 337 / 5 = 67.4 days, 9.63 weeks
    assert (sep["intake_min"], sep["intake_max"]) == pytest.approx((9.0, 11.0))
    assert sep["intake_median"] is None  # below 10 intakes
    assert "lead_mean" not in sep and "intake_range" not in sep
    kinds = dict(_query(run["db"], "SELECT figure, kind FROM published_figures "
                                   "WHERE report_id = 3"))  # fmt: skip
    assert (kinds["intake_mean"], kinds["intake_min"], kinds["intake_max"]) == (
        "stat",
        "range",
        "range",
    )
    ext = _figures(run["db"], 4)
    # inflow 5 reaches k = 5, but the coordinated protection hides it ("x" in the
    # report): the register records it as not shown, so no revision note gives it back
    assert ext["inflow"] is None and ext["awaiting_intake"] is None  # 0 < k
    assert 'kf-inflow">Instroom in de aanpak</td><td class="n">x<' in run[
        "sep_ext"
    ].read_text(encoding="utf-8")
    assert ext["intake_mean"] == pytest.approx(9.6)  # on 5 intakes: shown at k = 5
    jun = _figures(run["db"], 1)
    assert (jun["outflow"], jun["intake_n"]) == (1, 2)
    assert jun["intake_mean"] == pytest.approx(6.1)  # (31 + 55) / 2 = 43 days
    assert (jun["intake_min"], jun["intake_max"]) == pytest.approx((4.4, 7.9))
    jun25 = _figures(run["db"], 2)
    assert (jun25["outflow"], jun25["intake_n"]) == (1, 1)
    assert jun25["intake_mean"] == pytest.approx(5.0)  # 35 days
    assert (jun25["intake_min"], jun25["intake_max"]) == pytest.approx((5.0, 5.0))
    # the baseline keeps the snapshot of the first load; the October reports another
    snaps = _query(
        run["db"], "SELECT snapshot_id FROM published_reports ORDER BY report_id"
    )
    loads = _query(run["db"], "SELECT snapshot_id FROM loads ORDER BY load_id")
    assert snaps[0] == loads[0] and snaps[4] != loads[0]


def _figures(db, report_id: int) -> dict:
    return dict(_query(db, "SELECT figure, value FROM published_figures "
                           f"WHERE report_id = {report_id}"))  # fmt: skip


def _name(key: str) -> str:
    """A figure's name in the note: the summary's, without its footnote mark."""
    name = t(f"kf_{key}", "nl", days=config.CONTACT_THRESHOLD_DAYS)
    return name[:-2] if name.endswith(" *") else name


def _changes(text: str) -> list[str]:
    """The "old → new" pairs of a note (labels may hold an arrow too, numbers not).

    A value is a count, weeks with a decimal comma, a range "9,0–11,0" or "–".
    """
    value = r"(?:\d+(?:,\d)?(?:–\d+(?:,\d)?)?|–)"
    return re.findall(rf"{value} → {value}", text)


def test_the_report_after_the_correction_names_the_revised_month(run):
    note = _section(_text(run["oct"]), "Herzieningen", "Doorlooptijden")
    sep = note.split("september 2026 (gepubliceerd op ")[1]
    figures, cause = sep.split(". Oorzaak volgens de opslag: ", 1)
    for key, old, new in (
        ("active", 6, 5),
        ("awaiting_intake", 0, 1),
        ("inflow", 5, 4),
        ("intake_mean", "9,6", "9,3"),  # 67.4 days -> 65 days, in weeks
        ("intake_range", "9,0–11,0", "9,0–9,7"),  # 63/7-77/7 -> 63/7-68/7
        ("intake_n", 5, 4),
        ("stock", 6, 5),
    ):
        assert f"{_name(key)} {old} → {new}" in figures
    assert len(_changes(figures)) == 7  # nothing else changed
    assert "*" not in note  # the summary's footnote mark has no footnote here
    # A's instroom and case-manager assignment, both loaded by the second load
    assert cause.startswith(f"correcties in de bron: 2 (ingelezen op {_today()}).")


def test_a_purge_names_the_month_it_revised_and_the_baseline_differs(run):
    note = _section(_text(run["oct"]), "Herzieningen", "Doorlooptijden")
    june = note.split("juni 2025 (gepubliceerd op ")[1]
    figures, cause = june.split(". Oorzaak volgens de opslag: ", 1)
    assert f"{_name('outflow')} 1 → 0" in figures
    assert f"{_name('intake_n')} 1 → 0" in figures
    assert f"{_name('intake_mean')} 5,0 → –" in figures  # no intake: not shown
    assert f"{_name('intake_range')} 5,0–5,0 → –" in figures
    assert len(_changes(figures)) == 4
    assert cause.startswith(f"opschoning na de bewaartermijn op {_today()}.")
    months, baseline = note.split("Nulmeting van map-triage: ")
    assert "juni 2022" not in months  # older than 24 months: only the baseline line
    assert baseline.startswith("het rapport over juni 2022 (gepubliceerd op ")
    differs = baseline.split("De cijfers van nu wijken af van de nulmeting: ")[1]
    assert f"{_name('outflow')} 1 → 0" in differs
    assert f"{_name('intake_n')} 2 → 1" in differs
    assert f"{_name('intake_mean')} 6,1 → 7,9" in differs  # 43 -> 55 days
    assert f"{_name('intake_range')} 4,4–7,9 → 7,9–7,9" in differs
    assert len(_changes(differs)) == 4


def test_the_external_note_never_shows_a_suppressed_number(run):
    note = _section(_text(run["oct_ext"]), "Herzieningen", "Doorlooptijden")
    sep = note.split("september 2026 (gepubliceerd op ")[1]
    figures, cause = sep.split(". Oorzaak volgens de opslag: ", 1)
    for key in ("intake_n", "intake_mean", "intake_range"):
        assert f"{_name(key)} herzien" in figures
    assert _changes(figures) == ["6 → 5"]  # no suppressed value, old or new
    assert f"{_name('stock')} 6 → 5" in figures
    # hidden then and now: not named (the inflow was 5 = k, but the coordinated
    # protection showed it as "x" in September, and the register says so)
    for key in ("awaiting_intake", "active", "inflow"):
        assert _name(key) not in figures
    assert cause.startswith(f"correcties in de bron (ingelezen op {_today()}).")
    assert "juni 2022" not in note  # no extern report of June 2022 was published


def test_no_earlier_report_means_no_revisions_section(run):
    assert "Herzieningen" not in _text(run["jun_a"])
    # September, before the second load: June 2025 unchanged, the baseline too
    again = _section(_text(run["sep"]), "Herzieningen", "Doorlooptijden")
    assert "Geen herzieningen" in again
    assert "ligt vast. De cijfers van nu zijn gelijk aan de nulmeting." in again
