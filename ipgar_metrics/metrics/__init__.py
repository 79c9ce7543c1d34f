"""Metrics over the event store, one family per subpackage.

``metrics`` itself holds the shared base: episodes and as-of resolution
(``_episodes``), status periods (``_status``) and the one summary helper
(``_summary``). The families are ``quality``, ``leadtime``, ``paths``, ``casework``
and ``evaluate``. Importing this package imports none of them.
"""

from ipgar_metrics.metrics._episodes import (
    check_as_of,
    check_in_store,
    episodes,
    require_ipgar,
    store_values,
)
from ipgar_metrics.metrics._summary import summarise

__all__ = [
    "check_as_of",
    "check_in_store",
    "episodes",
    "require_ipgar",
    "store_values",
    "summarise",
]
