"""Data governance of the event store: what the AVG asks of the data, beyond analysis.

``purge`` removes the persons whose involvement ended before a date (storage
limitation, AVG art. 5(1)(e)) and rewrites the file so their bytes are gone;
``purges`` lists the purges a store has had (counts only). The store's settings
(``store_settings``, ``set_retention``, ``enable_relations``, ``disable_relations``,
the gate ``require_relations_enabled``) hold the retention period and the DPIA
reference of relations. The rights of data subjects: ``subject`` (access, art. 15),
``erase`` (art. 17), ``restrict_processing`` and ``lift_restriction`` (art. 18),
``reports_listing`` (which earlier reports listed the person, art. 19); the report
archive's intern reports follow the retention period (``remove_expired_reports``).
Modules: ``_purge``, ``_settings``, ``_subject``, ``_restrict``, ``_recipients``,
``_archive``.
Above the store and the shared metric definitions (an ended episode is what
``metrics`` calls ended), below the consumers (``cli``, ``report``).
See ``docs/store.md``, "Purge: storage limitation", and ``docs/privacy.md``.
"""

from ipgar_metrics.governance._archive import expired_reports, remove_expired_reports
from ipgar_metrics.governance._purge import (
    ERASURE_MARK,
    PURGE_COLUMNS,
    PurgeResult,
    erase,
    purge,
    purges,
)
from ipgar_metrics.governance._recipients import LISTING_COLUMNS, reports_listing
from ipgar_metrics.governance._restrict import (
    RestrictionResult,
    lift_restriction,
    restrict_processing,
)
from ipgar_metrics.governance._settings import (
    RELATIONS_REFUSAL,
    SETTINGS,
    RelationsDisabled,
    disable_relations,
    enable_relations,
    relations_enabled,
    report_archive,
    require_relations_enabled,
    retention_years,
    set_report_archive,
    set_retention,
    store_settings,
)
from ipgar_metrics.governance._subject import (
    SUBJECT_PARTS,
    SubjectRecord,
    long_frame,
    person_pseudonym,
    subject,
)

__all__ = [
    "ERASURE_MARK",
    "LISTING_COLUMNS",
    "PURGE_COLUMNS",
    "RELATIONS_REFUSAL",
    "SETTINGS",
    "SUBJECT_PARTS",
    "PurgeResult",
    "RelationsDisabled",
    "RestrictionResult",
    "SubjectRecord",
    "disable_relations",
    "enable_relations",
    "erase",
    "expired_reports",
    "lift_restriction",
    "long_frame",
    "person_pseudonym",
    "purge",
    "purges",
    "relations_enabled",
    "remove_expired_reports",
    "report_archive",
    "reports_listing",
    "require_relations_enabled",
    "restrict_processing",
    "retention_years",
    "set_report_archive",
    "set_retention",
    "store_settings",
    "subject",
]
