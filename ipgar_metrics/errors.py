"""Exceptions and reason codes.

Every message says what is wrong, where, and what to do, and never contains a raw
identifier or the raw value of an identifying cell.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ReasonCode(StrEnum):
    """Why a row of an export was rejected or flagged."""

    MISSING_CASE_ID = "missing_case_id"
    MISSING_ACTIVITY = "missing_activity"
    MISSING_TIMESTAMP = "missing_timestamp"
    UNPARSABLE_DATE = "unparsable_date"
    NONEXISTENT_LOCAL_TIME = "nonexistent_local_time"
    FUTURE_DATE = "future_date"
    BEFORE_PROGRAMME = "before_programme"
    UNKNOWN_ACTIVITY = "unknown_activity"
    UNKNOWN_OUTCOME = "unknown_outcome"
    MISSING_OUTCOME = "missing_outcome"
    UNKNOWN_ORG = "unknown_org"
    MISSING_ORG = "missing_org"
    UNKNOWN_LIFE_DOMAIN = "unknown_life_domain"
    MISSING_LIFE_DOMAIN = "missing_life_domain"
    UNKNOWN_ATTRIBUTE = "unknown_attribute"
    UNKNOWN_LIFECYCLE = "unknown_lifecycle"
    NUMBER_IN_LABEL = "number_in_label"
    FORMULA_IN_CELL = "formula_in_cell"
    VALUE_TOO_LONG = "value_too_long"
    MALFORMED_ROW = "malformed_row"
    SHORT_ROW = "short_row"
    UNDEFINED_BYTE = "undefined_byte"
    DUPLICATE_EVENT = "duplicate_event"
    OUT_OF_ORDER = "out_of_order"
    # relations and key locations (ingest._relations)
    MISSING_VALUE = "missing_value"
    UNKNOWN_CASE = "unknown_case"
    SELF_RELATION = "self_relation"
    END_BEFORE_START = "end_before_start"
    UNKNOWN_RELATION = "unknown_relation"
    DUPLICATE_RELATION = "duplicate_relation"


class IpgarError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class ExportFormatError(IpgarError):
    """The export cannot be read: unreadable file, wrong header or mapping."""


class ValidationError(IpgarError):
    """Rows of an export failed validation; ``rejects`` lists them all."""

    def __init__(self, message: str, rejects: Any = None) -> None:
        super().__init__(message)
        self.rejects = rejects


class UnknownActivityError(IpgarError, ValueError):
    """An activity name that is not in the vocabulary."""


class StoreError(IpgarError):
    """The event store cannot be opened, is in use, or has the wrong version."""


class ConfigError(IpgarError):
    """A parameter, key or configuration value is wrong."""


class DataQualityWarning(UserWarning):
    """A caveat about the data behind a result (e.g. many open episodes)."""
