"""Scenarios: knobs on the estimated intake model, given one by one or in a TOML file.

A knob changes one part of the model (``docs/metrics/whatif.md``); several knobs
make one scenario. A TOML file gives a name, a description and a ``[knobs]`` table::

    name = "minder informatierondes"
    description = "Afspraken over onvolledige meldingen: half zo vaak meer informatie."
    [knobs]
    info_loops = 0.5
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from ipgar_metrics.errors import ConfigError

#: Each knob: (meaning, lowest value, highest value, highest included).
KNOBS: Final[dict[str, tuple[str, float, float, bool]]] = {
    "info_loops": (
        "multiplier on the probability that an IVG-R round asks for more information",
        0.0,
        float("inf"),
        False,
    ),
    "info_wait": (
        "multiplier on the wait from an information request to the information",
        0.0,
        float("inf"),
        False,
    ),
    "ivgr_interval_days": ("days between IVG-R meetings", 0.0, 365.0, True),
    "ptor_interval_days": ("days between PTO-R meetings", 0.0, 365.0, True),
    "intermediate_share": (
        "share of reports diverted to a preventive conversation (intermediate variant)",
        0.0,
        1.0,
        False,
    ),
}


@dataclass(frozen=True)
class Scenario:
    """A named set of knob values (an empty set is the baseline)."""

    name: str = "baseline"
    description: str = ""
    knobs: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for knob, value in self.knobs.items():
            check_knob(knob, value)


def check_knob(knob: str, value: float) -> float:
    """``value`` as a float if ``knob`` is known and the value in its range."""
    if knob not in KNOBS:
        raise ConfigError(f'unknown knob "{knob}"; choose one of: {", ".join(KNOBS)}.')
    _meaning, low, high, high_ok = KNOBS[knob]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f'knob "{knob}" needs a number.') from None
    if not (low <= number and (number <= high if high_ok else number < high)) or (
        knob.endswith("_interval_days") and number <= 0
    ):
        top = f"{high:g}" if high != float("inf") else "any"
        raise ConfigError(
            f'knob "{knob}" must be at least {low:g} and '
            f"{'at most' if high_ok else 'below'} {top}"
            f"{' (and above 0)' if knob.endswith('_interval_days') else ''}."
        )
    return number


def parse_knobs(settings: Iterable[str]) -> dict[str, float]:
    """Knobs from ``KNOB=VALUE`` texts (the CLI's ``--set``)."""
    out: dict[str, float] = {}
    for text in settings:
        knob, sep, value = text.partition("=")
        if not sep:
            raise ConfigError(
                f'give a knob as KNOB=VALUE, e.g. info_loops=0.5 (got "{knob[:40]}").'
            )
        out[knob.strip()] = check_knob(knob.strip(), value.strip())  # type: ignore[arg-type]
    return out


def scenario_from_toml(path: Path | str) -> Scenario:
    """Read a scenario (``name``, ``description``, ``[knobs]``) from a TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: no such scenario file.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: not valid TOML ({exc}).") from None
    unknown = set(data) - {"name", "description", "knobs"}
    if unknown:
        raise ConfigError(
            f"{path.name}: unknown key {sorted(unknown)[0]!r}; a scenario file has "
            "name, description and a [knobs] table."
        )
    knobs = data.get("knobs", {})
    if not isinstance(knobs, dict):
        raise ConfigError(f"{path.name}: knobs must be a table ([knobs]).")
    return Scenario(
        name=str(data.get("name", path.stem)),
        description=str(data.get("description", "")),
        knobs={k: check_knob(k, v) for k, v in knobs.items()},
    )
