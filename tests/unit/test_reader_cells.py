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
            "phase": ["binnen", "active", "open"],  # not a column of CELL_LABELS
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
                "org": ["overige organisaties", "Politie", "pool onbekend"],
                "variant": ["Melding → Instroom", "overige varianten", None],
                "outcome": ["niet opnemen", "nog open", "x"],
            },
        ),
        (
            "en",
            {
                "over_threshold": ["yes", "no", "yes"],
                "status": ["active", "detained", None],
                "signal": ["above", "within", "below"],
                "org": ["other organisations", "Police", "pool unknown"],
                "variant": ["Report → Intake", "other variants", None],
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
    assert shown["phase"].tolist() == ["binnen", "active", "open"]
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


def test_a_quality_report_reads_as_the_monthly_report_writes_it():
    checks = pd.DataFrame(
        {
            "check": ["label_typo", "duplicate_row", "a_new_check"],
            "severity": ["error", "warning", "info"],
            "count": [1, 2, 0],
            "examples": ['export.csv row 12: shape Aaaaaaa -> "Contact"', "", None],
            "description": ["typo", "copies", "something new"],
        }
    )
    nl = reader_cells(checks, "nl")
    assert nl["check"].tolist() == ["Mogelijke tikfout", "Dubbele rij", "a_new_check"]
    assert nl["severity"].tolist() == ["fout", "waarschuwing", "ter info"]
    assert nl["examples"].tolist() == [
        "bestand export.csv, rij 12: onbekend label van de vorm Aaaaaaa, bedoeld is "
        'waarschijnlijk "Contact"',
        "",
        None,
    ]
    assert nl["description"].tolist() == [
        "onbekende labels die lijken op een tikfout van een bekend label",
        "exact dubbele rijen (overgeslagen)",
        "something new",  # no Dutch description: the report's own words
    ]
    en = reader_cells(checks, "en")
    assert en["check"].tolist()[:2] == ["Possible typo", "Duplicate row"]
    assert en["description"].tolist() == ["typo", "copies", "something new"]
    rejected = pd.DataFrame({"reason_code": ["missing_timestamp", "future_date"]})
    assert reader_cells(rejected, "nl")["reason_code"].tolist() == [
        "Datum ontbreekt",
        "Datum na exportdatum",
    ]


class _Terminal:
    """A stdout that says it is a terminal (``print_frame`` wraps to its width)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def isatty(self) -> bool:
        return True

    def flush(self) -> None:
        pass


def _wide() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "check": ["missing_timestamp", "label_typo"],
            "count": [1, 12],
            "description": ["a" * 30, "b" * 10],
            "examples": ["c" * 50, None],
            "days": [1.5, 22.25],
        }
    )


def test_a_table_in_a_terminal_fits_its_width_with_text_aligned_left(monkeypatch):
    import argparse
    import sys

    from ipgar_metrics.cli._common import print_frame

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "60")
    print_frame(_wide(), "table", args=argparse.Namespace(command="t", lang="en"))
    lines = "".join(terminal.parts).splitlines()
    assert max(len(line) for line in lines) <= 60
    assert len(lines) > 3  # wrapped into blocks: one line a row would be 3 lines
    # words start at the column's left edge, under their header
    header = next(line for line in lines if line.startswith("check"))
    start = lines.index(header)
    assert lines[start + 1].startswith("Date missing")
    assert lines[start + 2].startswith("Possible typo")
    text = "\n".join(lines)
    assert "a" * 30 in text and "c" * 50 in text and "22.25" in text


def test_a_table_piped_keeps_one_line_a_row(capsys, monkeypatch):
    import argparse

    from ipgar_metrics.cli._common import print_frame

    monkeypatch.setenv("COLUMNS", "60")  # not a terminal: no wrapping
    print_frame(_wide(), "table", args=argparse.Namespace(command="t", lang="en"))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and max(len(line) for line in lines) > 60


def test_the_stages_and_exit_reasons_read_in_words():
    frame = pd.DataFrame(
        {
            "stage": ["melding_ivgr", "ivgr_decision", "decision_instroom", "total"],
            "exit_reason": [
                "risico_afgenomen",
                "langdurig_gedetineerd",
                "verhuisd",
                None,
            ],
        }
    )
    nl = reader_cells(frame, "nl")
    assert nl["stage"].tolist() == [
        "melding tot advies IVG-R",
        "advies IVG-R tot besluit",
        "besluit tot instroom",
        "melding tot instroom of besluit",
    ]
    assert nl["exit_reason"].tolist()[:3] == [
        "risico afgenomen",
        "langdurig gedetineerd",
        "verhuisd",
    ]
    assert reader_cells(frame, "en")["stage"].iloc[3] == "report to intake or decision"
    from ipgar_metrics.labels import LEAD_TIME_STAGES
    from ipgar_metrics.metrics.leadtime._lead_times import STAGES

    assert tuple(STAGES) == LEAD_TIME_STAGES  # every stage has its words


def test_the_comparison_of_two_periods_reads_in_words():
    from ipgar_metrics.metrics.evaluate._compare import OUTPUT_COLUMNS

    rows = pd.DataFrame(
        {
            "statistic": ["n", "decided_8w_share", "median_days", "mean_share", "x"],
            "test": ["", "bootstrap_z", "mann_whitney", "bootstrap_z", "logrank"],
            "role": ["descriptive", "primary", "secondary", "primary", "secondary"],
        }
    )
    nl = reader_cells(rows, "nl")
    assert nl["statistic"].tolist() == [
        "aantal",
        "aandeel besloten binnen 8 weken",
        "mediaan (dagen)",
        "gemiddeld (aandeel)",
        "x",  # unknown: kept
    ]
    assert nl["test"].tolist() == ["", "bootstrap (z)", "Mann-Whitney", "bootstrap (z)",
                                   "logrank"]  # fmt: skip
    assert nl["role"].tolist()[:3] == ["beschrijvend", "primair", "secundair"]
    # every statistic the comparison documents has its words
    documented = OUTPUT_COLUMNS["compare_periods"]["statistic"]
    for code in ("n_open", "open_share", "km_median_days", "p90_days", "p90_share"):
        assert code.split("_")[0] in documented
        shown = reader_cells(pd.DataFrame({"statistic": [code]}), "en")
        assert shown["statistic"].iloc[0] != code


def test_activities_organisations_and_segments_read_by_name():
    frame = pd.DataFrame(
        {
            "activity": ["ivgr_advies", "W_Completeren aanvraag"],
            "org": ["om", "wijkteam_zuid"],
            "ideology": ["single_issue", "jihadistisch"],
            "report_source": ["MAP", "nieuwe_bron"],
        }
    )
    nl = reader_cells(frame, "nl")
    assert nl["activity"].tolist() == ["Advies IVG-R", "W_Completeren aanvraag"]
    assert nl["org"].tolist() == ["OM", "wijkteam_zuid"]  # a new value: kept
    assert nl["ideology"].tolist() == ["single issue", "jihadistisch"]
    assert nl["report_source"].tolist()[1] == "nieuwe_bron"


def test_a_path_of_one_step_reads_by_name_too():
    frame = pd.DataFrame({"variant": ["melding", "overige varianten", "A > B"]})
    assert reader_cells(frame, "nl")["variant"].tolist() == [
        "Melding",
        "overige varianten",
        "A → B",
    ]


def test_each_distinct_value_is_looked_up_once_with_the_same_cells(monkeypatch):
    """A million-row frame in a notebook: a call per code, not per row; same cells."""
    from ipgar_metrics import labels

    rows = 3000
    frame = pd.DataFrame(
        {
            "activity": (["melding", "instroom", None, "eigen"] * rows)[:rows],
            "variant": (["melding > instroom", "melding", float("nan")] * rows)[:rows],
            "open": pd.array([True, False, None] * (rows // 3), dtype="boolean"),
            "org": [["politie"], "ggd", "politie"] * (rows // 3),  # a list: unhashable
        }
    )
    calls: list[object] = []
    words = labels._variant_words

    def counted(variant: object, lang: str) -> object:
        calls.append(variant)
        return words(variant, lang)

    monkeypatch.setattr(labels, "_variant_words", counted)  # the real one, counted
    shown = reader_cells(frame)
    assert sorted(calls) == ["melding", "melding > instroom"]  # not 2,000 calls
    # the same cells as looking up every cell by hand
    expected = {
        "activity": {"melding": "Melding", "instroom": "Instroom"},
        "variant": {"melding > instroom": "Melding → Instroom", "melding": "Melding"},
        "open": {True: "ja", False: "nee"},
        "org": {"ggd": "GGD", "politie": "Politie"},
    }
    for col, table in expected.items():
        for before, after in zip(frame[col], shown[col], strict=True):
            if isinstance(before, list) or before is None or before is pd.NA:
                assert after is before or (before is pd.NA and after is pd.NA)
            elif isinstance(before, float):  # NaN stays NaN
                assert isinstance(after, float) and math.isnan(after)
            else:
                assert after == table.get(before, before), (col, before, after)


def test_a_practice_measure_and_a_survival_event_read_in_words():
    """Notebook 10's measures (``level="measure"``) and the events of the survival
    curves were shown as codes: contact_gap, share, decision."""
    frame = pd.DataFrame(
        {
            "measure": ["contact_gap", "contacts_per_month", "eigen_kengetal"],
            "kind": ["share", "rate", "median"],
            "event": ["decision", "instroom", "end"],
            "period": ["before", "after", "prev"],
            "term": ["intercept", "level_change", "slope_change"],
        }
    )
    assert reader_cells(frame).to_dict("list") == {
        "measure": [
            "aandeel actieve casussen boven de contactdrempel",
            "contacten per actieve maand",
            "eigen_kengetal",  # no label: as it is
        ],
        "kind": ["aandeel", "aantal per tijd", "mediaan"],
        "event": [
            "besluit (welk ook)",
            "instroom",
            "einde (instroom of eindbesluit)",
        ],
        "period": ["vóór", "na", "maand ervoor"],
        "term": [
            "niveau bij de wijziging (lijn vóór)",
            "sprong bij de wijziging",
            "verandering van de helling (per maand)",
        ],
    }
    assert reader_cells(frame, "en")["kind"].tolist() == ["share", "rate", "median"]
    assert (
        reader_cells(frame, "en")["event"].tolist()[2]
        == "end (intake or final decision)"
    )


def test_the_measures_register_reads_as_the_reports_steps_page():
    """Notebook 06 shows the register (``Measure.as_record``): its indicator and
    direction in the words of the report's steps page, not "leadtime", "up"."""
    from ipgar_metrics.metrics.evaluate import load_measures
    from ipgar_metrics.report._texts import t

    register = pd.DataFrame([m.as_record() for m in load_measures().values()])
    shown = reader_cells(register)
    for code, words in zip(register["primary"], shown["primary"], strict=True):
        assert words == t(f"primary_{code}", "nl")
    for code, words in zip(register["direction"], shown["direction"], strict=True):
        assert words == t(f"dir_{code}", "nl") and words in ("stijging", "daling")


def test_a_maps_edges_and_a_refined_path_read_by_name():
    """Notebook 03: the map's edges showed codes (info_aanvraag, [start]) and the
    conformance check's refined steps "ivgr_advies:meer_informatie"."""
    edges = pd.DataFrame(
        {
            "source": ["[start]", "ivgr_advies:meer_informatie", "A_SUBMITTED"],
            "target": ["info_aanvraag", "[end]", "W:Nabellen"],
            "variant": ["melding > ivgr_advies:meer_informatie", "a > b", None],
        }
    )
    assert reader_cells(edges).to_dict("list") == {
        "source": ["start", "Advies IVG-R (meer informatie nodig)", "A_SUBMITTED"],
        "target": ["Informatie-aanvraag", "einde", "W:Nabellen"],  # a name kept
        "variant": ["Melding → Advies IVG-R (meer informatie nodig)", "a → b", None],
    }
