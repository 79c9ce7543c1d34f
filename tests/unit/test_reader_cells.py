"""The words of a table's cells (``labels.reader_cells``), in Dutch and English.

Expected words are written by hand; a value without a label, a missing value and a
column not listed in ``labels.CELL_LABELS`` stay as they are.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ipgar_metrics.labels import reader_cells


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "over_threshold": [True, False, True],
            "status": ["active", "detained", None],
            "signal": ["boven", "binnen", "onder"],
            "org": ["overige organisaties", "politie", "onbekend"],
            "variant": ["melding > instroom", "overige varianten", None],
            "outcome": ["niet_opnemen", "open", "x"],
            "stage": ["binnen", "active", "open"],  # not a column of CELL_LABELS
            "days": [1.5, float("nan"), 3.0],
        }
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            {
                "over_threshold": ["ja", "nee", "ja"],
                "status": ["actief", "gedetineerd", None],
                "signal": ["boven", "binnen", "onder"],
                "org": ["overige organisaties", "politie", "pool onbekend"],
                "variant": ["melding > instroom", "overige varianten", None],
                "outcome": ["niet opnemen", "nog open", "x"],
            },
        ),
        (
            "en",
            {
                "over_threshold": ["yes", "no", "yes"],
                "status": ["active", "detained", None],
                "signal": ["above", "within", "below"],
                "org": ["other organisations", "politie", "pool unknown"],
                "variant": ["melding > instroom", "other variants", None],
                "outcome": ["do not take in", "still open", "x"],
            },
        ),
    ],
)
def test_cells_in_the_readers_language(lang, expected):
    frame = _frame()
    shown = reader_cells(frame, lang)
    for col, words in expected.items():
        assert shown[col].tolist() == words, col
    assert shown["stage"].tolist() == ["binnen", "active", "open"]
    assert shown["days"].iloc[0] == 1.5 and math.isnan(shown["days"].iloc[1])
    assert frame["over_threshold"].tolist() == [True, False, True]  # a copy


def test_a_nullable_boolean_keeps_its_missing_value():
    frame = pd.DataFrame({"flag": pd.array([True, None, False], dtype="boolean")})
    shown = reader_cells(frame, "en")["flag"].tolist()
    assert shown[0] == "yes" and shown[2] == "no"
    assert shown[1] is pd.NA


@pytest.mark.parametrize(("lang", "active", "header"), [("nl", "actief", "status"),
                                                         ("en", "active", "status")])  # fmt: skip
def test_a_workbook_has_the_tables_words_and_keeps_true_false(
    tmp_path, capsys, lang, active, header
):
    import argparse

    import openpyxl

    from ipgar_metrics.cli._common import print_frame

    book = tmp_path / "out.xlsx"
    args = argparse.Namespace(command="test", output=book, lang=lang)
    print_frame(_frame(), "xlsx", args=args)
    rows = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
    assert rows[0][1] == header
    assert [r[1] for r in rows[1:]] == [active, "detained" if lang == "en" else
                                        "gedetineerd", None]  # fmt: skip
    assert [r[0] for r in rows[1:]] == [True, False, True]  # Excel's own booleans
    assert [r[6] for r in rows[1:]] == ["binnen", "active", "open"]  # no label: kept
    assert "wrote 3 rows" in capsys.readouterr().out
