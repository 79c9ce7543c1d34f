"""Data governance of the event store: what the AVG asks of the data, beyond analysis.

``purge`` removes the persons whose involvement ended before a date (storage
limitation, AVG art. 5(1)(e)) and rewrites the file so their bytes are gone;
``purges`` lists the purges a store has had (counts only). Modules: ``_purge``.
Above the store and the shared metric definitions (an ended episode is what
``metrics`` calls ended), below the consumers (``cli``, ``report``).
See ``docs/store.md``, "Purge: storage limitation".
"""

from ipgar_metrics.governance._purge import PURGE_COLUMNS, PurgeResult, purge, purges

__all__ = ["PURGE_COLUMNS", "PurgeResult", "purge", "purges"]
