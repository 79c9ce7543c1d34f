"""The performance spectrum: every occurrence of a segment A>B, its duration and class.

Two logs. A tiny hand-made generic log (four cases, times below), where every
occurrence, duration and duration class is worked out by hand; and the public
running example (6 cases), loaded as a generic log, where the occurrences of one
segment equal those found with pandas in pm4py's own read of the XES, and the
duration classes equal numpy's quartiles. The CLI writes the same rows as CSV and
draws a PNG.
"""

from __future__ import annotations

import contextlib
import csv
import io
import struct
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.cli._main import main
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.figures import fig_segment_spectrum
from ipgar_metrics.ingest._load import load
from ipgar_metrics.metrics.paths import performance_spectrum

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"
KEY = b"spectrum-test-key-0123456789abcdef"
DAY = "2024-03-04 "

# case: (activity, time of day) in order. By hand, the pairs that directly follow:
#   A>B: a 00:00-01:00 (3600 s), a 04:00-04:30 (1800), b 10:00-14:00 (14400),
#        d 02:00-02:10 (600)                                   -> 4 times
#   B>C: a 01:00-03:00 (7200), b 14:00-14:30 (1800)            -> 2 times
#   C>A: a 03:00-04:00; A>C: c 20:00-21:00; B>A: d 00:00-02:00 -> once each
TINY = {
    "a": [
        ("A", "00:00"),
        ("B", "01:00"),
        ("C", "03:00"),
        ("A", "04:00"),
        ("B", "04:30"),
    ],
    "b": [("A", "10:00"), ("B", "14:00"), ("C", "14:30")],
    "c": [("A", "20:00"), ("C", "21:00")],
    "d": [("B", "00:00"), ("A", "02:00"), ("B", "02:10")],
}


def _at(clock: str) -> pd.Timestamp:
    return pd.Timestamp(DAY + clock, tz="Europe/Amsterdam")


@pytest.fixture(scope="module")
def tiny():
    rows = [
        (case, activity, _at(clock))
        for case, events in TINY.items()
        for activity, clock in events
    ]
    con = store.memory_store()
    store.insert_events(
        con,
        pd.DataFrame(rows, columns=["case_id", "activity", "timestamp"]),
        profile="generic",
    )
    yield con
    con.close()


def test_every_occurrence_and_duration_by_hand(tiny):
    frame = performance_spectrum(
        tiny, as_of=store.last_event_at(tiny), segments=[("A", "B"), "B>C"]
    )
    ab = frame[frame["segment"] == 1]
    assert set(ab["source"]) == {"A"} and set(ab["target"]) == {"B"}
    # in order of A's time: d 02:00, a 00:00 and 04:00, b 10:00 (all on one day)
    got = list(zip(ab["start_at"], ab["end_at"], ab["seconds"], strict=True))
    assert got == [
        (_at("00:00"), _at("01:00"), 3600.0),
        (_at("02:00"), _at("02:10"), 600.0),
        (_at("04:00"), _at("04:30"), 1800.0),
        (_at("10:00"), _at("14:00"), 14400.0),
    ]
    assert ab["case_id"].nunique() == 3  # a twice, b, d
    # quartiles of 600, 1800, 3600, 14400 (linear): 1500, 2700, 6300
    assert ab["duration_class"].tolist() == [3, 1, 2, 4]
    bc = frame[frame["segment"] == 2]
    assert bc["seconds"].tolist() == [7200.0, 1800.0]
    # quartiles of 1800, 7200: 3150, 4500, 5850
    assert bc["duration_class"].tolist() == [4, 1]
    summary = frame.attrs["ipgar"]["segments"]
    assert [s["count"] for s in summary] == [4, 2]
    assert summary[0]["quartiles_seconds"] == [1500.0, 2700.0, 6300.0]


def test_default_segments_are_the_most_frequent_pairs(tiny):
    last = store.last_event_at(tiny)
    frame = performance_spectrum(tiny, as_of=last)
    lanes = frame.drop_duplicates("segment")
    # counts 4, 2, then the pairs seen once in name order: A>C, B>A (C>A is fifth)
    assert list(zip(lanes["source"], lanes["target"], strict=True)) == [
        ("A", "B"),
        ("B", "C"),
        ("A", "C"),
        ("B", "A"),
    ]
    assert frame.groupby("segment").size().tolist() == [4, 2, 1, 1]
    assert frame.loc[frame["segment"] == 3, "seconds"].tolist() == [3600.0]
    # one occurrence: its duration is every quartile, at or below the first: class 1
    assert frame.loc[frame["segment"] >= 3, "duration_class"].tolist() == [1, 1]
    two = performance_spectrum(tiny, as_of=last, top=2)
    assert sorted(two["segment"].unique()) == [1, 2]


def test_as_of_cuts_the_later_occurrences(tiny):
    # at 02:05 d's B has not happened: A>B occurs a 00:00-01:00 only
    frame = performance_spectrum(tiny, as_of=_at("02:05"), segments=["A>B"])
    assert frame["seconds"].tolist() == [3600.0]


def test_a_wrong_segment_is_one_line(tiny):
    last = store.last_event_at(tiny)
    with pytest.raises(ConfigError, match='"B" never directly follows "C"') as err:
        performance_spectrum(tiny, as_of=last, segments=["B>A", "C>B"])
    assert "A>B, B>C" in str(err.value)
    with pytest.raises(ConfigError, match='no activity "X"'):
        performance_spectrum(tiny, as_of=last, segments=[("X", "B")])
    with pytest.raises(ConfigError, match="as A>B"):
        performance_spectrum(tiny, as_of=last, segments=["AB"])
    with pytest.raises(ConfigError, match="chosen twice"):
        performance_spectrum(tiny, as_of=last, segments=["A>B", ("A", "B")])
    with pytest.raises(ConfigError, match="1 or more"):
        performance_spectrum(tiny, as_of=last, top=0)
    with pytest.raises(ConfigError, match="no activity directly follows"):
        performance_spectrum(tiny, as_of=_at("00:30"))  # one event so far


def test_the_figure_draws_one_line_per_occurrence(tiny):
    frame = performance_spectrum(tiny, as_of=store.last_event_at(tiny))
    fig = fig_segment_spectrum(frame, lang="en", unit="minutes")
    names = [t.name for t in fig.data]
    assert names == [
        "fastest quarter",
        "second quarter",
        "third quarter",
        "slowest quarter",
    ]
    # each line: start, end, gap
    assert sum(len(t.x) for t in fig.data) == 3 * len(frame)
    ab_top = [
        y for t in fig.data for x, y in zip(t.x, t.y, strict=True) if x == _at("10:00")
    ]
    assert ab_top == [0.0]  # lane 1's upper line
    assert (
        "240.0 minutes"
        in next(t for t in fig.data if t.name == "slowest quarter").text[0]
    )
    # the source under the title: a store filled without a load has no snapshot
    assert fig.layout.title.subtitle.text == "as of 2024-03-04"
    frame.attrs["ipgar"]["snapshot"] = {"snapshot_id": "S0123456789abcdef"}
    dutch = fig_segment_spectrum(frame)
    assert dutch.layout.title.subtitle.text == (
        "gegevens S0123456789abcdef · peildatum 2024-03-04"
    )
    sampled = fig_segment_spectrum(frame, max_lines=3)
    # every third occurrence of 8: the 1st, 4th and 7th
    assert sampled.layout.meta["shown"] == 3 and "3 van 8" in sampled.layout.title.text


# --- the public running example ------------------------------------------------------


@pytest.fixture(scope="module")
def running(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("spectrum") / "running.duckdb"
    load(
        [PUBLIC / "running-example.xes"],
        db=db,
        profile="generic",
        key=KEY,
        export_date=date(2026, 11, 1),
    )
    return db


def _pm4py_occurrences(source: str, target: str) -> pd.DataFrame:
    pm4py = pytest.importorskip("pm4py")
    log = pm4py.read_xes(
        str(PUBLIC / "running-example.xes"), return_legacy_log_object=False
    )
    log = log.sort_values(["case:concept:name", "time:timestamp"], kind="stable")
    case = log.groupby("case:concept:name")
    log = log.assign(
        next_activity=case["concept:name"].shift(-1),
        next_ts=case["time:timestamp"].shift(-1),
    )
    hits = log[(log["concept:name"] == source) & (log["next_activity"] == target)]
    out = pd.DataFrame(
        {
            "start": hits["time:timestamp"].astype("int64") // 10**9,
            "end": hits["next_ts"].astype("int64") // 10**9,
        }
    )
    return out.sort_values(["start", "end"]).reset_index(drop=True)


def test_running_example_equals_pm4py(running):
    expected = _pm4py_occurrences("check ticket", "decide")
    assert len(expected) == 6  # the top edge of the running example
    con = store.connect(running)
    try:
        frame = performance_spectrum(
            con, as_of=store.last_event_at(con), segments=["check ticket>decide"]
        )
    finally:
        con.close()
    got = pd.DataFrame(
        {
            "start": frame["start_at"].map(lambda t: int(t.timestamp())),
            "end": frame["end_at"].map(lambda t: int(t.timestamp())),
        }
    )
    pd.testing.assert_frame_equal(got, expected)
    assert frame["seconds"].tolist() == (expected["end"] - expected["start"]).tolist()
    q1, q2, q3 = np.percentile(frame["seconds"], [25, 50, 75])
    by_numpy = np.select(
        [frame["seconds"] <= q1, frame["seconds"] <= q2, frame["seconds"] <= q3],
        [1, 2, 3],
        4,
    )
    assert frame["duration_class"].tolist() == by_numpy.tolist()


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def test_cli_csv_and_png(running, tmp_path):
    expected = _pm4py_occurrences("examine casually", "check ticket")
    code, out, err = _cli(
        ["spectrum", "--db", str(running), "--segment", "examine casually>check ticket",
         "--format", "csv"]
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    starts = [int(pd.Timestamp(r["start_at"]).timestamp()) for r in rows]
    assert starts == expected["start"].tolist()
    assert [float(r["seconds"]) for r in rows] == (
        expected["end"] - expected["start"]
    ).astype(float).tolist()
    assert "as of" in err and "spectrum: segments" not in err  # chosen, so not said
    # the default: the top 4, said in one line; a PNG of them
    png = tmp_path / "spectrum.png"
    code, out, err = _cli(["spectrum", "--db", str(running), "--out", str(png)])
    if code == 1 and "Chrom" in err:
        pytest.skip(f"no browser to draw with: {err.strip()}")
    assert code == 0, err
    assert out == ""  # --out without --format prints no table
    said = [line for line in err.splitlines() if "spectrum: segments" in line]
    assert len(said) == 1 and "check ticket>decide" in said[0] and "top 4" in said[0]
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert (width, height) == (2 * 1000, 2 * (140 + 110 * 4))
    code, _, err = _cli(
        ["spectrum", "--db", str(running), "--out", str(tmp_path / "s.pdf")]
    )
    assert code == 1 and ".html, .png or .svg" in err


def test_the_process_report_draws_an_even_spread_and_says_so(running, monkeypatch):
    from ipgar_metrics.report import _process

    monkeypatch.setattr(_process, "SPECTRUM_LINES", 5)
    con = store.connect(running)
    try:
        as_of = pd.Timestamp(store.last_event_at(con))
        total = len(performance_spectrum(con, as_of=as_of))
        section = _process._spectrum(con, as_of, "nl")
    finally:
        con.close()
    # every ceil(16 / 5) = 4th line of the 16 occurrences of the top 4: 4 lines
    assert total == 16
    assert section.intro.endswith("Getoond: 4 van 16 lijnen, gelijk verspreid.")
    assert section.intro.startswith("De 4 meest voorkomende directe opvolgingen")
