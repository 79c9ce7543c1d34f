"""A load renumbers only the cases it touched: the same store as a full reorder.

``store.reorder(con, touched=True)`` renumbers (``seq``, ``episode``) only the cases a
load changed that were numbered before, and ``store.insert_numbered`` numbers a new
case's events as they are inserted. A case is numbered from its own events only, so
after every load the events must equal, row for row, what a full reorder of the same
events gives (``store.reorder(con)``, the rewrite of the whole table). The loads
below overlap, correct events (a date, an activity, an event moved to a new case and
one to a stored case) and delete events in the source, in both profiles.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.ingest import load_into
from tests import dutch_export
from tests.stores import assert_integer_keys

KEY = b"unit-test-key-0123456789abcdef"
NAMES = ("Casusnummer", "Activiteit", "Datum", "Uitkomst", "Registratienummer")
MAPPING = dutch_export.mapping(*NAMES)
#: activities that open or close episodes, and ones that do neither; a contact and
#: a report at the same minute test the tie order
ACTIVITIES = [
    "melding",
    "contact",
    "instroom",  # opens a window in the approach (schema version 13)
    "uitstroom",
    "ptor_besluit",
    "preventief_gesprek",
]
EXPORT_DATE = date(2026, 1, 31)
COLUMNS = "case_id, episode, seq, activity, ts, outcome, event_id, event_key"


def rows_of(seed: int, cases: int = 24) -> list[list[str]]:
    """Rows ``[case, activity, time, outcome, event id]`` of random cases, by case."""
    rng = random.Random(seed)
    rows = []
    start = datetime(2025, 1, 6, 9, 0)
    for c in range(cases):
        t = start + timedelta(days=rng.randrange(30))
        for k in range(rng.randrange(1, 9)):
            act = "melding" if k == 0 else rng.choice(ACTIVITIES)
            outcome = ""
            if act == "ptor_besluit":
                outcome = rng.choice(["geen_opname", "opname"])
            t += timedelta(minutes=rng.choice([0, 0, 30, 60 * 24 * 20]))
            rows.append(
                [f"ZX-{c}", act, t.strftime("%d-%m-%Y %H:%M"), outcome, f"R{c}-{k}"]
            )
    return rows


def write(folder: Path, name: str, rows: list[list[str]]) -> Path:
    return dutch_export.write_export(folder / name, NAMES, rows)


def events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(f"SELECT {COLUMNS} FROM events ORDER BY case_id, seq").df()


#: Activities that close an episode in profile ipgar (and a geen_opname decision).
CLOSING = {"uitstroom", "preventief_gesprek"}


def numbers_by_hand(con: duckdb.DuckDBPyConnection, profile: str) -> list[tuple]:
    """Each event's ``seq``, ``episode`` and step to the next event, found again in
    Python from the stored columns by the rules of ``store.reorder``: sorted within
    the case by time, process order and content (ipgar) or by time and position in
    the source (generic); a report opens an episode when it is the case's first or
    an exit, a ``geen_opname`` decision or a preventive conversation came after the
    previous report; an episode's last event has no step."""
    rank = dict(con.execute("SELECT activity, rank FROM activity_order").fetchall())
    code = dict(con.execute("SELECT activity, code FROM activity_codes").fetchall())
    rows = con.execute(
        "SELECT case_id, epoch_us(ts), activity, outcome, org, life_domain, "
        "case_manager, event_key, load_id, source_row FROM events"
    ).fetchall()
    cases: dict[str, list[tuple]] = {}
    for r in rows:
        cases.setdefault(r[0], []).append(r)

    def nulls_first(v: str | None) -> tuple[bool, str]:
        return (v is not None, v or "")

    out = []
    for case_rows in cases.values():
        if profile == "ipgar":
            case_rows.sort(
                key=lambda r: (
                    r[1],
                    rank.get(r[2], 999),
                    r[2],
                    *map(nulls_first, r[3:7]),
                    r[7],
                )
            )
        else:
            case_rows.sort(key=lambda r: (r[1], r[8], r[9]))
        opened, last, numbered = 0, None, []
        for r in case_rows:
            kind = None
            if profile == "ipgar":
                if r[2] == "melding":
                    kind = "M"
                elif r[2] in CLOSING or (
                    r[2] == "ptor_besluit" and r[3] == "geen_opname"
                ):
                    kind = "C"
            opens = kind == "M" and last in (None, "C")
            opened += opens
            last = kind or last
            numbered.append((r, max(opened, 1), opens, opened))
        for i, (r, episode, _, opened_here) in enumerate(numbered):
            nxt = numbered[i + 1] if i + 1 < len(numbered) else None
            step = nxt is not None and not (nxt[2] and opened_here >= 1)
            out.append(
                (
                    r[7],
                    i + 1,
                    episode,
                    code[nxt[0][2]] if step and nxt else None,
                    nxt[0][1] - r[1] if step and nxt else None,
                )
            )
    return sorted(out)


def assert_as_full_reorder(
    con: duckdb.DuckDBPyConnection, profile: str = "ipgar"
) -> pd.DataFrame:
    """The loaded events equal a full reorder of them and the numbers found by hand;
    returns them."""
    loaded = events(con)
    assert_integer_keys(con)  # schema version 10: kept by every renumbering
    stored = con.execute(
        "SELECT event_key, seq, episode, next_activity_code, next_gap_us FROM events"
    ).fetchall()
    assert sorted(stored) == numbers_by_hand(con, profile)
    con.execute("CREATE OR REPLACE TEMP TABLE _kept AS SELECT * FROM events")
    store.reorder(con)  # the whole table, from scratch
    full = events(con)
    pd.testing.assert_frame_equal(loaded, full)
    # numbers are 1..n within a case, episodes start at 1 and never go back
    for _, case in loaded.groupby("case_id"):
        assert list(case["seq"]) == list(range(1, len(case) + 1))
        assert case["episode"].iloc[0] == 1
        assert case["episode"].is_monotonic_increasing
    # the full reorder is the reference, not the state the next load starts from
    con.execute("CREATE OR REPLACE TABLE events AS SELECT * FROM _kept")
    return loaded


def corrected(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Rows with some dates and activities changed and one event moved to another case."""
    out = [list(r) for r in rows]
    for r in rng.sample(out, k=max(1, len(out) // 8)):
        ts = datetime.strptime(r[2], "%d-%m-%Y %H:%M") - timedelta(days=25)
        r[2] = ts.strftime("%d-%m-%Y %H:%M")
    for r in rng.sample(out, k=max(1, len(out) // 10)):
        if r[1] == "contact":
            r[1] = "uitstroom"
    moved = next(r for r in out if r[1] != "melding")
    moved[0] = "ZX-NEW"
    # and one to a case the store holds: it must take that case's key
    other = next(r for r in reversed(out) if r[1] != "melding" and r[0] != "ZX-0")
    other[0] = "ZX-0"
    return out


@pytest.mark.parametrize("profile", ["ipgar", "generic"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_overlapping_loads_with_corrections_and_deletions(
    tmp_path: Path, profile: str, seed: int
) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    rows = rows_of(seed)
    rng = random.Random(seed)
    n = len(rows)
    first, later = rows[: n * 6 // 10], rows[n * 4 // 10 :]
    con = store.memory_store()

    def load(name: str, part: list[list[str]], **kw: object) -> object:
        return load_into(
            con,
            [write(tmp_path, name, part)],
            mapping=mapping,
            profile=profile,  # type: ignore[arg-type]
            export_date=EXPORT_DATE,
            key=KEY,
            **kw,
        )

    res = load("a.csv", first)
    assert res.new_events == len(first)
    assert_as_full_reorder(con, profile)
    # overlapping: the later 60%, new events of stored cases and new cases
    res = load("b.csv", later)
    assert res.new_events == n - len(first)
    assert_as_full_reorder(con, profile)
    # corrections (dates, activities, an event moved to a new case)
    fixed = corrected(rows, rng)
    res = load("c.csv", fixed)
    assert res.corrected > 0
    assert_as_full_reorder(con, profile)
    # deletions: a full export that lacks some events
    kept = [r for i, r in enumerate(fixed) if i % 5 != 2]
    res = load("d.csv", kept, export_window="full")
    assert res.deleted == n - len(kept)
    loaded = assert_as_full_reorder(con, profile)
    assert len(loaded) == len(kept)
    # the same export again changes nothing
    before = events(con)
    res = load("d.csv", kept, export_window="full")
    assert (res.new_events, res.corrected, res.deleted) == (0, 0, 0)
    pd.testing.assert_frame_equal(events(con), before)


def test_a_report_after_an_exit_in_a_later_load_opens_episode_two(
    tmp_path: Path,
) -> None:
    """Worked by hand: report, exit (load 1); a report a year later (load 2)."""
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    con = store.memory_store()
    one = [
        ["ZX-1", "melding", "02-01-2025 09:00", "", "R1"],
        ["ZX-1", "uitstroom", "02-06-2025 09:00", "", "R2"],
        ["ZX-2", "melding", "03-01-2025 09:00", "", "R3"],
    ]
    two = [
        ["ZX-1", "melding", "05-01-2026 09:00", "", "R4"],
        ["ZX-1", "contact", "01-01-2025 09:00", "", "R5"],  # before the first report
    ]
    for name, part in (("one.csv", one), ("two.csv", two)):
        load_into(
            con,
            [write(tmp_path, name, part)],
            mapping=mapping,
            export_date=EXPORT_DATE,
            key=KEY,
        )
    got = con.execute("SELECT event_id, episode, seq FROM events").fetchall()
    ids = {privacy.pseudonym(f"R{i}", KEY, kind="event"): f"R{i}" for i in range(1, 6)}
    assert sorted((ids[e], ep, s) for e, ep, s in got) == [
        ("R1", 1, 2),
        ("R2", 1, 3),
        ("R3", 1, 1),
        ("R4", 2, 4),
        ("R5", 1, 1),
    ]
