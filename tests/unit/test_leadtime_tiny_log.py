"""The hand-made tiny log shared by the lead-time tests (holds no tests itself).

Six cases, seven episodes, 2024, local time Europe/Amsterdam. Every number the tests
check is worked out by hand in the test files from the times below.

A  MAP/uitreiziger/jihadistisch   intake, one information loop (7 days waiting)
   melding 2024-01-08 09:00+01, info_aanvraag 01-09 09:00, info_ontvangen 01-16 09:00,
   ivgr opnemen 01-22 09:00, ptor opname 01-29 09:00, instroom 02-05 09:00
   stages 14 / 7 / 7 days, total 28 days. Workdays (after start day .. end day
   included): 10 / 5 / 5, total 20.
B  CTER/ronselaar/rechts  intake across the spring DST change (31 Mar 2024) and Easter
   melding 2024-03-28 12:00+01 (11:00Z), ivgr 04-04 12:00+02 (10:00Z),
   ptor opname 04-08 12:00+02, instroom 04-10 12:00+02
   stages 6.958333 (167 h) / 4 / 2, total 12.958333 (311 h).
   Workdays: Good Friday 03-29 and Easter Monday 04-01 are holidays:
   (03-28, 04-04] = 04-02, 03, 04 -> 3; (04-04, 04-08] = 04-05, 04-08 -> 2;
   (04-08, 04-10] -> 2; total 7.
C  MAP/verijdeld/jihadistisch
   episode 1: no intake, across the autumn DST change (27 Oct 2024), two requests
   melding 2024-10-21 10:00+02 (08:00Z), info_aanvraag 10-22 10:00+02 (08:00Z),
   ivgr meer_informatie 10-24 10:00+02 (08:00Z), info_aanvraag 10-25 10:00+02,
   info_ontvangen 10-29 10:00+01 (09:00Z), ivgr niet_opnemen 10-31 10:00+01,
   ptor geen_opname 11-04 10:00+01 (09:00Z)
   stages 3 / 11.041667 (265 h) / -, total 14.041667 (337 h); info wait: both
   requests are answered by the one receipt: [10-22 08:00Z, 10-29 09:00Z] = 169 h,
   share 169/337. Workdays total (10-21, 11-04] = 4 + 5 + 1 = 10.
   episode 2 (re-report after the exit): melding 2024-12-16 09:00+01,
   ivgr opnemen 12-19 09:00, ptor opname 12-23 09:00, instroom 12-30 09:00
   stages 3 / 4 / 7, total 14. Workdays with Christmas (12-25, 12-26):
   3 / 2 (12-20, 12-23) / 3 (12-24, 12-27, 12-30), total 8.
D  overig/aanslag/single_issue  intermediate variant; Whit Monday 2024-05-20
   melding 2024-05-13 09:00+02, ivgr tussenvariant 05-21 09:00,
   ptor geen_opname 06-04 09:00 (= decision and end), preventief_gesprek 06-14 09:00
   stages 8 / 14 / -, total 22. Workdays: 5 (05-14..17, 05-21) / 10 / -, total 15.
E  MAP/terugkeerder/links  open at 2025-01-01, one unanswered request
   melding 2024-11-25 09:00+01, info_aanvraag 11-26 09:00,
   ivgr meer_informatie 12-05 09:00
   stage 1: 10 days; open for 36.625 days at 2025-01-01 00:00+01 (36 d 15 h);
   information wait 11-26 09:00 -> as_of = 35.625 days.
F  CTER/uitreiziger/jihadistisch  decided before, intake after 2025-01-01
   melding 2024-12-02 09:00+01, ivgr opnemen 12-09 09:00, ptor opname 12-16 09:00,
   instroom 2025-01-06 09:00
   at 2025-01-01: open (29.625 days so far), stages 7 / 7 / open;
   at a later as_of: intake, stage 3 = 21 days, total 35 days.
"""

from __future__ import annotations

import pandas as pd

ATTRS = {
    "A": ("MAP", "uitreiziger", "jihadistisch"),
    "B": ("CTER", "ronselaar", "rechts"),
    "C": ("MAP", "verijdeld", "jihadistisch"),
    "D": ("overig", "aanslag", "single_issue"),
    "E": ("MAP", "terugkeerder", "links"),
    "F": ("CTER", "uitreiziger", "jihadistisch"),
}

ROWS = [
    ("A", "melding", "2024-01-08T09:00:00+01:00", "MAP"),
    ("A", "info_aanvraag", "2024-01-09T09:00:00+01:00", None),
    ("A", "info_ontvangen", "2024-01-16T09:00:00+01:00", None),
    ("A", "ivgr_advies", "2024-01-22T09:00:00+01:00", "opnemen"),
    ("A", "ptor_besluit", "2024-01-29T09:00:00+01:00", "opname"),
    ("A", "instroom", "2024-02-05T09:00:00+01:00", None),
    ("A", "contact", "2024-02-12T09:00:00+01:00", None),
    ("B", "melding", "2024-03-28T12:00:00+01:00", "CTER"),
    ("B", "ivgr_advies", "2024-04-04T12:00:00+02:00", "opnemen"),
    ("B", "ptor_besluit", "2024-04-08T12:00:00+02:00", "opname"),
    ("B", "instroom", "2024-04-10T12:00:00+02:00", None),
    ("C", "melding", "2024-10-21T10:00:00+02:00", "MAP"),
    ("C", "info_aanvraag", "2024-10-22T10:00:00+02:00", None),
    ("C", "ivgr_advies", "2024-10-24T10:00:00+02:00", "meer_informatie"),
    ("C", "info_aanvraag", "2024-10-25T10:00:00+02:00", None),
    ("C", "info_ontvangen", "2024-10-29T10:00:00+01:00", None),
    ("C", "ivgr_advies", "2024-10-31T10:00:00+01:00", "niet_opnemen"),
    ("C", "ptor_besluit", "2024-11-04T10:00:00+01:00", "geen_opname"),
    ("C", "melding", "2024-12-16T09:00:00+01:00", "MAP"),
    ("C", "ivgr_advies", "2024-12-19T09:00:00+01:00", "opnemen"),
    ("C", "ptor_besluit", "2024-12-23T09:00:00+01:00", "opname"),
    ("C", "instroom", "2024-12-30T09:00:00+01:00", None),
    ("D", "melding", "2024-05-13T09:00:00+02:00", "overig"),
    ("D", "ivgr_advies", "2024-05-21T09:00:00+02:00", "tussenvariant"),
    ("D", "ptor_besluit", "2024-06-04T09:00:00+02:00", "geen_opname"),
    ("D", "preventief_gesprek", "2024-06-14T09:00:00+02:00", None),
    ("E", "melding", "2024-11-25T09:00:00+01:00", "MAP"),
    ("E", "info_aanvraag", "2024-11-26T09:00:00+01:00", None),
    ("E", "ivgr_advies", "2024-12-05T09:00:00+01:00", "meer_informatie"),
    ("F", "melding", "2024-12-02T09:00:00+01:00", "CTER"),
    ("F", "ivgr_advies", "2024-12-09T09:00:00+01:00", "opnemen"),
    ("F", "ptor_besluit", "2024-12-16T09:00:00+01:00", "opname"),
    ("F", "instroom", "2025-01-06T09:00:00+01:00", None),
]

AS_OF = pd.Timestamp("2025-01-01T00:00:00+01:00")
LATER = pd.Timestamp("2025-03-01T00:00:00+01:00")


def tiny_frame() -> pd.DataFrame:
    """The tiny log as a canonical frame with case attributes."""
    frame = pd.DataFrame(ROWS, columns=["case_id", "activity", "timestamp", "outcome"])
    frame["org"] = frame["activity"].map({"contact": "oov"})
    for i, col in enumerate(("report_source", "risk_category", "ideology")):
        frame[col] = frame["case_id"].map(lambda c, i=i: ATTRS[c][i])
    return frame


def tiny_store():
    """A memory store holding the tiny log."""
    from ipgar_metrics import store

    con = store.memory_store()
    store.insert_events(con, tiny_frame())
    return con
