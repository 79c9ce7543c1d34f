"""Every documented column of a metric's frame has a reader's header (nl and en).

A notebook shows a frame with the headers of ``labels.column_label``
(``use_notebook_display``); the command line's tables are checked by
``tests/e2e/test_table_headers.py``, but frames that no command prints (the
episodes, the practice profile's points, the survival curve, ...) were shown with
their code names under Dutch neighbours ("expected", "melding_at"). The columns are
read from the modules' documentation (``OUTPUT_COLUMNS``, ``COLUMNS_BY_LEVEL`` and
the like), so a column documented later fails here until it has a header.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest

import ipgar_metrics
from ipgar_metrics.labels import column_label

#: Column codes whose Dutch header is the same word.
SAME_IN_DUTCH = {
    "segment",
    "episode",
    "variant",
    "model",
    "status",
    "parameter",
    "indicator",
    "factor",
}
#: The module attributes that document a frame's columns.
DOCUMENTED = ("OUTPUT_COLUMNS", "COLUMNS_BY_LEVEL", "COLUMNS", "CHECK_COLUMNS")


def _documented_frames() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each documented frame: its module, its name and its columns' documentation."""
    for info in pkgutil.walk_packages(ipgar_metrics.__path__, "ipgar_metrics."):
        if info.name.startswith(("ipgar_metrics.cli", "ipgar_metrics.simulation")):
            continue
        module = importlib.import_module(info.name)
        for attr in DOCUMENTED:
            docs = getattr(module, attr, None)
            if not isinstance(docs, dict) or not docs:
                continue
            if not all(isinstance(v, dict) for v in docs.values()):
                docs = {attr: docs}  # one frame's columns
            for frame, columns in docs.items():
                yield info.name, frame, columns


def _documented_columns() -> dict[str, str]:
    """Each documented column code and the first frame that documents it."""
    found: dict[str, str] = {}
    for module, frame, columns in _documented_frames():
        for code in columns:
            if not code.startswith("<"):  # "<by>": the column a caller names
                found.setdefault(code, f"{module}: {frame}")
    return found


COLUMNS = _documented_columns()


def test_the_documented_frames_are_found():
    # a handful that must be there: episodes, variants, the practice profile's points
    assert {"melding_at", "variant", "expected", "km_median_days"} <= set(COLUMNS)
    assert len(COLUMNS) > 300


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_documented_column_has_a_readers_header(lang):
    untranslated = {
        code: where
        for code, where in COLUMNS.items()
        if (
            column_label(code, lang) == code
            and code not in SAME_IN_DUTCH
            and lang == "nl"
        )
        or "_" in column_label(code, lang)
    }
    assert untranslated == {}


def _descriptions(code: str) -> list[str]:
    """The documentation of column ``code`` in every frame that documents it."""
    return [str(cols[code]) for _m, _f, cols in _documented_frames() if code in cols]


def test_the_small_number_flag_names_no_unit_of_its_own():
    # small_n flags rows of completed reports, reached episodes, answered requests
    # and (variants) episodes below min_count; its header said "weinig meldingen
    # (< 10)" on all of them. What they share is that no median is given.
    described = _descriptions("small_n")
    assert len(described) >= 4
    assert all("median" in d for d in described)
    assert any("report" in d for d in described) and any(
        "min_count" in d for d in described
    )
    for lang, unit in (("nl", "melding"), ("en", "report")):
        header = column_label("small_n", lang)
        assert unit not in header and "10" not in header
        assert ("mediaan" if lang == "nl" else "median") in header
