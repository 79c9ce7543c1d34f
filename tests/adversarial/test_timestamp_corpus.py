"""Adversarial timestamps: every kind of bad (or unusual but valid) date in one row.

The five valid rows of ``corpus_inputs.BASE`` and one row with the timestamp of the
class; export date 2026-11-01, programme start 2016-01-01, time zone Europe/Amsterdam
(``docs/store.md``, reason codes). Mapped classes use ``dd-mm-jjjj uu:mm`` local time.
"""

from __future__ import annotations

import pytest
from adversarial_harness import CASES, EVENTS, MANAGERS, Case, Loads, check_case
from corpus_inputs import (
    BASE,
    N,
    canonical,
    csv_text,
    mapped,
    one_bad,
    one_good,
    row,
    written,
)


def local(ts: str) -> list[str]:
    """A mapped row (``dd-mm-jjjj uu:mm``) of a third case with this timestamp."""
    return [CASES[2], "Contact", ts, "politie", MANAGERS[0], EVENTS[10]]


def mapped_bad(name: str, ts: str, reason: str) -> object:
    return mapped(name, [local(ts)], Loads(N + 1, N, 1, reasons={reason: 1}))


def mapped_good(name: str, ts: str, **kw) -> object:
    return mapped(name, [local(ts)], Loads(N + 1, N + 1, **kw))


def at_utc(expected: str):
    """A store check: the third case's event is at this UTC instant."""

    def check(con):
        got = con.execute(
            "SELECT strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') FROM events "
            "WHERE activity = 'contact' ORDER BY ts DESC LIMIT 1"
        ).fetchone()[0]
        assert got == expected, f"stored at {got} UTC, not {expected}"

    return check


CLASSES = [
    # ISO 8601 with an offset (the canonical form) and its variants
    one_good("iso_with_offset", row(ts="2024-03-04T10:00:00+01:00")),
    canonical(
        "iso_with_z",
        [row(ts="2024-03-04T10:00:00Z")],
        Loads(N + 1, N + 1, check=at_utc("2024-03-04 10:00")),
    ),
    canonical(
        "iso_with_half_hour_offset",
        [row(ts="2024-03-04T15:30:00+05:30")],
        Loads(N + 1, N + 1, check=at_utc("2024-03-04 10:00")),
    ),
    canonical(
        "iso_with_offset_without_colon",
        [row(ts="2024-03-04T11:00:00+0100")],
        Loads(N + 1, N + 1, check=at_utc("2024-03-04 10:00")),
    ),
    one_good("iso_with_fractional_seconds", row(ts="2024-03-04T10:00:00.123+01:00")),
    one_good("iso_with_a_space", row(ts="2024-03-04 10:00:00+01:00")),
    canonical(
        "iso_without_offset_is_local",
        [row(ts="2024-03-04T11:00:00")],
        Loads(N + 1, N + 1, check=at_utc("2024-03-04 10:00")),
    ),
    canonical(
        "date_only_is_local_midnight",
        [row(ts="2024-03-04")],
        Loads(N + 1, N + 1, check=at_utc("2024-03-03 23:00")),
    ),
    one_good("leap_day", row(ts="2024-02-29T10:00:00+01:00")),
    one_bad(
        "leap_day_of_a_common_year",
        row(ts="2023-02-29T10:00:00+01:00"),
        "unparsable_date",
    ),
    one_bad("february_31", row(ts="2024-02-31T10:00:00+01:00"), "unparsable_date"),
    one_bad("month_13", row(ts="2024-13-01T10:00:00+01:00"), "unparsable_date"),
    one_bad("hour_25", row(ts="2024-03-04T25:00:00+01:00"), "unparsable_date"),
    one_bad("time_only", row(ts="10:00"), "unparsable_date"),
    one_bad("words", row(ts="gisteren"), "unparsable_date"),
    one_bad("us_form_without_mapping", row(ts="03/04/2024 10:00"), "unparsable_date"),
    one_bad("epoch_seconds", row(ts="1709542800"), "unparsable_date"),
    one_bad("epoch_milliseconds", row(ts="1709542800000"), "unparsable_date"),
    one_bad("empty_timestamp", row(ts=""), "missing_timestamp"),
    one_bad("whitespace_timestamp", row(ts="   "), "missing_timestamp"),
    # the local times of the clock changes (Europe/Amsterdam)
    one_bad(
        "dst_gap_iso_local", row(ts="2024-03-31T02:30:00"), "nonexistent_local_time"
    ),
    one_good("dst_gap_with_offset_is_an_instant", row(ts="2024-03-31T02:30:00+01:00")),
    canonical(
        "dst_fold_takes_summer_time",
        [row(ts="2024-10-27T02:30:00")],
        Loads(N + 1, N + 1, check=at_utc("2024-10-27 00:30")),
    ),
    # the range: before the programme, after the export
    one_bad(
        "before_the_programme", row(ts="2015-12-31T10:00:00+01:00"), "before_programme"
    ),
    one_bad("year_1900", row(ts="1900-01-01T10:00:00+01:00"), "before_programme"),
    one_good("first_day_of_the_programme", row(ts="2016-01-01T10:00:00+01:00")),
    one_bad("far_future", row(ts="2099-01-01T10:00:00+01:00"), "future_date"),
    one_bad("day_after_the_export", row(ts="2026-11-02T00:30:00+01:00"), "future_date"),
    one_good("evening_of_the_export_date", row(ts="2026-11-01T23:00:00+01:00")),
    Case(
        # without --export-date the newest event not after today is the export
        # date, so a year 2099 row is still in the future
        "far_future_without_an_export_date",
        written(
            "export.csv",
            csv_text([*BASE, row(ts="2099-01-01T10:00:00+01:00")]),
            export_date=None,
        ),
        Loads(N + 1, N, 1, reasons={"future_date": 1}),
    ),
    # a mapping's strptime format (dd-mm-jjjj uu:mm, local time)
    mapped_good("mapped_format", "04-03-2024 10:00"),
    mapped_good("mapped_format_falls_back_to_iso", "2024-03-04T10:00:00+01:00"),
    mapped_bad("mapped_date_only", "04-03-2024", "unparsable_date"),
    mapped_bad("mapped_31_02", "31-02-2024 10:00", "unparsable_date"),
    # a two-digit year read with %Y is year 24: not a date (issue 22), not "before
    # the programme"
    mapped_bad("mapped_two_digit_year", "04-03-24 10:00", "unparsable_date"),
    mapped_bad("mapped_dst_gap", "31-03-2024 02:30", "nonexistent_local_time"),
    mapped_good("mapped_dst_fold", "27-10-2024 02:30"),
    mapped_bad("mapped_month_day_swapped", "03-13-2024 10:00", "unparsable_date"),
    mapped_bad("mapped_with_seconds", "04-03-2024 10:00:15", "unparsable_date"),
]


@pytest.mark.parametrize("case", CLASSES, ids=lambda c: c.name)
def test_timestamp_class(case, tmp_path, capsys):
    check_case(case, tmp_path, capsys)
