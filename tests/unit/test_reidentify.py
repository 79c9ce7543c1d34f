"""``ipgar reidentify``: the key holder maps a report's listed pseudonyms back.

The export of ``test_purge`` (cases A-001 ... A-009) is loaded with the session's
key (IPGAR_KEY). The list names A-002 and A-003 by their pseudonyms, and one
pseudonym of a case that is not in the export (Z-999), so the file must hold exactly
A-002 and A-003 with their raw numbers, and stdout the counts 2 of 3.
"""

from __future__ import annotations

import csv
import json
import stat
from datetime import date
from pathlib import Path

import pytest
from test_purge import CASES, write_export

from ipgar_metrics import privacy, store
from ipgar_metrics.cli._main import main
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.ingest import reidentify
from ipgar_metrics.ingest._load import load

LISTED = ["A-002", "A-003"]


def pseudonym(raw: str) -> str:
    return privacy.pseudonym(raw, privacy.load_key())


@pytest.fixture
def setup(tmp_path):
    export = write_export(tmp_path / "export.csv")
    db = tmp_path / "s.duckdb"
    load([export], db=db, export_date=date(2026, 11, 1), profile="ipgar")
    actions = tmp_path / "ptor-2026-10-intern.actions.csv"
    with actions.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["list", "pseudonym", "status", "months_on_list"])
        w.writerow(["contact_gaps", pseudonym("A-002"), "nieuw", 1])
        w.writerow(["long_stays", pseudonym("A-003"), "blijvend", 3])
        w.writerow(["long_stays", pseudonym("Z-999"), "nieuw", 1])
        w.writerow(["rule_violations", pseudonym("A-002"), "nieuw", 1])
    return export, db, actions


def _pairs(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_cli_writes_exactly_the_listed_cases_owner_only(setup, tmp_path, capsys):
    export, db, actions = setup
    out = tmp_path / "meeting" / "namen.csv"
    args = ["reidentify", "--export", str(export), "--list", str(actions),
            "--out", str(out), "--db", str(db)]  # fmt: skip
    assert main(args) == 0
    std = capsys.readouterr()
    assert _pairs(out) == [
        ["pseudonym", "case_id"],
        *sorted([pseudonym(c), c] for c in LISTED),
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert std.out == f"wrote 2 of 3 listed cases to {out}; 1 not in this export " \
        "(another export, or another key).\n"  # fmt: skip
    log = store.log_path(db).read_text(encoding="utf-8")
    for raw in [*CASES, "Z-999"]:
        assert raw not in std.out and raw not in std.err and raw not in log, raw
    entry = json.loads(log.splitlines()[-1])
    assert entry["command"] == "reidentify"
    assert [o["path"] for o in entry["outputs"]] == [str(out)]
    # the store holds no raw number either
    assert not any(c.encode() in db.read_bytes() for c in CASES)


def test_an_existing_out_file_is_never_overwritten(setup, tmp_path, capsys):
    export, _db, actions = setup
    out = tmp_path / "namen.csv"
    out.write_text("keep me", encoding="utf-8")
    args = ["reidentify", "--export", str(export), "--list", str(actions),
            "--out", str(out)]  # fmt: skip
    assert main(args) == 1
    assert "exists already" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"


def test_another_key_than_the_stores_is_refused(setup, tmp_path):
    export, db, actions = setup
    out = tmp_path / "namen.csv"
    with pytest.raises(ConfigError, match="not the one this store was loaded with"):
        reidentify(export=export, listing=actions, out=out, db=db,
                   key=b"another-key-0123456789abcdefghij")  # fmt: skip
    assert not out.exists()


def test_without_a_store_nothing_is_recorded_and_the_pairs_are_the_same(
    setup, tmp_path
):
    export, db, actions = setup
    before = store.log_path(db).read_text(encoding="utf-8")
    out = tmp_path / "namen.csv"
    result = reidentify(export=export, listing=actions, out=out)
    assert (result.listed, result.found, result.missing) == (3, 2, 1)
    assert sorted(r[1] for r in _pairs(out)[1:]) == LISTED
    assert store.log_path(db).read_text(encoding="utf-8") == before


def test_a_list_without_a_pseudonym_column_is_refused(setup, tmp_path):
    export, _db, _actions = setup
    bad = tmp_path / "bad.csv"
    bad.write_text("case,status\nC1,nieuw\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no column pseudoniem"):
        reidentify(export=export, listing=bad, out=tmp_path / "x.csv")


@pytest.mark.parametrize(
    ("lang", "header"),
    [
        ("nl", ["lijst", "pseudoniem", "status", "maanden_op_lijst"]),
        ("en", ["list", "pseudonym", "status", "months_on_list"]),
    ],
)
def test_the_intern_reports_actions_file_maps_back_end_to_end(
    setup, tmp_path, capsys, lang, header
):
    """Report (CLI) -> actions file -> reidentify: the listed cases, raw, and no other.

    A-003 (in the approach since 1 Feb 2022, last contact 1 Jun 2023, no
    intervention) is on the contact-gap and the long-stay list of October 2026. The
    file is in the report's language, Dutch by default.
    """
    export, db, _actions = setup
    reports = tmp_path / "reports"
    args = ["report", "--db", str(db), "--month", "2026-10", "--out", str(reports),
            "--audience", "intern", "--no-pdf", "--lang", lang]  # fmt: skip
    assert main(args) == 0
    actions = (
        reports / f"ptor-2026-10-intern{'-en' if lang == 'en' else ''}.actions.csv"
    )
    assert _pairs(actions)[0] == header
    words = {row[0] for row in _pairs(actions)[1:]} | {
        row[2] for row in _pairs(actions)[1:]
    }
    dutch = {"geen_recent_contact", "lang_in_aanpak", "nieuw"}
    assert dutch <= words if lang == "nl" else not dutch & words
    listed = {row[1] for row in _pairs(actions)[1:]}
    assert pseudonym("A-003") in listed
    out = tmp_path / "namen.csv"
    args = ["reidentify", "--export", str(export), "--list", str(actions),
            "--out", str(out), "--db", str(db)]  # fmt: skip
    capsys.readouterr()
    assert main(args) == 0
    std = capsys.readouterr()
    want = sorted([pseudonym(c), c] for c in CASES if pseudonym(c) in listed)
    assert _pairs(out)[1:] == want
    assert len(want) == len(listed)  # every listed case is in the export
    assert std.out == f"wrote {len(want)} of {len(listed)} listed cases to {out}.\n"
    assert not any(c in std.out + std.err for c in CASES)


def test_the_english_report_keeps_the_dutch_action_lists(setup, tmp_path):
    """A Dutch and an English intern report of one month in one folder: two files.

    Each language's actions file is named as its report (``-en`` for English), so
    writing the English report after the Dutch one leaves the Dutch lists as they
    were, and both list the same cases.
    """
    _export, db, _actions = setup
    reports = tmp_path / "reports"
    dutch = reports / "ptor-2026-10-intern.actions.csv"
    english = reports / "ptor-2026-10-intern-en.actions.csv"
    before = None
    for lang in ("nl", "en"):
        args = ["report", "--db", str(db), "--month", "2026-10", "--out",
                str(reports), "--audience", "intern", "--no-pdf", "--lang", lang]  # fmt: skip
        assert main(args) == 0
        before = before or dutch.read_bytes()
    assert dutch.read_bytes() == before  # the English report left it as it was
    assert _pairs(dutch)[0] == ["lijst", "pseudoniem", "status", "maanden_op_lijst"]
    assert _pairs(english)[0] == ["list", "pseudonym", "status", "months_on_list"]
    assert {r[1] for r in _pairs(dutch)[1:]} == {r[1] for r in _pairs(english)[1:]}
    assert sorted(p.name for p in reports.glob("*.actions.csv")) == [
        "ptor-2026-10-intern-en.actions.csv",
        "ptor-2026-10-intern.actions.csv",
    ]
