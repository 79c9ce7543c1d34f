"""What-if: the intake phase as a model estimated from the store, and its scenarios.

``intake_model`` estimates the model (``docs/metrics/whatif.md``), a ``Scenario``
turns its knobs, ``simulate_intake`` simulates years of reports under it, and
``scenario_comparison`` sets baseline, scenario and the observed figures side by side;
``prediction_check`` sets a prediction made on the day of a change beside what
happened after it.
"""

from ipgar_metrics.metrics.whatif._check import prediction_check
from ipgar_metrics.metrics.whatif._comparison import (
    LIMITS,
    comparison_json,
    scenario_comparison,
)
from ipgar_metrics.metrics.whatif._model import (
    IntakeModel,
    bootstrap_model,
    intake_model,
)
from ipgar_metrics.metrics.whatif._scenario import (
    KNOBS,
    Scenario,
    parse_knobs,
    scenario_from_toml,
)
from ipgar_metrics.metrics.whatif._simulate import run_statistics, simulate_intake

__all__ = [
    "KNOBS",
    "LIMITS",
    "IntakeModel",
    "Scenario",
    "bootstrap_model",
    "comparison_json",
    "intake_model",
    "parse_knobs",
    "prediction_check",
    "run_statistics",
    "scenario_comparison",
    "scenario_from_toml",
    "simulate_intake",
]
