"""A number where a label belongs: rejected per column in profile ipgar, kept in generic.

``sql/load/rejects.sql`` matches the five label columns' distinct values once and
looks each row's values up in the few that hold three digits or more. The expected
rejects here follow the rule itself: a row is rejected on the first of org, outcome,
risk_category, ideology and intervention_type (in that order) whose value has three
digits; a value seen in another row or column is judged the same way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ipgar_metrics import store
from ipgar_metrics.ingest import load_into

KEY = b"number-labels-test-key-0123456789"
HEAD = "case_id,activity,timestamp,org,outcome,intervention_type"
ROWS = [
    # (org, outcome, intervention_type): the column expected in the reject, or None
    (("politie", "", ""), None),
    (("team 123", "", ""), "org"),
    (("politie", "dossier 4567", ""), "outcome"),
    (("politie", "", "traject 2024"), "intervention_type"),
    (("team 123", "dossier 4567", ""), "org"),  # the first column in the rule's order
    (("politie", "team 123", ""), "outcome"),  # the same value in another column
    (("12 politie", "1 2", ""), None),  # two digits, then one and one: not a number
    (("po1li2tie3", "", ""), "org"),  # three digits anywhere
    (("wijkteam", "", "1 of 2"), None),
]


def _load(tmp_path: Path, profile: str):
    lines = [HEAD] + [
        f"K-{i},contact,2025-01-0{1 + i % 9}T09:00:00+01:00,{org},{out},{kind}"
        for i, ((org, out, kind), _col) in enumerate(ROWS, 1)
    ]
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_into(
        store.memory_store(),
        [path],
        profile=profile,
        export_date=date(2025, 3, 1),
        key=KEY,
    )


def test_each_column_is_named_in_its_reject(tmp_path: Path) -> None:
    r = _load(tmp_path, "ipgar")
    numbers = r.rejects[r.rejects["reason_code"] == "number_in_label"]
    got = dict(zip(numbers["row"], numbers["column"], strict=True))
    expected = {i: col for i, (_cells, col) in enumerate(ROWS, 1) if col}
    assert got == expected


def test_a_generic_log_keeps_its_numbers(tmp_path: Path) -> None:
    r = _load(tmp_path, "generic")
    assert "number_in_label" not in set(r.rejects["reason_code"])
    assert r.rows_loaded == len(ROWS)
