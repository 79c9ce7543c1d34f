"""docs/data-inventory.md lists every column of a new store, and nothing else."""

from __future__ import annotations

from pathlib import Path

from ipgar_metrics import inventory, store

DOC = Path(__file__).parents[2] / "docs" / "data-inventory.md"


def _store_columns() -> set[tuple[str, str]]:
    con = store.memory_store()
    try:
        rows = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main' "
            "AND NOT internal"
        ).fetchall()
    finally:
        con.close()
    return {(t, c) for t, c in rows}


def test_every_stored_column_has_a_category_and_a_purpose():
    columns = _store_columns()
    assert columns - set(inventory.INVENTORY) == set(), "columns without an entry"
    assert set(inventory.INVENTORY) - columns == set(), "entries of no column"
    for col in inventory.INVENTORY.values():
        assert col.category in inventory.CATEGORIES
        assert col.purpose


def test_the_special_categories_are_where_the_law_puts_them():
    inv = inventory.INVENTORY
    assert inv["cases", "ideology"].category == "art. 9"
    assert inv["cases", "risk_category"].category == "art. 10"
    for table, column in (("events", "case_id"), ("events", "case_manager")):
        assert inv[table, column].category == "pseudonym"


def test_the_document_is_generated_from_the_inventory():
    assert DOC.read_text(encoding="utf-8") == inventory.render_markdown()
