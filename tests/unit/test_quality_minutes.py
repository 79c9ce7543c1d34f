"""Batch registration counts local minutes: a UTC minute since 1972, date_trunc before.

``quality/batch_registration.sql`` keys an event's minute by the microseconds of the
minute's first instant: from 1972-02-01 on the instant's microseconds less their
remainder of 60,000,000 (the UTC minute), before that DuckDB's ``date_trunc`` in the
store's time zone. The first rests on one fact of the time-zone data DuckDB carries,
checked here: since 1972 every zone's offset is a whole number of minutes.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import config, store
from ipgar_metrics.metrics.quality._report import quality_report

#: The store's zone and zones whose offsets are not whole hours, or were not whole
#: minutes before 1972 (Africa/Monrovia, -0:44:30 until 1972-01-07).
ZONES = (
    config.TIMEZONE,
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Eucla",
    "Pacific/Chatham",
    "America/St_Johns",
    "Africa/Monrovia",
)

#: Instants 6 hours and 59 seconds apart (every second of a minute is met): how many
#: start their local minute (date_trunc in the zone) elsewhere than their UTC minute.
_DIFFERENT_MINUTES = """
SELECT count(*) FILTER (
    WHERE epoch_us(date_trunc('minute', t)) <> epoch_us(t) - epoch_us(t) % 60000000
)
FROM generate_series(
    TIMESTAMPTZ '{start}', TIMESTAMPTZ '{end}', INTERVAL '6 hours 59 seconds'
) AS s(t)
"""


def _different_minutes(zone: str, start: str, end: str) -> int:
    con = duckdb.connect()
    con.execute(f"SET TimeZone='{zone}'")
    row = con.execute(_DIFFERENT_MINUTES.format(start=start, end=end)).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("zone", ZONES)
def test_every_local_minute_is_a_utc_minute_since_1972(zone):
    assert (
        _different_minutes(zone, "1972-02-01 00:00:00+00", "2100-01-01 00:00:00+00")
        == 0
    )


def test_before_1972_a_local_minute_was_not_always_a_utc_minute():
    """The check can fail: Liberia's offset of -0:44:30 shifts its minutes by 30 s."""
    assert (
        _different_minutes(
            "Africa/Monrovia", "1960-01-01 00:00:00+00", "1961-01-01 00:00:00+00"
        )
        > 0
    )


def _ten_contacts(con, utc_seconds) -> int:
    """The batch-registration count of ten ggz contacts at the given UTC seconds."""
    frame = pd.DataFrame(
        {
            "case_id": [f"B{i}" for i in range(10)],
            "activity": "contact",
            "timestamp": [
                (
                    pd.Timestamp("1960-05-01T10:00:00Z") + pd.Timedelta(seconds=s)
                ).isoformat()
                for s in utc_seconds
            ],
            "org": "ggz",
        }
    )
    store.insert_events(con, frame)
    return int(
        quality_report(con).set_index("check").loc["batch_registration", "count"]
    )


def test_two_local_minutes_on_both_sides_of_1970_stay_two():
    """Five contacts in each of two local minutes of Monrovia around 1970-01-01.

    The first minute starts at 23:59:30 UTC on 1969-12-31, the second at 00:00:30 on
    1970-01-01: their starts are -30 and +30 seconds from the epoch, which a division
    rounding towards zero would both number 0 (one batch of ten). No batch.
    """
    con = store.memory_store()
    con.execute("SET TimeZone='Africa/Monrovia'")
    epoch = pd.Timestamp("1970-01-01T00:00:00Z") - pd.Timestamp("1960-05-01T10:00:00Z")
    start = int(epoch.total_seconds())
    seconds = [start - 29 + 5 * i for i in range(5)] + [
        start + 31 + 5 * i for i in range(5)
    ]
    assert _ten_contacts(con, seconds) == 0


def test_a_batch_in_one_local_minute_across_two_utc_minutes_is_found():
    """Ten events of one organisation in one local minute of Monrovia in 1960.

    There a local minute runs from 30 s past one UTC minute to 30 s past the next:
    the events fall in two UTC minutes (five in each, no batch by UTC minutes) and in
    one local minute (a batch of ten).
    """
    con = store.memory_store()
    con.execute("SET TimeZone='Africa/Monrovia'")
    seconds = range(31, 31 + 10 * 6, 6)  # 10:00:31 .. 10:01:25 UTC
    assert _ten_contacts(con, seconds) == 10
