"""`spreadsheet_safe`: text that starts like a formula gets a leading quote, nothing else.

The expected cells are written out by hand: a quote before the text, for the six
first characters OWASP lists (= + - @ tab carriage return); numbers, missing values
and text that starts otherwise are left as they are.
"""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest

from ipgar_metrics.cli._common import print_frame
from ipgar_metrics.spreadsheet import FORMULA_STARTS, spreadsheet_safe

SIX = ["=", "+", "-", "@", "\t", "\r"]


def test_the_six_first_characters():
    assert sorted(FORMULA_STARTS) == sorted(SIX)


@pytest.mark.parametrize("first", SIX)
def test_text_starting_like_a_formula_gets_a_quote(first):
    frame = pd.DataFrame({"label": [f"{first}SUM(A1)", "plain", f"a{first}b"]})
    out = spreadsheet_safe(frame)
    assert out["label"].tolist() == [f"'{first}SUM(A1)", "plain", f"a{first}b"]


def test_negative_numbers_in_numeric_columns_stay_numbers():
    frame = pd.DataFrame(
        {"n": [-3, 0, 7], "days": [-1.5, float("nan"), 2.25], "ok": [True, False, True]}
    )
    out = spreadsheet_safe(frame)
    assert out.dtypes.tolist() == frame.dtypes.tolist()
    assert out["n"].tolist() == [-3, 0, 7]
    assert out["days"].iloc[0] == -1.5
    assert math.isnan(out["days"].iloc[1])
    assert out.to_csv(index=False) == "n,days,ok\n-3,-1.5,True\n0,,False\n7,2.25,True\n"


def test_a_number_kept_as_text_is_text():
    out = spreadsheet_safe(pd.DataFrame({"value": ["-5", "5", "+31 20 123"]}))
    assert out["value"].tolist() == ["'-5", "5", "'+31 20 123"]


def test_numbers_in_a_mixed_column_are_not_text():
    # as `ipgar overview` builds its value column: integers, floats and text
    frame = pd.DataFrame({"value": [-2, -0.5, "-x", "2024-01-01T10:00:00+01:00"]})
    assert spreadsheet_safe(frame)["value"].tolist() == [
        -2,
        -0.5,
        "'-x",
        "2024-01-01T10:00:00+01:00",
    ]


def test_missing_values_stay_missing():
    frame = pd.DataFrame({"label": [None, float("nan"), "@x", pd.NA]}, dtype=object)
    out = spreadsheet_safe(frame)["label"].tolist()
    assert out[0] is None
    assert math.isnan(out[1])
    assert out[2] == "'@x"
    assert out[3] is pd.NA


def test_string_and_categorical_columns():
    frame = pd.DataFrame(
        {
            "s": pd.array(["=1+1", "b", None], dtype="string"),
            "c": pd.Categorical(["-a", "b", "-a"]),
        }
    )
    out = spreadsheet_safe(frame)
    assert out["s"].tolist()[:2] == ["'=1+1", "b"]
    assert pd.isna(out["s"].iloc[2])
    assert out["c"].tolist() == ["'-a", "b", "'-a"]


def test_column_names_get_the_same_treatment():
    frame = pd.DataFrame([[1, 2, 3, 4]], columns=["=cmd", "@x", "ok", "a-b"])
    out = spreadsheet_safe(frame)
    assert out.columns.tolist() == ["'=cmd", "'@x", "ok", "a-b"]
    assert out.iloc[0].tolist() == [1, 2, 3, 4]


def test_duplicate_column_names_and_the_input_is_not_changed():
    frame = pd.DataFrame([["-a", "+b"]], columns=["x", "x"])
    out = spreadsheet_safe(frame)
    assert out.iloc[0].tolist() == ["'-a", "'+b"]
    assert frame.iloc[0].tolist() == ["-a", "+b"]


FRAME = pd.DataFrame({"variant": ["+a > b", "c"], "-delta": [-1.5, 2.0]})


def _printed(capsys, fmt, **kwargs):
    print_frame(FRAME, fmt, **kwargs)
    return capsys.readouterr().out


def test_print_frame_csv_is_safe_and_raw_on_request(capsys):
    assert _printed(capsys, "csv") == "variant,'-delta\n'+a > b,-1.5\nc,2.0\n"
    raw = _printed(capsys, "csv", raw=True)
    assert raw == "variant,-delta\n+a > b,-1.5\nc,2.0\n"


def test_print_frame_json_and_table_are_not_changed(capsys):
    records = json.loads(_printed(capsys, "json"))
    assert records == [
        {"variant": "+a > b", "-delta": -1.5},
        {"variant": "c", "-delta": 2.0},
    ]
    table = _printed(capsys, "table")
    assert "'" not in table
    assert "+a → b" in table  # the path in words, with no guarding quote
    assert "-delta" in table


def test_print_frame_csv_parses_back_with_the_quote(capsys):
    frame = pd.read_csv(io.StringIO(_printed(capsys, "csv")))
    assert frame.columns.tolist() == ["variant", "'-delta"]
    assert frame["variant"].tolist() == ["'+a > b", "c"]
    assert frame["'-delta"].tolist() == [-1.5, 2.0]
