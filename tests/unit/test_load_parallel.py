"""A UTF-8 export without quote characters is staged on every thread, rows in order.

``_readers._stage_parallel`` reads such a file with DuckDB's parallel reader and
numbers its rows by the staged table's order (``project_stage``, ``parallel``). The
reference is the sequential reader every export took before (``row_number() OVER
()`` as the rows are read, the ids hashed once per distinct value): both must stage
the same rows, ``_row`` and every column included. The large file below is split
over several reader tasks (DuckDB hands out about 8 MB per task), and its edge cases
(blank lines, short and long rows, white space, formulas, look-alike and non-ASCII
ids, exact copies, bad dates) are spread over the whole file, so that a row landing
in the wrong place or a cell read differently would show. DuckDB splits a file into
parallel tasks by its read buffer (32 MB); the tests read with a buffer of 256 kB
(``_small_buffers``), so that a file of a few MB is read by several threads in turn.
With insertion order off, these files come out of the parallel reader reordered.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.errors import ExportFormatError
from ipgar_metrics.ingest import _checks as checks
from ipgar_metrics.ingest import _mapping, _readers
from ipgar_metrics.ingest._mapping import Vocabulary, load_mapping
from tests import dutch_export

KEY = b"unit-test-key-0123456789abcdef"
NAMES = (
    "Casusnummer",
    "Activiteit",
    "Datum",
    "Organisatie",
    "Casusregisseur",
    "Uitkomst",
    "Registratienummer",
    "Geregistreerd op",
)
LABELS = {"Melding ontvangen": "melding", "Contact": "contact"}


def _line(rng: random.Random, i: int) -> str:
    """One export line; about one in twelve is an edge case."""
    case = f"ZX-{i // 30}"
    cells = [
        case,
        rng.choice([*LABELS, "Onbekend"]),
        f"{1 + i % 28:02d}-{1 + i % 12:02d}-2025 {i % 24:02d}:{i % 60:02d}",
        rng.choice(["Politie", "GGD", "", "Reclassering"]),
        f"CR-{rng.randrange(40)}",
        rng.choice(["", "MAP", "Meer informatie nodig"]),
        f"E{i:09d}",
        f"{1 + i % 28:02d}-{1 + i % 12:02d}-2025",
    ]
    edge = rng.randrange(12)
    if edge == 0:  # white space to trim, and a tab
        cells[0] = f"  {case}\t"
    elif edge == 1:  # a look-alike case id (Cyrillic Х) and a non-ASCII manager
        cells[0] = case.replace("X", "\u0425")
        cells[4] = "CR-é"
    elif edge == 2:  # a spreadsheet formula
        cells[5] = "=1+1"
    elif edge == 3:  # a short row: the last field missing
        cells = cells[:-1]
    elif edge == 4:  # a field beyond the header
        cells.append("extra")
    elif edge == 5:  # no date, or one that does not parse
        cells[2] = rng.choice(["", "31-02-2025 10:00", "morgen"])
    elif edge == 6:  # no case id
        cells[0] = ""
    return ";".join(cells)


def _export(folder: Path, rows: int, *, seed: int = 7, crlf: bool = False) -> Path:
    rng = random.Random(seed)
    lines: list[str] = []
    for i in range(rows):
        lines.append(_line(rng, i))
        if i % 997 == 0:
            lines.append("")  # a blank line: skipped, not numbered
        if i % 1009 == 0 and lines[-1]:
            lines.append(lines[-1])  # an exact copy of the row before
    path = dutch_export.write_export(folder / "export.csv", NAMES, lines, bom=True)
    if crlf:
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return path


def _mapping_file(folder: Path) -> Path:
    path = folder / "mapping.toml"
    text = dutch_export.mapping(*NAMES, values={"activity": LABELS})
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _small_buffers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parallel reader with 256 kB buffers (lines up to 128 kB)."""
    csv_reader = _readers._csv_reader

    def reader(*args: object, **kwargs: object) -> tuple[str, dict[str, object]]:
        text, params = csv_reader(*args, **kwargs)  # type: ignore[arg-type]
        if kwargs.get("parallel"):
            text = text.replace(
                "read_csv($path, ", "read_csv($path, buffer_size=262144, "
            )
            params = {**params, "maxline": 131072}
        return text, params

    monkeypatch.setattr(_readers, "_csv_reader", reader)


def _staged(
    path: Path,
    mapping_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    parallel: bool,
    calls: list[int | None] | None = None,
) -> pd.DataFrame:
    """The staged table of ``path``; ``parallel=False`` reads it in order.

    ``calls`` collects what ``_stage_parallel`` returned (``None``: it declined).
    """
    calls = [] if calls is None else calls
    stage_parallel = _readers._stage_parallel

    def spy(*args: object, **kwargs: object) -> int | None:
        rows = stage_parallel(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(rows)
        return rows

    with monkeypatch.context() as m:
        m.setattr(_readers, "_stage_parallel", spy)
        if not parallel:
            m.setattr(_readers, "_threads", lambda con: 1)
        con = store.memory_store()
        try:
            con.execute("SET threads = 2")
            checks.setup_pseudonyms(con, KEY)
            mapping = load_mapping(mapping_path)
            vocabulary = Vocabulary.from_json(None).merged(mapping.vocabulary)
            checks.setup_vocabulary(con, mapping, vocabulary)
            _readers.stage_file(con, path, 0, mapping)
            return con.execute("SELECT * FROM _stage_0 ORDER BY _row").df()
        finally:
            con.close()


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_an_export_read_by_several_threads_stages_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crlf: bool
) -> None:
    path = _export(tmp_path, 30_000, crlf=crlf)
    assert path.stat().st_size > 2_000_000  # eight buffers and more
    mapping_path = _mapping_file(tmp_path)
    calls: list[int | None] = []
    parallel = _staged(path, mapping_path, monkeypatch, parallel=True, calls=calls)
    ordered = _staged(path, mapping_path, monkeypatch, parallel=False, calls=calls)
    assert calls == [len(parallel)]  # staged by the parallel reader, then in order
    pd.testing.assert_frame_equal(parallel, ordered)
    # the edge cases are there: flags, look-alikes, copies, short rows, no case
    assert list(parallel["_row"]) == list(range(1, len(parallel) + 1))
    assert parallel["_extra"].isin(["extra", "short_row"]).sum() > 100
    assert parallel["_lookalike"].notna().sum() > 100
    assert parallel["_formula"].notna().sum() > 100
    assert parallel["_rowhash"].duplicated().sum() > 10
    assert parallel["case_id"].isna().sum() > 100


def test_a_file_with_quote_characters_is_read_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = ['ZX-1;Contact;01-02-2025 10:00;"Politie; wijkteam";;;E1;']
    path = dutch_export.write_export(tmp_path / "export.csv", NAMES, rows)
    calls: list[int | None] = []
    frame = _staged(
        path, _mapping_file(tmp_path), monkeypatch, parallel=True, calls=calls
    )
    assert not calls  # a quote character: read in order
    assert list(frame["org"]) == ["Politie; wijkteam"]


def test_a_file_the_parallel_reader_fails_on_gets_the_sequential_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(3)
    lines = [_line(rng, i) for i in range(50)]
    lines[40] += ";x" * 40  # more fields than the header and its spares
    path = dutch_export.write_export(tmp_path / "export.csv", NAMES, lines)
    mapping_path = _mapping_file(tmp_path)
    messages = []
    calls: list[int | None] = []
    for parallel in (True, False):
        with pytest.raises(ExportFormatError) as err:
            _staged(path, mapping_path, monkeypatch, parallel=parallel, calls=calls)
        messages.append(str(err.value))
    assert calls == [None]  # tried in parallel, then read in order
    assert messages[0] == messages[1]
    assert "line 42" in messages[0]  # the header is line 1


def test_a_plan_that_would_not_keep_the_order_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _export(tmp_path, 3_000)
    mapping_path = _mapping_file(tmp_path)
    explained: list[bool] = []
    writes_in_order = _mapping._writes_in_order

    def refuse(con: duckdb.DuckDBPyConnection, sql: str, params: object) -> bool:
        explained.append(writes_in_order(con, sql, params))  # type: ignore[arg-type]
        return False

    ordered = _staged(path, mapping_path, monkeypatch, parallel=False)
    monkeypatch.setattr(_mapping, "_writes_in_order", refuse)
    calls: list[int | None] = []
    fallback = _staged(path, mapping_path, monkeypatch, parallel=True, calls=calls)
    # DuckDB's plan keeps the order (so the real path is parallel), the refusal
    # made the file go the sequential way, with the same rows
    assert explained == [True]
    assert calls == [None]
    pd.testing.assert_frame_equal(fallback, ordered)


def test_an_interrupted_parallel_read_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _export(tmp_path, 100)

    def interrupted(*args: object, **kwargs: object) -> int | None:
        if kwargs.get("parallel"):
            raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")
        raise AssertionError("read again in order after an interrupt")

    monkeypatch.setattr(_readers, "project_stage", interrupted)
    with pytest.raises(duckdb.InterruptException):
        _staged(path, _mapping_file(tmp_path), monkeypatch, parallel=True)
