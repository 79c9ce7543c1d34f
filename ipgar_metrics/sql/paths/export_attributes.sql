-- Purpose: the stored attributes of a generic log (schema version 8) of the events
--   and cases ipgar export writes, to write them back.
-- Inputs: attributes, events (the filtered views within a filter), restricted_cases:
--   the rows of a person whose processing is restricted (AVG art. 18) are never
--   written (schema version 8 keeps them in attributes; docs/privacy.md).
-- Grain: one row per attribute value of an event at or before $as_of, or of a case
--   with such an event.
-- Output columns: case_id, event_key (NULL: a case attribute), name, value_text,
--   xes_type (date, int, float or string: the XES element to write), value_iso (the
--   instant for a date, else NULL).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH
    shown AS (
        SELECT case_id, event_key FROM events WHERE ts <= $as_of
    )
SELECT
    a.case_id,
    a.event_key,
    a.name,
    a.value_text,
    CASE
        WHEN a.value_ts IS NOT NULL THEN 'date'
        WHEN a.value_num IS NOT NULL AND regexp_full_match(trim(a.value_text), '[+-]?\d+')
            THEN 'int'
        WHEN a.value_num IS NOT NULL THEN 'float'
        ELSE 'string'
    END AS xes_type,
    a.value_ts AS value_iso
FROM attributes AS a
WHERE a.case_id NOT IN (SELECT case_id FROM restricted_cases)
    AND (
        (a.event_key IS NOT NULL AND a.event_key IN (SELECT event_key FROM shown))
        OR (a.event_key IS NULL AND a.case_id IN (SELECT case_id FROM shown))
    )
ORDER BY a.case_id, a.event_key, a.name;
