"""Time units for durations: minutes, hours, days or weeks, chosen per table or figure.

A helpdesk ticket is read in hours, a permit in days, an iPGA-R lead time in weeks:
``choose_unit`` picks the unit in which the typical (median) duration of a column
reads as a number between about 1 and 100, and ``in_unit`` converts seconds to it.
Commands say the unit they chose in one line (``--unit`` chooses another).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, Literal

from ipgar_metrics.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

Unit = Literal["minutes", "hours", "days", "weeks"]

#: Seconds in one unit.
SECONDS: Final[dict[str, int]] = {
    "minutes": 60,
    "hours": 3_600,
    "days": 86_400,
    "weeks": 604_800,
}

#: The units a user may give, ``auto`` first (``choose_unit``).
UNIT_CHOICES: Final[tuple[str, ...]] = ("auto", *SECONDS)

#: Dutch and English names of the units, for column headers and axis titles.
UNIT_LABELS: Final[dict[str, dict[str, str]]] = {
    "minutes": {"nl": "minuten", "en": "minutes"},
    "hours": {"nl": "uren", "en": "hours"},
    "days": {"nl": "dagen", "en": "days"},
    "weeks": {"nl": "weken", "en": "weeks"},
}


def choose_unit(seconds: Iterable[float]) -> Unit:
    """The unit in which the median of ``seconds`` reads best.

    Under two hours: minutes; under two days: hours; under eight weeks: days;
    otherwise weeks. Missing values are ignored; with none left, days.

    Examples
    --------
    >>> choose_unit([90.0, 600.0]), choose_unit([7_200.0]), choose_unit([86_400.0 * 70])
    ('minutes', 'hours', 'weeks')
    """
    import numpy as np  # not at import: `ipgar --help` registers --unit from here

    values = np.asarray([float(s) for s in seconds], dtype="float64")
    values = values[~np.isnan(values)]
    if values.size == 0:
        return "days"
    median = float(np.median(values))
    if median < 2 * SECONDS["hours"]:
        return "minutes"
    if median < 2 * SECONDS["days"]:
        return "hours"
    if median < 8 * SECONDS["weeks"]:
        return "days"
    return "weeks"


def check_unit(unit: str) -> str:
    """``unit`` if it is one of ``UNIT_CHOICES``; else ``ConfigError`` naming them."""
    if unit not in UNIT_CHOICES:
        raise ConfigError(
            f'unknown time unit "{unit}"; choose one of: {", ".join(UNIT_CHOICES)}.'
        )
    return unit


def in_unit(seconds: float, unit: str) -> float:
    """``seconds`` expressed in ``unit`` (minutes, hours, days or weeks, not ``auto``)."""
    if unit not in SECONDS:
        raise ConfigError(
            f'unknown time unit "{unit}"; choose one of: {", ".join(SECONDS)}.'
        )
    return seconds / SECONDS[unit]


def seconds_in_unit(frame: pd.DataFrame, unit: str = "auto") -> pd.DataFrame:
    """A copy of ``frame`` whose seconds columns (``<name>_s``) read in ``unit``.

    Each ``<name>_s`` column becomes ``<name>_<unit>`` (``median_to_next_s`` ->
    ``median_to_next_hours``), in place; ``unit="auto"`` takes the unit in which the
    first such column's median reads best (``choose_unit``). The unit is in the
    column names, so ``labels.dutch_columns`` heads them "mediaan tot volgende
    (uren)". A frame without seconds columns is returned as a copy, unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"activity": ["a"], "median_to_next_s": [7_200.0]})
    >>> seconds_in_unit(frame).columns.tolist()
    ['activity', 'median_to_next_hours']
    """
    names = [c for c in frame.columns if str(c).endswith("_s")]
    return columns_in_unit(frame, names, source="s", unit=unit)[0]


def columns_in_unit(
    frame: pd.DataFrame, columns: list[str], *, source: str, unit: str = "auto"
) -> tuple[pd.DataFrame, str]:
    """A copy of ``frame`` whose ``<name>_<source>`` ``columns`` read in ``unit``.

    ``source`` is the unit the columns hold (``s`` for seconds, or one of
    ``SECONDS``); each column is renamed ``<name>_<unit>``. ``unit="auto"`` takes
    the unit in which the first column's median reads best (``choose_unit``).
    Returns the copy and the unit; without columns, an unchanged copy and ``unit``.
    """
    check_unit(unit)
    if not columns:
        return frame.copy(), unit
    per = 1 if source == "s" else SECONDS[source]
    chosen = choose_unit(frame[columns[0]] * per) if unit == "auto" else unit
    out = frame.copy()
    for name in columns:
        if chosen != source:  # the same unit keeps its values bit for bit
            out[name] = out[name] * per / SECONDS[chosen]
    suffix = f"_{source}"
    return out.rename(
        columns={n: f"{str(n).removesuffix(suffix)}_{chosen}" for n in columns}
    ), chosen
