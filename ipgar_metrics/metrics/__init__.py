"""Metrics over the event store, one family per subpackage.

``metrics`` itself holds the shared base: episodes and as-of resolution
(``_episodes``), status periods (``_status``) and the one summary helper
(``_summary``). The families are ``quality``, ``leadtime``, ``paths``, ``casework``
and ``evaluate``. Importing this package imports none of them.
"""

from ipgar_metrics.metrics._episodes import (
    absent_special_categories as absent_special_categories,
)
from ipgar_metrics.metrics._episodes import check_as_of as check_as_of
from ipgar_metrics.metrics._episodes import check_in_store as check_in_store
from ipgar_metrics.metrics._episodes import episodes
from ipgar_metrics.metrics._episodes import require_ipgar as require_ipgar
from ipgar_metrics.metrics._episodes import store_values as store_values
from ipgar_metrics.metrics._summary import summarise

#: The public metrics of the base. The checks above (as-of in the store's data,
#: names the store holds, profile ipgar) are for the CLI and the report, which may
#: import only this package, not ``_episodes``; they are no metrics.
__all__ = ["episodes", "summarise"]
