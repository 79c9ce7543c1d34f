"""Identifiers normalised before pseudonymisation; look-alike ids and date-only values flagged.

Expected pseudonyms are computed here with ``hmac`` on the normalised text written by
hand, not with the loader's or ``privacy``'s code.
"""

from __future__ import annotations

import hashlib
import hmac
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import config, privacy
from ipgar_metrics.errors import ExportFormatError
from ipgar_metrics.ingest._load import load, load_into
from ipgar_metrics.metrics.quality._report import quality_report
from ipgar_metrics.store import memory_store

KEY = b"identifier-test-key-0123456789abcdef"
EXPORT_DATE = date(2024, 3, 1)


def hand_pseudonym(text: str, kind: str = "case") -> str:
    prefix = {"case": "C", "manager": "M", "event": "E"}[kind]
    mac = hmac.new(KEY, f"{kind}:{text}".encode(), hashlib.sha256).hexdigest()
    return prefix + mac[: config.PSEUDONYM_LENGTH]


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    lines = ["case_id,activity,timestamp,case_manager,event_id"]
    lines += [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_memory(path: Path, **kw) -> tuple[duckdb.DuckDBPyConnection, object]:
    con = memory_store()
    result = load_into(con, [path], key=KEY, export_date=EXPORT_DATE, **kw)
    return con, result


# One case written four ways: plain, a trailing no-break space, a leading zero-width
# space, full-width letters and digits. Its manager and event ids likewise.
SAME_CASE = [
    ("R1234", "melding", "2024-01-02 09:00", "M-7", "E1"),
    ("R1234\u00a0", "contact", "2024-01-03 09:00", "M-7\u202f", "\u200bE2"),
    ("\u200bR1234", "contact", "2024-01-04 09:00", "\u2007M-7", "E3\ufeff"),
    ("\uff32\uff11\uff12\uff13\uff14", "contact", "2024-01-05 09:00", "Ｍ-７", "Ｅ4"),
]


def test_variants_of_one_id_are_one_case(tmp_path):
    con, result = load_memory(write_csv(tmp_path / "e.csv", SAME_CASE))
    assert result.rows_loaded == 4
    ev = con.execute("SELECT case_id, case_manager, event_id FROM events").df()
    assert set(ev["case_id"]) == {hand_pseudonym("R1234")}
    assert set(ev["case_manager"]) == {hand_pseudonym("M-7", "manager")}
    assert sorted(ev["event_id"]) == sorted(
        hand_pseudonym(f"E{i}", "event") for i in range(1, 5)
    )


def test_privacy_pseudonym_normalises_the_same_way():
    for raw, *_ in SAME_CASE:
        assert privacy.pseudonym(raw, KEY) == hand_pseudonym("R1234")
    # inner white space, case and leading zeros stay significant
    assert privacy.normalise_id(" R 12\u200b34\u00a0") == "R 1234"
    assert privacy.normalise_id("r01") == "r01"


def test_an_id_of_only_invisible_characters_is_missing(tmp_path):
    rows = [("\u200b\u00a0", "melding", "2024-01-02 09:00", "", "")]
    _, result = load_memory(write_csv(tmp_path / "e.csv", rows))
    assert result.rows_loaded == 0
    assert result.rejects["reason_code"].tolist() == ["missing_case_id"]


# KM-100 in Latin letters; КМ-100 with Cyrillic K and M looks the same; ХО-9
# (Cyrillic) and ΑΒ-7 (Greek) look like Latin ids that are not in the export.
LOOKALIKE_ROWS = [
    ("KM-100", "melding", "2024-01-02 09:00", "", ""),
    ("\u041a\u041c-100", "melding", "2024-01-03 09:00", "", ""),
    ("\u0425\u041e-9", "melding", "2024-01-04 09:00", "", ""),
    ("\u0391\u0392-7", "melding", "2024-01-05 09:00", "", ""),
    ("\u0391\u0392-7", "contact", "2024-01-06 09:00", "", ""),
    ("Émile-1", "melding", "2024-01-07 09:00", "", ""),  # not a look-alike
]
RAW = ["KM-100", "\u041a\u041c-100", "\u0425\u041e-9", "XO-9", "\u0391\u0392-7", "AB-7"]


def test_lookalike_ids_are_loaded_and_flagged(tmp_path):
    con, result = load_memory(write_csv(tmp_path / "e.csv", LOOKALIKE_ROWS))
    assert result.rows_loaded == 6
    latin = hand_pseudonym("KM-100")
    cyrillic = hand_pseudonym("\u041a\u041c-100")
    xo = hand_pseudonym("\u0425\u041e-9")
    ab = hand_pseudonym("\u0391\u0392-7")
    cases = set(con.execute("SELECT DISTINCT case_id FROM events").df()["case_id"])
    assert cases == {latin, cyrillic, xo, ab, hand_pseudonym("Émile-1")}
    flags = con.execute(
        "SELECT file, \"row\", case_id, message FROM quality_flags WHERE check_code = 'lookalike_id'"
    ).df()
    assert sorted(flags["case_id"]) == sorted([latin, cyrillic, xo, ab])
    rows = dict(zip(flags["case_id"], flags["row"], strict=True))
    assert rows[cyrillic] == 2 and rows[xo] == 3 and rows[ab] == 4
    assert pd.isna(rows[latin])  # the case it looks like: a case-level flag
    by_case = dict(zip(flags["case_id"], flags["message"], strict=True))
    assert latin in by_case[cyrillic] and cyrillic in by_case[latin]
    assert hand_pseudonym("XO-9") not in by_case[xo]  # no such case in the store
    text = " ".join(flags["message"])
    assert not [r for r in RAW if r in text]

    report = quality_report(con).set_index("check")
    assert report.loc["lookalike_id", "count"] == 4
    assert report.loc["lookalike_id", "severity"] == "warning"
    shown = report.loc["lookalike_id", "examples"]
    assert sum(p in shown for p in (latin, cyrillic, xo, ab)) == 3  # N_EXAMPLES


def test_date_only_loads_as_local_midnight_and_is_flagged(tmp_path):
    rows = [
        ("A1", "melding", "2024-01-05", "", ""),
        ("A1", "contact", "2024-01-06 10:00", "", ""),
        ("A2", "melding", "2024-01-07", "", ""),
    ]
    con, result = load_memory(write_csv(tmp_path / "e.csv", rows))
    assert result.rows_loaded == 3
    ts = con.execute("SELECT ts FROM events ORDER BY ts").fetchall()
    # Amsterdam is UTC+1 in January: local midnight is 23:00 UTC the day before
    assert [t[0].astimezone(UTC) for t in ts] == [
        datetime(2024, 1, 4, 23, 0, tzinfo=UTC),
        datetime(2024, 1, 6, 9, 0, tzinfo=UTC),
        datetime(2024, 1, 6, 23, 0, tzinfo=UTC),
    ]
    flags = con.execute(
        'SELECT file, "row", case_id FROM quality_flags WHERE check_code = \'date_only\' ORDER BY "row"'
    ).fetchall()
    assert flags == [
        ("e.csv", 1, hand_pseudonym("A1")),
        ("e.csv", 3, hand_pseudonym("A2")),
    ]
    report = quality_report(con).set_index("check")
    assert report.loc["date_only", "count"] == 2
    assert report.loc["date_only", "examples"] == (
        f"e.csv row 1 (case {hand_pseudonym('A1')}), "
        f"e.csv row 3 (case {hand_pseudonym('A2')})"
    )


MAPPING = textwrap.dedent(
    """\
    [source]
    delimiter = ";"
    timestamp_format = "{fmt}"
    [columns]
    "Casus" = "case_id"
    "Activiteit" = "activity"
    "Datum" = "timestamp"
    [values.activity]
    "Melding ontvangen" = "melding"
    """
)


def _mapped_export(tmp_path: Path, dates: list[str], fmt: str = "%d-%m-%Y %H:%M"):
    (tmp_path / "m.toml").write_text(MAPPING.format(fmt=fmt), encoding="utf-8")
    body = "\n".join(f"Z{i};Melding ontvangen;{d}" for i, d in enumerate(dates))
    (tmp_path / "x.csv").write_text(f"Casus;Activiteit;Datum\n{body}\n")
    return tmp_path / "x.csv", tmp_path / "m.toml"


def test_a_two_digit_year_is_not_a_date(tmp_path):
    export, mapping = _mapped_export(
        tmp_path, ["05-02-16 10:00", "05-02-2016 10:00", "5-2-0016 10:00"]
    )
    _, result = load_memory(export, mapping=mapping)
    rejects = result.rejects.sort_values("row")
    assert rejects["row"].tolist() == [1, 3]
    assert set(rejects["reason_code"]) == {"unparsable_date"}
    assert all("dd-mm-jjjj uu:mm" in m for m in rejects["message"])
    assert result.rows_loaded == 1


@pytest.mark.parametrize("fmt", ["%d-%m-%Y %H:%M %Q", "%", "uur %H:%M"])
def test_a_bad_timestamp_format_names_the_mapping_key(tmp_path, fmt):
    export, mapping = _mapped_export(tmp_path, ["05-02-2016 10:00"], fmt=fmt)
    db = tmp_path / "s.duckdb"
    with pytest.raises(
        ExportFormatError, match=r"m\.toml: \[source\] timestamp_format"
    ):
        load([export], mapping=mapping, db=db, key=KEY, export_date=EXPORT_DATE)
    assert not list(tmp_path.glob("s.duckdb*"))
