"""The measures register: each improvement step with its primary, declared before looking.

A register is a TOML file (``measures.toml``) with one ``[[measure]]`` table per
step: name, step, the date(s) in force, what it affects, the primary indicator, the
expected direction and the smallest relevant effect. ``ipgar evaluate --measure
NAME`` reads it, so the primary of an evaluation is the one written down before the
data were seen. The format: ``docs/metrics/evaluate.md``; an example for the
simulated steps ships as ``ipgar_metrics/data/measures.toml``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pandas as pd

from ipgar_metrics.errors import ConfigError
from ipgar_metrics.schema import check_known

#: The steps of the plan of approach.
STEPS: Final[tuple[str, ...]] = ("0", "1a", "1b", "2", "3", "4")
#: Primary indicators: the metrics of ``compare_periods``.
PRIMARIES: Final[tuple[str, ...]] = ("leadtime", "contact", "integrality")
DIRECTIONS: Final[tuple[str, ...]] = ("up", "down")
#: Keys a measure may have; the first six are required.
KEYS: Final[tuple[str, ...]] = (
    "name",
    "step",
    "in_force",
    "primary",
    "direction",
    "smallest_effect",
    "organisations",
    "segment",
    "description",
)
#: Segments a measure can be restricted to (case attributes).
SEGMENT_KEYS: Final[tuple[str, ...]] = ("report_source", "risk_category", "ideology")
EXAMPLE: Final[str] = "measures.toml"


@dataclass(frozen=True)
class Measure:
    """One improvement step as registered (see the module docstring)."""

    name: str
    step: str
    in_force: tuple[date, ...]
    primary: str
    direction: str
    smallest_effect: float
    organisations: tuple[str, ...] = ()
    segment: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""

    def as_record(self) -> dict[str, Any]:
        """The measure as plain JSON-able values."""
        return {
            "name": self.name,
            "step": self.step,
            "in_force": [str(d) for d in self.in_force],
            "primary": self.primary,
            "direction": self.direction,
            "smallest_effect": self.smallest_effect,
            "organisations": list(self.organisations),
            "segment": {k: list(v) for k, v in self.segment.items()},
            "description": self.description,
        }

    def periods(self, window_months: int) -> dict[str, tuple[date, date]]:
        """Before: ``window_months`` up to the first date in force; after: from the last.

        Between a first and a last phase the step was partly in force: that stretch
        belongs to neither period.
        """
        first = pd.Timestamp(self.in_force[0])
        last = pd.Timestamp(self.in_force[-1])
        w = pd.DateOffset(months=window_months)
        day = pd.Timedelta(days=1)
        return {
            "before": ((first - w).date(), (first - day).date()),
            "after": (last.date(), (last + w - day).date()),
        }


def load_measures(path: str | Path | None = None) -> dict[str, Measure]:
    """Read a measures register (default: the example for the simulated steps).

    Raises
    ------
    ConfigError
        One line naming the file, the measure and what to fix.
    """
    if path is None:
        text = (
            resources.files("ipgar_metrics")
            .joinpath("data", EXAMPLE)
            .read_text("utf-8")
        )
        where = f"the example {EXAMPLE}"
    else:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"measures file {p} not found; pass --measures FILE.")
        text, where = p.read_text(encoding="utf-8"), str(p)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where} is not valid TOML ({exc}); fix the file.") from None
    tables = data.get("measure", [])
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{where} has no [[measure]] tables; add one per step.")
    out: dict[str, Measure] = {}
    for i, raw in enumerate(tables, start=1):
        m = _measure(raw, f"{where}, measure {i}")
        if m.name in out:
            raise ConfigError(
                f'{where}: the name "{m.name}" is used twice; rename one.'
            )
        out[m.name] = m
    return out


def find_measure(name: str, path: str | Path | None = None) -> Measure:
    """The measure called ``name``; an unknown name raises with "did you mean"."""
    measures = load_measures(path)
    return measures[check_known(name, list(measures), what="measure")]


def _measure(raw: dict[str, Any], where: str) -> Measure:
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(
            f'{where}: unknown key "{unknown[0]}"; choose from: {", ".join(KEYS)}.'
        )
    missing = [k for k in KEYS[:6] if k not in raw]
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(missing)}; add it.")
    name = str(raw["name"])
    where = f'{where} ("{name}")'
    step = _choice(raw["step"], STEPS, "step", where)
    primary = _choice(raw["primary"], PRIMARIES, "primary", where)
    direction = _choice(raw["direction"], DIRECTIONS, "direction", where)
    days = raw["in_force"]
    days = days if isinstance(days, list) else [days]
    if not days or not all(isinstance(d, date) for d in days):
        raise ConfigError(
            f"{where}: in_force must be a date or a list of dates (2021-01-01, no "
            "quotes); fix it."
        )
    in_force = tuple(sorted(d if type(d) is date else d.date() for d in days))
    effect = raw["smallest_effect"]
    if not isinstance(effect, int | float) or effect <= 0:
        raise ConfigError(
            f"{where}: smallest_effect must be a positive number in the unit of the "
            "primary (shares as fractions, e.g. 0.10); fix it."
        )
    segment = raw.get("segment", {})
    for key in segment:
        _choice(key, SEGMENT_KEYS, "segment", where)
    return Measure(
        name=name,
        step=step,
        in_force=in_force,
        primary=primary,
        direction=direction,
        smallest_effect=float(effect),
        organisations=tuple(str(o) for o in raw.get("organisations", [])),
        segment={k: tuple(str(v) for v in _list(vals)) for k, vals in segment.items()},
        description=str(raw.get("description", "")),
    )


def _choice(value: Any, known: tuple[str, ...], what: str, where: str) -> str:
    try:
        return check_known(str(value), known, what=what)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
