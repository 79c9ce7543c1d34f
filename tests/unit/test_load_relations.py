"""``load_relations``: relations between persons and key locations, under a DPIA.

The store holds the hand-made export of ``test_purge.py`` (cases A-001 .. A-009,
export date 1 November 2026). The relations exports are written here by hand; every
expected value is counted on those rows, and every pseudonym is computed with
``privacy.pseudonym`` (the reference of the loader's SQL), not read from the store.
Raw ids that are not cases of the store (third parties): ``X-999``, ``Z-12345``;
key locations ``LOC-77`` and ``A-001`` (a location id equal to a case id).
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from test_purge import write_export

from ipgar_metrics import governance, privacy, store
from ipgar_metrics.errors import ConfigError, StoreError
from ipgar_metrics.ingest import load_relations
from ipgar_metrics.ingest._load import load
from ipgar_metrics.metrics.monthly import loads

EXPORT_DATE = date(2026, 11, 1)
HEADER = "case_id_a,case_id_b,relation,start,end"
#: valid relations: (a, b, type, start, end) as written
GOOD = [
    ("A-002", "A-001", "familie", "2022-01-01", ""),  # stored swapped when C(a) > C(b)
    ("A-003", "A-004", "vriend", "01-02-2023", "01-03-2024"),  # dd-mm-jjjj
    ("A-005", "A-003", "online", "2024-03-01", ""),
]
#: one row per reason: (row, reason, column) and the row as written
BAD = [
    (("A-003", "X-999", "online", "2022-01-01", ""), "unknown_case", "case_id_b"),
    (("A-005", "A-005", "online", "2022-01-01", ""), "self_relation", "case_id_b"),
    (("A-005", "A-006", "vriendd", "2022-01-01", ""), "unknown_relation", "relation"),
    (("A-005", "A-006", "online", "2024-13-01", ""), "unparsable_date", "start"),
    (
        ("A-005", "A-006", "online", "2024-01-01", "2023-01-01"),
        "end_before_start",
        "end",
    ),
    (("A-006", "", "online", "2024-01-01", ""), "missing_value", "case_id_b"),
    (("Z-12345", "A-001", "familie", "2020-01-01", ""), "unknown_case", "case_id_a"),
]
THIRD_PARTIES = ["X-999", "Z-12345"]


def key() -> bytes:
    return privacy.load_key()  # the session's test key (conftest)


def pseudo(raw: str, kind: str = "case") -> str:
    return privacy.pseudonym(raw, key(), kind=kind)


def write(path: Path, rows, header: str = HEADER, sep: str = ",", bom=False) -> Path:
    text = "\n".join([header.replace(",", sep), *(sep.join(r) for r in rows)]) + "\n"
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A store with the events of test_purge, relations enabled (loaded once)."""
    folder = tmp_path_factory.mktemp("events")
    db = folder / "base.duckdb"
    load([write_export(folder / "events.csv", None)], db=db, export_date=EXPORT_DATE)
    governance.enable_relations(db, "DPIA-TEST-1")
    return db


@pytest.fixture
def db(base, tmp_path) -> Path:
    target = tmp_path / "s.duckdb"
    shutil.copy(base, target)
    return target


def rows(db: Path, table: str) -> list[tuple]:
    with store.connect(db) as con:
        return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def count(db: Path, table: str) -> int:
    return len(rows(db, table))


def every_cell(db: Path) -> str:
    """Every text cell of every table of the store, and the file's bytes as text."""
    parts = [db.read_bytes().decode("latin-1")]
    with store.connect(db) as con:
        tables = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        for t in tables:
            parts += [
                str(v)
                for row in con.execute(f'SELECT * FROM "{t}"').fetchall()
                for v in row
            ]
    return "\n".join(parts)


def snapshot(db: Path) -> str:
    with store.connect(db) as con:
        return store.snapshot_id(con)


def test_pseudonyms_are_those_of_the_events_and_pairs_are_ordered(db, tmp_path):
    result = load_relations(write(tmp_path / "relations.csv", GOOD), db=db)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 3, 0)
    stored = {
        (a, b, rel, str(s), None if e is None else str(e))
        for a, b, rel, s, e, *_ in rows(db, "relations")
    }
    expected = set()
    for a, b, rel, start, end in GOOD:
        pa, pb = sorted([pseudo(a), pseudo(b)])
        iso = lambda d: d if d[4] == "-" else f"{d[6:]}-{d[3:5]}-{d[:2]}"  # noqa: E731
        expected.add((pa, pb, rel, iso(start), iso(end) if end else None))
    assert stored == expected
    with store.connect(db) as con:
        cases = {
            r[0] for r in con.execute("SELECT DISTINCT case_id FROM events").fetchall()
        }
    assert {p for r in stored for p in r[:2]} <= cases


def test_identifier_normalisation_and_location_name_space(db, tmp_path):
    # a zero-width space, white space and full-width digits: the same person
    rel = write(
        tmp_path / "relations.csv",
        [(" A-00１\u200b", "A-002", "familie", "2022-01-01", "")],
    )
    locs = write(
        tmp_path / "locations.csv",
        [
            ("A-001", "A-001", "2023-01-01", ""),
            ("A-002", "LOC-77", "2023-01-01", "2023-06-30"),
        ],
        header="case_id,location_id,start,end",
    )
    result = load_relations(rel, locations=locs, db=db)
    assert [f.new for f in result.files] == [1, 2]
    ((a, b, *_),) = rows(db, "relations")
    assert {a, b} == {pseudo("A-001"), pseudo("A-002")}
    stored = {(c, loc) for c, loc, *_ in rows(db, "key_locations")}
    assert stored == {
        (pseudo("A-001"), pseudo("A-001", "location")),
        (pseudo("A-002"), pseudo("LOC-77", "location")),
    }
    assert pseudo("A-001", "location") != pseudo("A-001")  # its own name space


def test_refused_without_the_dpia_setting_and_nothing_is_stored(base, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copy(base, db)
    governance.disable_relations(db)
    before = (count(db, "loads"), count(db, "rejected_events"))
    rel = write(tmp_path / "relations.csv", GOOD + [b[0] for b in BAD])
    with pytest.raises(ConfigError) as refused:
        load_relations(rel, db=db)
    assert str(refused.value) == store.RELATIONS_REFUSAL
    assert "\n" not in str(refused.value)
    assert (
        count(db, "relations"),
        count(db, "loads"),
        count(db, "rejected_events"),
    ) == (0, *before)


def test_each_reason_names_file_row_and_column_and_no_raw_value(db, tmp_path):
    rel = write(
        tmp_path / "relations.csv", GOOD + [b[0] for b in BAD], sep=";", bom=True
    )
    result = load_relations(rel, db=db)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (10, 3, 7)
    got = sorted(
        zip(
            result.rejects["row"],
            result.rejects["reason_code"],
            result.rejects["column"],
            strict=True,
        )
    )
    assert got == sorted(
        (len(GOOD) + i + 1, reason, col) for i, (_, reason, col) in enumerate(BAD)
    )
    for r in result.rejects.itertuples():
        assert r.message.startswith(f'relations.csv row {r.row}, column "{r.column}": ')
    unknown = result.rejects.query("reason_code == 'unknown_relation'")["message"].iloc[
        0
    ]
    assert "(shape aaaaaaa)" in unknown and 'did you mean "vriend"?' in unknown
    assert "vriendd" not in unknown
    stored = rows(db, "rejected_events")
    assert len([r for r in stored if r[0] == result.load_id]) == 7
    text = every_cell(db) + "\n".join(result.rejects["message"])
    for raw in [
        *THIRD_PARTIES,
        "12345",
        "A-005",
        "A-006",
        "A-003",
        "2024-13-01",
        "vriendd",
    ]:
        assert raw not in text, raw


def test_a_third_party_is_not_stored_at_all(db, tmp_path):
    rel = write(
        tmp_path / "relations.csv", [b[0] for b in BAD if b[1] == "unknown_case"]
    )
    load_relations(rel, db=db)
    text = every_cell(db)
    for raw in THIRD_PARTIES:
        assert pseudo(raw) not in text
    with store.connect(db) as con:
        held = con.execute(
            "SELECT case_id, raw FROM rejected_events WHERE reason_code = 'unknown_case'"
        ).fetchall()
    assert len(held) == 2 and all(case is None for case, _ in held)
    # the known person of such a row is not linked to it either: masked
    assert pseudo("A-003") not in " ".join(raw for _, raw in held)
    assert pseudo("A-001") not in " ".join(raw for _, raw in held)


def test_loading_the_same_files_again_changes_nothing(db, tmp_path):
    rel = write(tmp_path / "relations.csv", GOOD + [b[0] for b in BAD] + [GOOD[0]])
    locs = write(
        tmp_path / "locations.csv",
        [("A-001", "LOC-77", "2023-01-01", "")],
        header="case_id,location_id,start,end",
    )
    first = load_relations(rel, locations=locs, db=db)
    assert first.files[0].duplicates == 1
    tables = ("relations", "key_locations", "rejected_events")
    before = {t: rows(db, t) for t in tables}
    again = load_relations(rel, locations=locs, db=db)
    assert {t: rows(db, t) for t in tables} == before
    assert again.snapshot_id == first.snapshot_id
    assert [
        (f.new, f.already_present, f.rejected, f.duplicates) for f in again.files
    ] == [(0, 3, 7, 1), (0, 1, 0, 0)]


def test_a_later_end_date_corrects_the_stored_relation(db, tmp_path):
    first = load_relations(write(tmp_path / "r1.csv", GOOD), db=db)
    later = [
        *GOOD[:2],
        ("A-003", "A-005", "online", "01-03-2024", "2025-06-30"),
    ]  # ended
    second = load_relations(write(tmp_path / "r2.csv", later), db=db)
    assert (
        second.files[0].new,
        second.files[0].corrected,
        second.files[0].already_present,
    ) == (0, 1, 2)
    ends = {(a, b): e for a, b, _, _, e, *_ in rows(db, "relations")}
    pair = tuple(sorted([pseudo("A-003"), pseudo("A-005")]))
    assert str(ends[pair]) == "2025-06-30"
    assert count(db, "relations") == 3
    assert second.snapshot_id != first.snapshot_id


def test_a_failed_load_leaves_the_store_as_it_was(db, tmp_path, monkeypatch):
    rel = write(tmp_path / "relations.csv", GOOD + [b[0] for b in BAD])
    tables = ("relations", "key_locations", "rejected_events", "loads")
    before = {t: rows(db, t) for t in tables}
    monkeypatch.setenv("IPGAR_FAIL_LOAD", "1")
    with pytest.raises(StoreError, match="nothing was stored"):
        load_relations(rel, db=db)
    assert {t: rows(db, t) for t in tables} == before


def test_the_snapshot_id_changes_with_a_relation_and_not_without(db, tmp_path):
    with store.connect(db) as con:
        recorded = store.snapshot(con)["snapshot_id"]
        assert store.snapshot_id(con) == recorded  # no relation: the id as before
    result = load_relations(write(tmp_path / "relations.csv", GOOD[:1]), db=db)
    assert result.snapshot_id != recorded and snapshot(db) == result.snapshot_id
    with store.connect(db, read_only=False) as con:
        con.execute("DELETE FROM relations").fetchall()
        assert store.snapshot_id(con) == recorded  # empty again: the old id


def test_restriction_lift_erasure_and_disable_act_on_relation_rows(db, tmp_path):
    load_relations(
        write(tmp_path / "relations.csv", GOOD),
        locations=write(
            tmp_path / "locations.csv",
            [("A-003", "LOC-77", "2023-01-01", "")],
            header="case_id,location_id,start,end",
        ),
        db=db,
    )
    p3 = pseudo("A-003")
    governance.restrict_processing(db=db, case_id="A-003")
    assert [r for r in rows(db, "relations") if p3 in r[:2]] == []
    assert len(rows(db, "restricted_relations")) == 2  # A-003 is in two of GOOD
    assert (count(db, "key_locations"), count(db, "restricted_key_locations")) == (0, 1)
    # a new export of a restricted person's relation goes to the restricted table
    load_relations(
        write(tmp_path / "more.csv", [("A-003", "A-009", "overig", "2025-01-01", "")]),
        db=db,
    )
    assert len(rows(db, "restricted_relations")) == 3 and count(db, "relations") == 1
    record = governance.subject(db=db, case_id="A-003")
    rel = record.parts["relations"]
    assert sorted(rel["relation"]) == ["online", "overig", "sleutellocatie", "vriend"]
    assert set(rel["other"].dropna()) == {"andere persoon"}
    assert not any(pseudo(c) in record.to_json() for c in ("A-004", "A-005", "A-009"))
    governance.lift_restriction(db=db, case_id="A-003")
    assert (count(db, "relations"), count(db, "restricted_relations")) == (4, 0)
    assert (count(db, "key_locations"), count(db, "restricted_key_locations")) == (1, 0)
    erased = governance.erase(db=db, case_id="A-003")
    assert (erased.relations, erased.key_locations) == (3, 1)
    assert count(db, "relations") == 1 and p3 not in every_cell(db)
    gone = governance.disable_relations(db)
    assert (gone.relations, gone.key_locations) == (1, 0)
    assert count(db, "relations") == 0
    with store.connect(db) as con:
        assert not store.relations_enabled(con)


def test_erasure_of_the_second_person_removes_their_rejected_relation_rows(
    db, tmp_path
):
    # A-007 is the second person of a rejected row (end before start)
    load_relations(
        write(
            tmp_path / "r.csv",
            [("A-004", "A-007", "online", "2024-01-01", "2023-01-01")],
        ),
        db=db,
    )
    p7 = pseudo("A-007")
    assert p7 in every_cell(db)
    shown = governance.subject(db=db, case_id="A-007").parts["rejects"]
    assert len(shown) == 1 and pseudo("A-004") not in shown["raw"].iloc[0]
    assert "andere persoon" in shown["raw"].iloc[0]
    governance.erase(db=db, case_id="A-007")
    assert p7 not in every_cell(db)


def test_a_mapping_renames_columns_and_relation_labels(db, tmp_path):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[relations]\ndelimiter = ";"\n'
        '[relations.columns]\n"Persoon 1" = "case_id_a"\n"Persoon 2" = "case_id_b"\n'
        '"Soort" = "relation"\n"Van" = "start"\n"Tot" = "end"\n'
        '[relations.values.relation]\n"Broer/zus" = "familie"\n'
    )
    rel = write(
        tmp_path / "relaties.csv",
        [("A-001", "A-002", "Broer/zus", "05-06-2021", "")],
        header="Persoon 1;Persoon 2;Soort;Van;Tot",
        sep=";",
    )
    result = load_relations(rel, db=db, mapping=mapping)
    assert result.files[0].new == 1
    ((_, _, relation, start, end, *_),) = rows(db, "relations")
    assert (relation, start, end) == ("familie", date(2021, 6, 5), None)


def test_a_file_without_a_contract_column_is_refused_in_one_line(db, tmp_path):
    rel = write(
        tmp_path / "relations.csv",
        [("A-001", "A-002", "familie", "2022-01-01")],
        header="case_id_a,case_id_b,relation,start",
    )
    with pytest.raises(
        Exception, match=r"relations.csv has no column end; found: "
    ) as err:
        load_relations(rel, db=db)
    assert "\n" not in str(err.value)


def test_no_store_is_created_for_relations(tmp_path):
    with pytest.raises(StoreError, match="no event store"):
        load_relations(tmp_path / "missing.csv", db=tmp_path / "none.duckdb")
    assert not (tmp_path / "none.duckdb").exists()


#: the count columns of ``loads``: each counts events (or event rows of the export)
EVENT_COUNTS = (
    "rows_read",
    "rows_loaded",
    "new_events",
    "already_present",
    "rows_rejected",
    "duplicates_skipped",
    "corrected",
    "deleted",
    "deletions_held",
)


def _two_loads(db: Path, tmp_path: Path) -> tuple:
    """Relations and locations; then GOOD[1] ended later (a correction), the rest again."""
    rel = write(tmp_path / "relations.csv", GOOD + [b[0] for b in BAD] + [GOOD[0]])
    locs = write(
        tmp_path / "locations.csv",
        [("A-001", "LOC-77", "2023-01-01", ""), ("A-002", "LOC-77", "2023-01-01", "")],
        header="case_id,location_id,start,end",
    )
    first = load_relations(rel, locations=locs, db=db)
    ended = ("A-003", "A-004", "vriend", "01-02-2023", "01-06-2024")
    again = write(tmp_path / "again.csv", [GOOD[0], ended, GOOD[2], BAD[0][0]])
    return first, load_relations(again, db=db)


def test_the_loads_row_counts_no_event_and_its_files_count_their_rows(db, tmp_path):
    with store.connect(db) as con:
        events_before = con.execute(
            f"SELECT {', '.join(f'sum({c})' for c in EVENT_COUNTS)} FROM loads"
        ).fetchall()[0]
    first, second = _two_loads(db, tmp_path)
    with store.connect(db) as con:
        rows_ = {
            r[0]: r[1:]
            for r in con.execute(
                f"SELECT load_id, files, export_date, snapshot_id, {', '.join(EVENT_COUNTS)} "
                "FROM loads WHERE load_id IN (?, ?)",
                [first.load_id, second.load_id],
            ).fetchall()
        }
        events_after = con.execute(
            f"SELECT {', '.join(f'sum({c})' for c in EVENT_COUNTS)} FROM loads"
        ).fetchall()[0]
        assert store.snapshot(con)["export_date"] == EXPORT_DATE
    assert events_after == events_before  # a sum over the loads still counts events
    for result in (first, second):
        _files, export_date, snap, *counts = rows_[result.load_id]
        assert (export_date, snap) == (EXPORT_DATE, result.snapshot_id)
        assert counts == [0] * len(EVENT_COUNTS)
    keys = ("name", "kind", "rows", "new", "already_present", "corrected")
    keys += ("rejected", "duplicates")
    # counted on the rows written above: 3 good + 7 bad + 1 repeat of GOOD[0];
    # two persons at one key location; then 2 unchanged, 1 ended, 1 third party
    assert [tuple(f[k] for k in keys) for f in json.loads(rows_[first.load_id][0])] == [
        ("relations.csv", "relations", 11, 3, 0, 0, 7, 1),
        ("locations.csv", "locations", 2, 2, 0, 0, 0, 0),
    ]
    assert [
        tuple(f[k] for k in keys) for f in json.loads(rows_[second.load_id][0])
    ] == [("again.csv", "relations", 4, 0, 2, 1, 1, 0)]
    assert all(len(f["sha256"]) == 64 for f in json.loads(rows_[first.load_id][0]))


def test_the_manifest_counts_a_relations_load_by_its_rows(db, tmp_path):
    """``loads()`` (notebook 01) says what a relations load read, not "0 rows read"."""
    first, second = _two_loads(db, tmp_path)
    with store.connect(db, read_only=True) as con:
        manifest = loads(con).set_index("load_id")
        stored = con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected FROM loads WHERE load_id = 1"
        ).fetchone()
    cols = ["kind", "rows_read", "rows_loaded", "rows_rejected", "duplicates_skipped"]
    cols += ["new_events", "already_present", "corrected"]
    # the event load as stored; then the rows written above, counted by hand: 11
    # relations (3 new, 7 rejected, 1 repeat) and 2 new locations; then 4 rows:
    # 2 unchanged, 1 ended later, 1 third party
    assert tuple(manifest.loc[1, cols[1:4]]) == stored
    assert manifest.loc[1, "kind"] == "events"
    assert list(manifest.loc[first.load_id, cols]) == [
        "relations, locations",
        13,
        5,
        7,
        1,
        5,
        0,
        0,
    ]
    assert list(manifest.loc[second.load_id, cols]) == [
        "relations",
        4,
        3,
        1,
        0,
        0,
        2,
        1,
    ]
    assert str(manifest["rows_read"].dtype) == "int64"
    assert (
        manifest["rows_read"]
        == manifest["rows_loaded"]
        + manifest["rows_rejected"]
        + manifest["duplicates_skipped"]
    ).all()
    assert (
        manifest["rows_loaded"]
        == manifest["new_events"] + manifest["already_present"] + manifest["corrected"]
    ).all()


def test_the_duckdb_store_file_is_not_left_open(db, tmp_path):
    load_relations(write(tmp_path / "relations.csv", GOOD), db=db)
    duckdb.connect(str(db)).close()  # another process could open it now
