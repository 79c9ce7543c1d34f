"""What-if: the intake phase as a model estimated from the store, and its scenarios.

``intake_model`` estimates the model (``docs/metrics/whatif.md``), a ``Scenario``
turns its knobs, ``simulate_intake`` simulates years of reports under it, and
``whatif`` sets baseline, scenario and the observed figures side by side.
"""

from ipgar_metrics.metrics.whatif._model import IntakeModel, intake_model
from ipgar_metrics.metrics.whatif._scenario import (
    KNOBS,
    Scenario,
    parse_knobs,
    scenario_from_toml,
)
from ipgar_metrics.metrics.whatif._simulate import run_statistics, simulate_intake
from ipgar_metrics.metrics.whatif._whatif import whatif, whatif_json

__all__ = [
    "KNOBS",
    "IntakeModel",
    "Scenario",
    "intake_model",
    "parse_knobs",
    "run_statistics",
    "scenario_from_toml",
    "simulate_intake",
    "whatif",
    "whatif_json",
]
