-- Purpose: one code character per distinct label of the phase, so that a path is
--   keyed by a short text (one character per step) that no label can make ambiguous.
-- Inputs: _phase_events (made by paths/phase_events or paths/phase_events_all).
-- Grain: one row per distinct label. Output columns: label, code (one character,
--   U+0100 upwards: two bytes of UTF-8 for the first 1,792 labels).
-- Parameters: none. Fails with a clear message beyond 55,000 distinct labels (the code
--   points below the surrogate range).
SELECT
    label,
    CASE
        WHEN n <= 55000 THEN chr(CAST(255 + n AS INTEGER))
        ELSE error('variants: more than 55,000 distinct activity labels in the phase')
    END AS code
FROM (
    SELECT label, row_number() OVER (ORDER BY label) AS n
    FROM (SELECT DISTINCT label FROM _phase_events)
)
