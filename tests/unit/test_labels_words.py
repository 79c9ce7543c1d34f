"""Quality checks and dates in words (labels.quality_name, quality_examples, date_words).

Expected texts are written out by hand from the example formats that
``quality_report`` documents (``export.csv row 418 (case <pseudonym>)``, and for a
typo ``export.csv row 11653: shape Aaaaaaa -> "Contact"``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from ipgar_metrics import labels
from ipgar_metrics.errors import ReasonCode

SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


@pytest.mark.parametrize(
    ("examples", "nl", "en"),
    [
        (
            'export.csv row 11653: shape Aaaaaaa -> "Contact"',
            "bestand export.csv, rij 11653: onbekend label van de vorm Aaaaaaa, "
            'bedoeld is waarschijnlijk "Contact"',
            'file export.csv, row 11653: unknown label shaped Aaaaaaa, probably meant "Contact"',
        ),
        (  # a shape with a space and no suggestion, then a second file
            "maart.xlsx row 7: shape Aaaaaa aaa, export.csv row 2 (case C0123456789abcdef)",
            "bestand maart.xlsx, rij 7: onbekend label van de vorm Aaaaaa aaa; "
            "bestand export.csv, rij 2 (casus C0123456789abcdef)",
            "file maart.xlsx, row 7: unknown label shaped Aaaaaa aaa; "
            "file export.csv, row 2 (case C0123456789abcdef)",
        ),
        (  # a recording gap: no case, its dates
            "2026-01-05 .. 2026-02-16",
            "5 januari 2026 – 16 februari 2026",
            "5 January 2026 – 16 February 2026",
        ),
        ("", "", ""),
    ],
)
def test_quality_examples_in_words(examples, nl, en):
    assert labels.quality_examples(examples) == nl
    assert labels.quality_examples(examples, "en") == en


def test_every_reason_and_check_has_a_name_in_both_languages():
    codes = {c.value for c in ReasonCode} | set(labels.QUALITY_LABELS_NL)
    for code in codes:
        for lang in ("nl", "en"):
            name = labels.quality_name(code, lang)
            assert name and not SNAKE.search(name), (code, lang, name)
            assert name != code
    # Dutch and English differ where the words differ
    assert labels.quality_name("future_date") == "Datum na exportdatum"
    assert labels.quality_name("future_date", "en") == "Date after export date"


def test_an_unknown_check_is_written_in_words():
    assert labels.quality_name("brand_new_check") == "Brand new check"


def test_dates_in_words():
    assert labels.date_words(date(2026, 10, 1)) == "1 oktober 2026"
    assert labels.date_words(date(2026, 10, 1), "en") == "1 October 2026"
    moment = datetime(2026, 12, 2, 14, 51, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert labels.moment_words(moment) == "2 december 2026, 14:51"
