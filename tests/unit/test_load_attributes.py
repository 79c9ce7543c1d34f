"""The attributes of a generic log are kept at load; an iPGA-R export keeps none.

Values are checked against the hand-made file: every unmapped cell of a generic CSV
(a ``case:`` column as the case's attribute), typed where it reads as a number or a
date; an identifying attribute as its pseudonym (``privacy.pseudonym``'s HMAC in the
name space ``attribute``); a reload changes nothing; the iPGA-R export of
``test_load`` with an extra column stores no value of it anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from ipgar_metrics import config, privacy, store
from ipgar_metrics.ingest._load import load
from tests.unit.test_load import EXPORT_DATE, HEADER, KEY, MAPPING, ROWS, write_export

GENERIC = """\
case_id,activity,timestamp,case:channel,amount,note,applicant,due
A1,Intake,2024-01-02T09:00:00+01:00,web,10,first,Ann Smit,2024-02-01
A1,Check,2024-01-03T09:00:00+01:00,web,,,Ann Smit,
A1,Close,2024-01-05T09:00:00+01:00,web,2.5,done,Ann Smit,
B2,Intake,2024-01-02T10:00:00+01:00,phone,7,,Bo Wit,
B2,Close,2024-01-04T10:00:00+01:00,phone,,late,Bo Wit,
"""


def _rows(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT e.activity, a.name, a.value_text, a.value_num, a.value_ts, "
            "a.event_key IS NULL FROM attributes AS a "
            "LEFT JOIN events AS e USING (event_key) "
            "ORDER BY a.case_id, e.seq NULLS FIRST, a.name"
        ).fetchall()
    finally:
        con.close()


@pytest.fixture
def generic(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "log.csv"
    log.write_text(GENERIC, encoding="utf-8")
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[attributes]\nidentifying = ["applicant"]\n', encoding="utf-8")
    return log, mapping


def _pseudonym(raw: str) -> str:
    mac = hmac.new(KEY, f"attribute:{raw}".encode(), hashlib.sha256).hexdigest()
    return "A" + mac[: config.PSEUDONYM_LENGTH]


def test_every_unmapped_cell_of_a_generic_csv_is_kept(generic, tmp_path):
    log, mapping = generic
    db = tmp_path / "g.duckdb"
    first = load([log], mapping=mapping, db=db, key=KEY, profile="generic")
    ann, bo = _pseudonym("Ann Smit"), _pseudonym("Bo Wit")
    due = datetime(2024, 1, 31, 23, 0, tzinfo=UTC)  # 2024-02-01 local midnight
    a1 = [
        (None, "channel", "web", None, None, True),
        ("Intake", "amount", "10", 10.0, None, False),
        ("Intake", "applicant", ann, None, None, False),
        ("Intake", "due", "2024-02-01", None, due, False),
        ("Intake", "note", "first", None, None, False),
        ("Check", "applicant", ann, None, None, False),
        ("Close", "amount", "2.5", 2.5, None, False),
        ("Close", "applicant", ann, None, None, False),
        ("Close", "note", "done", None, None, False),
    ]
    b2 = [
        (None, "channel", "phone", None, None, True),
        ("Intake", "amount", "7", 7.0, None, False),
        ("Intake", "applicant", bo, None, None, False),
        ("Close", "applicant", bo, None, None, False),
        ("Close", "note", "late", None, None, False),
    ]
    c_a1 = privacy.pseudonym("A1", KEY)
    c_b2 = privacy.pseudonym("B2", KEY)
    got = _rows(db)
    want = a1 + b2 if c_a1 < c_b2 else b2 + a1
    assert [(*r[:4], r[5]) for r in got] == [(*w[:4], w[5]) for w in want]
    for g, w in zip(got, want, strict=True):
        assert (g[4] is None) == (w[4] is None)
        if w[4] is not None:
            assert g[4] == w[4]
    raw = db.read_bytes()
    assert b"Ann Smit" not in raw and b"Bo Wit" not in raw
    # a reload changes nothing: same rows, same load, same snapshot id
    again = load([log], mapping=mapping, db=db, key=KEY, profile="generic")
    assert again.snapshot_id == first.snapshot_id
    con = store.connect(db)
    try:
        assert con.execute("SELECT DISTINCT load_id FROM attributes").fetchall() == [
            (1,)
        ]
    finally:
        con.close()


def test_the_snapshot_id_covers_the_attributes(generic, tmp_path):
    log, mapping = generic
    one = load(
        [log], mapping=mapping, db=tmp_path / "a.duckdb", key=KEY, profile="generic"
    )
    changed = tmp_path / "changed.csv"
    changed.write_text(GENERIC.replace("late", "later"), encoding="utf-8")
    two = load(
        [changed], mapping=mapping, db=tmp_path / "b.duckdb", key=KEY, profile="generic"
    )
    assert one.rows_loaded == two.rows_loaded == 5
    assert one.snapshot_id != two.snapshot_id  # same events, one value differs


def test_an_ipgar_export_stores_no_unmapped_column(tmp_path):
    rows = [f"{r};Geheim{i:02d}" for i, r in enumerate(ROWS)]
    export = write_export(tmp_path, rows)
    text = export.read_text(encoding="utf-8-sig")
    export.write_text(
        text.replace(HEADER, HEADER + ";Notitie", 1), encoding="utf-8-sig"
    )
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    db = tmp_path / "i.duckdb"
    res = load([export], mapping=mapping, db=db, key=KEY, export_date=EXPORT_DATE)
    assert res.profile == "ipgar" and res.rows_loaded > 0
    assert _rows(db) == []
    assert b"Geheim" not in db.read_bytes()


def test_the_mapping_names_identifying_attributes_in_a_list(tmp_path):
    from ipgar_metrics.errors import ExportFormatError
    from ipgar_metrics.ingest._mapping import load_mapping

    bad = tmp_path / "m.toml"
    bad.write_text(
        textwrap.dedent('[attributes]\nidentifying = "applicant"\n'), encoding="utf-8"
    )
    with pytest.raises(ExportFormatError, match=r"\[attributes\] takes one key"):
        load_mapping(bad)


#: A generic log whose third case C3 alone holds the channel "post", the note
#: "private" and any value of the attribute "ref"; C3's processing is restricted.
WITH_C3 = """\
case_id,activity,timestamp,case:channel,note,ref
A1,Intake,2024-01-02T09:00:00+01:00,web,first,
A1,Close,2024-01-05T09:00:00+01:00,web,done,
B2,Intake,2024-01-02T10:00:00+01:00,phone,,
B2,Close,2024-01-04T10:00:00+01:00,phone,late,
C3,Intake,2024-01-02T11:00:00+01:00,post,private,R-77
C3,Close,2024-01-06T11:00:00+01:00,post,done,
"""


def _choices(message: str) -> list[str]:
    """The values a did-you-mean message lists after "choose one of:"."""
    return message.split("choose one of: ", 1)[1].rstrip(".").split(", ")


def test_a_restricted_persons_attributes_are_not_listed_filtered_or_exported(
    tmp_path,
):
    from ipgar_metrics import governance
    from ipgar_metrics.errors import ConfigError
    from ipgar_metrics.metrics.filters import filtered
    from ipgar_metrics.metrics.paths import export_log

    log = tmp_path / "log.csv"
    log.write_text(WITH_C3, encoding="utf-8")
    db = tmp_path / "r.duckdb"
    load([log], db=db, key=KEY, profile="generic")
    governance.restrict_processing(db=db, case_id="C3", key=KEY)
    with store.connect(db) as con:
        # C3's rows stay in place (interim, schema version 8)
        c3 = privacy.pseudonym("C3", KEY)
        held = con.execute(
            "SELECT count(*) FROM attributes WHERE case_id = ?", [c3]
        ).fetchall()[0][0]
        assert held == 4  # case:channel, note twice, ref
        with (
            pytest.raises(ConfigError) as value_error,
            filtered(con, where={"case:channel": ["post"]}),
        ):
            pass
        assert sorted(_choices(str(value_error.value))) == ["phone", "web"]
        with (
            pytest.raises(ConfigError) as note_error,
            filtered(con, where={"note": ["private"]}),
        ):
            pass
        assert sorted(_choices(str(note_error.value))) == ["done", "first", "late"]
        with (
            pytest.raises(ConfigError) as name_error,
            filtered(con, where={"ref": ["R-77"]}),
        ):
            pass
        assert "ref" not in _choices(str(name_error.value))
        assert "case:channel" in _choices(str(name_error.value))
        # "done": A1's and C3's note; only A1 is kept
        with filtered(con, where={"note": ["done"]}) as kept:
            assert (kept.kept, kept.total) == (1, 2)
        out = tmp_path / "log-out.csv"
        assert export_log(con, out=out, as_of=datetime(2024, 1, 6)) == {
            "cases": 2,
            "events": 4,
        }
    text = out.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert "ref" not in header and "case:channel" in header and "note" in header
    for value in ("post", "private", "R-77", c3):
        assert value not in text
    # lifted: the values are back in the lists (they were never removed)
    governance.lift_restriction(db=db, case_id="C3", key=KEY)
    with store.connect(db) as con, filtered(con, where={"ref": ["R-77"]}) as kept:
        assert (kept.kept, kept.total) == (1, 3)


def test_a_cp1252_generic_csv_read_in_chunks_keeps_the_same_attributes(
    tmp_path, monkeypatch
):
    """Decoded two rows at a time, a Windows-1252 log keeps its UTF-8 copy's values."""
    from ipgar_metrics.ingest import _readers

    monkeypatch.setattr(_readers, "DECODED_CHUNK_ROWS", 2)
    text = GENERIC.replace("first", "één € 5").replace("Bo Wit", "Bø Wit")
    got = {}
    for encoding in ("utf-8", "cp1252"):
        folder = tmp_path / encoding
        folder.mkdir()
        log = folder / "log.csv"
        log.write_bytes(text.encode(encoding))
        mapping = folder / "mapping.toml"
        mapping.write_text(
            f'[source]\nencoding = "{encoding}"\n[attributes]\nidentifying = ["applicant"]\n',
            encoding="utf-8",
        )
        load([log], mapping=mapping, db=folder / "g.duckdb", key=KEY, profile="generic")
        got[encoding] = _rows(folder / "g.duckdb")
    assert got["cp1252"] == got["utf-8"]
    assert ("Intake", "note", "één € 5", None, None, False) in got["utf-8"]
    assert (
        sum(r[1] == "applicant" and r[2] == _pseudonym("Bø Wit") for r in got["utf-8"])
        == 2
    )


def test_an_unmapped_case_concept_name_is_kept_as_a_pseudonym(tmp_path):
    """pm4py's name of the case id, beside another case id column: never plain text."""
    log = tmp_path / "log.csv"
    log.write_text(
        "case_id,activity,timestamp,case:concept:name\n"
        "A1,Intake,2024-01-02T09:00:00+01:00,Dossier 17\n"
        "A1,Close,2024-01-03T09:00:00+01:00,Dossier 17\n",
        encoding="utf-8",
    )
    db = tmp_path / "g.duckdb"
    load([log], db=db, key=KEY, profile="generic")
    kept = [r for r in _rows(db) if r[1] == "concept:name"]
    assert [(r[2], r[5]) for r in kept] == [(_pseudonym("Dossier 17"), True)]
    assert "Dossier 17" not in db.read_bytes().decode("latin-1")
