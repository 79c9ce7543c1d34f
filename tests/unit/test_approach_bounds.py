"""The bounds of "in the approach" in the case-work steps, on a hand-made log.

ADR 0003: an episode is in the approach after its first instroom and before the first
uitstroom after it. Its case manager at a time is the last regisseur_toegewezen before
it, one made before the instroom included, none after the exit. A notificatie belongs
to the intake it follows, also after a quick exit. Each step below finds the windows
once and reads the events itself (not through ``approach_events``), so each bound is
checked here against the answer worked out by hand.

All events at 12:00 +01:00 in 2025; reference time 2025-03-01 12:00 +01:00.
  P: melding 01-01; M1 (oov) assigned 01-05, before the instroom; interventie_start
     (zorg) 01-06, leefgebiedenscan (zorg: probleem) 01-07 and contact 01-08, before
     the instroom too; instroom 01-10; notificatie 01-11; contact 01-12;
     leefgebiedenscan (inkomen: geen_probleem) 01-13; interventie_start (inkomen)
     01-15; uitstroom 02-01; after the exit: M2 (ggz) assigned 02-05,
     interventie_start (wonen) 02-10, contact 02-12, itatr_agendering 02-14.
  Q: melding 01-01; instroom 01-10; uitstroom 01-11 (a quick exit); notificatie 01-15;
     contact 01-20 (after the exit).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from ipgar_metrics import store
from tests.hand_logs import ev

AMS = ZoneInfo("Europe/Amsterdam")
AS_OF = datetime(2025, 3, 1, 12, 0, tzinfo=AMS)
WINDOW_START = datetime(2025, 1, 1, 0, 0, tzinfo=AMS)


def at(day):
    return pd.Timestamp(f"2025-{day} 12:00", tz=AMS)


@pytest.fixture(scope="module")
def con():
    rows = [
        ev("P", "melding", "01-01", outcome="MAP"),
        ev("P", "regisseur_toegewezen", "01-05", org="oov", cm="M1"),
        ev("P", "interventie_start", "01-06", org="ggd", life_domain="zorg"),
        ev("P", "contact", "01-08", org="oov"),
        ev("P", "leefgebiedenscan", "01-07", life_domain="zorg", outcome="probleem"),
        ev("P", "instroom", "01-10"),
        ev(
            "P",
            "leefgebiedenscan",
            "01-13",
            life_domain="inkomen",
            outcome="geen_probleem",
        ),
        ev("P", "notificatie", "01-11"),
        ev("P", "contact", "01-12", org="oov"),
        ev("P", "interventie_start", "01-15", org="wpi", life_domain="inkomen"),
        ev("P", "uitstroom", "02-01", outcome="doelen_bereikt"),
        ev("P", "regisseur_toegewezen", "02-05", org="ggz", cm="M2"),
        ev("P", "interventie_start", "02-10", org="woco", life_domain="wonen"),
        ev("P", "contact", "02-12", org="ggz"),
        ev("P", "itatr_agendering", "02-14"),
        ev("Q", "melding", "01-01", outcome="MAP"),
        ev("Q", "instroom", "01-10"),
        ev("Q", "uitstroom", "01-11", outcome="doelen_bereikt"),
        ev("Q", "notificatie", "01-15"),
        ev("Q", "contact", "01-20", org="oov"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    return c


def test_practice_episodes_bounds(con):
    eps = store.sql_frame(
        con, "practice/episodes", as_of=AS_OF, window_start=WINDOW_START
    ).set_index("case_id")
    p, q = eps.loc["P"], eps.loc["Q"]
    # P's manager: M1 (before the instroom counts), not M2 (after the exit)
    assert (p["manager_org"], p["manager"]) == ("oov", "M1")
    # P's first contact and intervention after the instroom (01-08 and 01-06 are
    # before it)
    assert p["first_contact_at"] == at("01-12")
    assert p["first_intervention_at"] == at("01-15")
    assert p["first_notification_at"] == at("01-11")
    # P's assessment in the approach found no problem (the one before it did)
    assert pd.notna(p["assessed_problem"]) and not p["assessed_problem"]
    # Q: no manager; the contact after the exit does not count; the notificatie does
    assert pd.isna(q["manager_org"]) and pd.isna(q["manager"])
    assert pd.isna(q["first_contact_at"])
    assert q["first_notification_at"] == at("01-15")


def test_longstay_episodes_bounds(con):
    eps = store.sql_frame(con, "casework/longstay_episodes", as_of=AS_OF)
    eps = eps.set_index("case_id")
    # P: one intervention with a life domain in the approach (01-06 is before the
    # instroom, 02-10 after the exit), its last action the intervention of 01-15,
    # the itatr after the exit
    assert eps.loc["P", "interventions"] == 1
    assert eps.loc["P", "last_action_at"] == at("01-15")
    assert not eps.loc["P", "itatr"]
    # Q: nothing in its one day in the approach
    assert eps.loc["Q", "interventions"] == 0
    assert pd.isna(eps.loc["Q", "last_action_at"])


def test_integrality_case_managers_bounds(con):
    eps = store.sql_frame(con, "casework/integrality_case_managers", as_of=AS_OF)
    orgs = dict(zip(eps["case_id"], eps["manager_org"], strict=True))
    # P: oov (M1, before the instroom); ggz came after the exit. Q: none.
    assert orgs["P"] == "oov"
    assert pd.isna(orgs["Q"])
