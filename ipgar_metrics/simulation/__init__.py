"""The simulator of the iPGA-R process and of the registration system's export."""

from ipgar_metrics.simulation._export import iter_truth_episodes, mapping_toml
from ipgar_metrics.simulation._simulator import SimulationResult, simulate

__all__ = ["SimulationResult", "iter_truth_episodes", "mapping_toml", "simulate"]
