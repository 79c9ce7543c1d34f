"""Findings point into the file: ``ipgar validate`` and ``rejected_events`` name the
export's file and data row (1-based, the header is row 0) of every finding.

Two hand-made files; every expected position is read off the rows below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.ingest._load import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_load import MAPPING, write_export

KEY = "some-test-key-0123456789abcdef0123456789abcdef"

# intake.csv
#   row 3: ZX-0001's instroom: no case manager ever (no_case_manager)
#   row 4: ZX-0001's notificatie dated before the instroom (out_of_order)
#   row 6: 0077's notificatie in an episode without instroom (rule)
INTAKE = [
    "ZX-0001;Melding ontvangen;02-01-2024 09:00;;;;MAP;R101;MAP",
    "ZX-0001;Besluit PTO-R;10-01-2024 14:00;;;;Opname;R102;MAP",
    "ZX-0001;Instroom;15-01-2024 10:00;;;;;R103;MAP",
    "ZX-0001;Notificatie verzonden;13-01-2024 10:00;;;;;R104;MAP",
    "0077;Melding ontvangen;01-04-2024 09:00;;;;MAP;R105;MAP",
    "0077;Notificatie verzonden;05-04-2024 09:00;;;;;R106;MAP",
]
# contacts.csv
#   row 2: "Contcat" (label_typo, unknown_activity); row 3: no date
#   (missing_timestamp); row 4: the year 2062 (future_date); row 5: a contact
#   without organisation (missing_org)
CONTACTS = [
    "0042;Melding ontvangen;01-03-2024 09:00;;;;CTER;R201;CTER",
    "0042;Contcat;02-03-2024 10:00;Politie;Jansen P;;;R202;CTER",
    "0042;Contact;;Politie;Jansen P;;;R203;CTER",
    "0042;Contact;20-03-2062 11:00;Politie;Jansen P;;;R204;CTER",
    "0042;Contact;05-03-2024 10:00;;;;;R205;CTER",
]
RAW = ["ZX-0001", "0042", "0077", "Jansen P", *(f"R{i}" for i in range(101, 206))]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("findings")
    intake = write_export(root, INTAKE, "intake.csv")
    contacts = write_export(root, CONTACTS, "contacts.csv")
    mapping = root / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return intake, contacts, mapping


def _case(raw: str) -> str:
    return privacy.pseudonym(raw, KEY.encode())


def test_validate_names_file_and_row_of_every_finding(files):
    intake, contacts, mapping = files
    res = subprocess.run(
        [
            sys.executable, "-m", "ipgar_metrics.cli", "validate", intake, contacts,
            "--mapping", mapping, "--export-date", "2026-11-01", "--format", "json",
        ],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "IPGAR_KEY": KEY},
    )  # fmt: skip
    assert res.returncode == 1, res.stderr  # rejected rows are errors
    examples = {r["check"]: r["examples"] for r in json.loads(res.stdout)}
    zx, c42, c77 = _case("ZX-0001"), _case("0042"), _case("0077")
    assert examples["out_of_order"] == f"intake.csv row 4 (case {zx})"
    assert examples["no_case_manager"] == f"intake.csv row 3 (case {zx})"
    assert examples["notificatie_without_instroom"] == f"intake.csv row 6 (case {c77})"
    assert examples["missing_timestamp"] == f"contacts.csv row 3 (case {c42})"
    assert examples["future_date"] == f"contacts.csv row 4 (case {c42})"
    assert examples["unknown_activity"] == f"contacts.csv row 2 (case {c42})"
    # the unknown label only as its shape (privacy.masked_shape), the known one in full
    assert examples["label_typo"] == 'contacts.csv row 2: shape Aaaaaaa -> "Contact"'
    assert examples["missing_org"] == f"contacts.csv row 5 (case {c42})"
    for raw in RAW:
        assert raw not in res.stdout


def test_rejected_events_name_file_and_row(files, tmp_path):
    intake, contacts, mapping = files
    db = tmp_path / "s.duckdb"
    load([intake, contacts], mapping=mapping, db=db, export_date=None, key=KEY.encode())
    con = store.connect(db)
    rows = con.execute(
        'SELECT file, "row", reason_code FROM rejected_events ORDER BY file, "row"'
    ).fetchall()
    con.close()
    assert rows == [
        ("contacts.csv", 2, "unknown_activity"),
        ("contacts.csv", 3, "missing_timestamp"),
        ("contacts.csv", 4, "future_date"),
    ]
