"""What a load chooses when the caller does not say: export date, profile, key check.

The library side of tests/e2e/test_load_trust.py, on the hand-made export of
test_load.py (its rows and mapping; expected values read off those rows).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.errors import ConfigError, ExportFormatError, ValidationError
from ipgar_metrics.ingest._load import load, load_into, validate
from tests.unit.test_load import KEY, MAPPING, ROWS, events, write_export


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return write_export(tmp_path), mapping


def test_newest_event_is_the_export_date_and_a_typo_year_stays_future(export):
    path, mapping = export
    con = store.memory_store()
    r = load_into(con, [path], mapping=mapping, key=KEY)
    # the newest row is 27-10-2024 03:30; the row of 2062 is after today
    assert (r.export_date, r.export_date_source) == (date(2024, 10, 27), "newest_event")
    assert (r.rejects["reason_code"] == "future_date").sum() == 1
    assert r.choices()[0] == (
        "export date 2024-10-27",
        "the newest event in the file",
        "--export-date",
    )
    assert con.execute("SELECT export_date FROM loads").fetchall() == [
        (date(2024, 10, 27),)
    ]


def test_export_date_of_the_mapping_file(export, tmp_path):
    path, _ = export
    mapping = tmp_path / "dated.toml"
    mapping.write_text("export_date = 2024-03-01\n" + MAPPING, encoding="utf-8")
    r = load_into(store.memory_store(), [path], mapping=mapping, key=KEY)
    assert (r.export_date, r.export_date_source) == (date(2024, 3, 1), "mapping_date")
    # rows dated 2 March 2024 or later are future now: the two rows of 27-10-2024
    # and the 2062 row (31-03-2024 02:30 does not exist: nonexistent_local_time)
    assert (r.rejects["reason_code"] == "future_date").sum() == 3


def test_export_date_given_wins_and_is_not_a_choice(export, tmp_path):
    path, _ = export
    mapping = tmp_path / "dated.toml"
    mapping.write_text("export_date = 2024-03-01\n" + MAPPING, encoding="utf-8")
    r = load_into(
        store.memory_store(),
        [path],
        mapping=mapping,
        key=KEY,
        export_date=date(2026, 11, 1),
    )
    assert (r.export_date, r.export_date_source) == (date(2026, 11, 1), "given")
    assert [c[0] for c in r.choices()] == ["profile ipgar"]


def test_validate_says_its_choices(export):
    path, mapping = export
    report = validate([path], mapping=mapping, key=KEY)
    assert report.attrs["choices"] == [
        ("export date 2024-10-27", "the newest event in the file", "--export-date"),
        ("profile ipgar", "a mapping file is given", "--profile"),
    ]


def test_another_key_is_refused_and_nothing_changes(export, tmp_path):
    path, mapping = export
    db = tmp_path / "s.duckdb"
    load([path], mapping=mapping, db=db, key=KEY)
    before = events(db)
    with pytest.raises(ConfigError, match="another pseudonymisation key") as info:
        load([path], mapping=mapping, db=db, key=b"x" * 32)
    assert "\n" not in str(info.value)
    assert events(db).equals(before)
    con = store.connect(db)
    assert store.meta_value(con, "key_fingerprint") == privacy.key_fingerprint(KEY)
    con.close()


def test_fingerprint_differs_per_key_and_hides_it():
    a, b = privacy.key_fingerprint(KEY), privacy.key_fingerprint(KEY + b"!")
    assert a != b and len(a) == 16
    assert KEY.hex()[:16] != a


def test_require_events_refuses_and_removes_a_new_store(tmp_path):
    path = write_export(tmp_path, [ROWS[6]])  # the row without a date
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with pytest.raises(ValidationError, match="none of the 1 rows") as info:
        load([path], mapping=mapping, db=db, key=KEY, require_events=True)
    assert len(info.value.rejects) == 1
    assert sorted(p.name for p in tmp_path.glob("s.duckdb*")) == []
    # without require_events the library loads the nothing, as before
    r = load([path], mapping=mapping, db=db, key=KEY)
    assert (r.rows_loaded, r.export_date, r.export_date_source) == (0, None, "no_event")


def test_profile_is_chosen_from_the_store_then_the_vocabulary(tmp_path):
    xes = Path(__file__).parents[1] / "data" / "public" / "running-example.xes"
    con = store.memory_store()
    r = load_into(con, [xes], key=KEY)
    assert (r.profile, r.profile_source) == ("generic", "xes")
    again = load_into(con, [xes], key=KEY)
    assert (again.profile, again.profile_source) == ("generic", "store")
    canon = tmp_path / "c.csv"
    canon.write_text("case_id,activity,timestamp\nA,melding,2024-01-02T09:00:00Z\n")
    r = load_into(store.memory_store(), [canon], key=KEY)
    assert (r.profile, r.profile_source) == ("ipgar", "vocabulary")
    other = tmp_path / "o.csv"
    other.write_text("case_id,activity,timestamp\nA,submit,2024-01-02T09:00:00Z\n")
    with pytest.raises(ExportFormatError, match="--profile generic"):
        load_into(store.memory_store(), [other], key=KEY)
