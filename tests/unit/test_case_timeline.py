"""One case as a time line, on a hand-made log (times 12:00 +01:00, 2025).

Case P: reported 01-01, in the approach 01-02 to 02-20, detained 01-05 to 01-15,
a contact while detained. The expected rows are written out by hand from that story.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.metrics.casework import case_timeline

P = "C" + "a" * 16
Q = "C" + "b" * 16
M = "M" + "1" * 16
AS_OF = date(2025, 3, 1)


def ev(case, activity, day, outcome=None, org=None, manager=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"2025-{day}T12:00:00+01:00",
        "outcome": outcome,
        "org": org,
        "case_manager": manager,
    }


@pytest.fixture(scope="module")
def con():
    rows = [
        ev(P, "melding", "01-01", "MAP"),
        ev(P, "instroom", "01-02"),
        ev(P, "regisseur_toegewezen", "01-03", org="politie", manager=M),
        ev(P, "detentie_start", "01-05"),
        ev(P, "contact", "01-07", "geslaagd", org="politie", manager=M),
        ev(P, "detentie_eind", "01-15"),
        ev(P, "uitstroom", "02-20", "risico_afgenomen"),
        ev(Q, "melding", "01-01", "MAP"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    c.execute(
        "INSERT INTO restricted_cases (case_id, restricted_at) VALUES (?, now())", [Q]
    )  # Q's processing is restricted (its events are left here to test the refusal)
    return c


def _t(day: str) -> pd.Timestamp:
    return pd.Timestamp(f"2025-{day}T12:00:00+01:00").tz_convert("Europe/Amsterdam")


def test_the_time_line_of_one_case(con):
    got = case_timeline(con, case_id=P, as_of=AS_OF)
    rows = [
        (r.kind, r.at, r.end_at if pd.notna(r.end_at) else None, r.activity, r.status)
        for r in got.itertuples()
    ]
    assert rows == [
        ("event", _t("01-01"), None, "melding", None),
        ("period", _t("01-02"), _t("02-20"), None, "in_approach"),
        ("event", _t("01-02"), None, "instroom", "active"),
        ("event", _t("01-03"), None, "regisseur_toegewezen", "active"),
        ("period", _t("01-05"), _t("01-15"), None, "detained"),
        ("event", _t("01-05"), None, "detentie_start", "detained"),
        ("event", _t("01-07"), None, "contact", "detained"),
        ("event", _t("01-15"), None, "detentie_eind", "active"),
        ("event", _t("02-20"), None, "uitstroom", None),
    ]
    contact = got[got["activity"] == "contact"].iloc[0]
    assert (contact.org, contact.case_manager, contact.outcome) == (
        "politie",
        M,
        "geslaagd",
    )
    assert set(got["episode"]) == {1} and set(got["case_id"]) == {P}
    # as of 01-10: the detention is still open, nothing after it is listed
    early = case_timeline(con, case_id=P, as_of=date(2025, 1, 10))
    assert list(early["activity"].dropna()) == [
        "melding",
        "instroom",
        "regisseur_toegewezen",
        "detentie_start",
        "contact",
    ]
    assert early[early["kind"] == "period"]["end_at"].isna().all()


def test_loud_errors_never_repeat_a_raw_id(con):
    with pytest.raises(ConfigError, match="is restricted") as restricted:
        case_timeline(con, case_id=Q, as_of=AS_OF)
    assert "lift" in str(restricted.value)
    with pytest.raises(ConfigError, match="is not in this store"):
        case_timeline(con, case_id="C" + "c" * 16, as_of=AS_OF)
    with pytest.raises(ConfigError, match="named by its pseudonym") as raw:
        case_timeline(con, case_id="ZX-0001", as_of=AS_OF)
    assert "ZX-0001" not in str(raw.value)
    with pytest.raises(ConfigError, match="needs as_of"):
        case_timeline(con, case_id=P, as_of=None)


def test_a_generic_log_has_events_only():
    c = store.memory_store()
    rows = [ev(P, "Intake", "01-01"), ev(P, "Close", "01-03")]
    store.insert_events(c, pd.DataFrame(rows), profile="generic")
    got = case_timeline(c, case_id=P, as_of=AS_OF)
    assert list(got["kind"]) == ["event", "event"]
    assert list(got["activity"]) == ["Intake", "Close"]
    assert got["status"].isna().all()
