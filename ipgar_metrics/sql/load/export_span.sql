-- Purpose: the first and last local date of the events of this load, said beside a
--   declared export window (a window wider than the events is trusted, but shown).
-- Inputs: _valid. Grain: one row. Output: first_day, last_day (DATE, NULL without
--   events). Parameters: $tz (time zone of the local dates).
SELECT
    min(CAST(timezone($tz, ts) AS DATE)) AS first_day,
    max(CAST(timezone($tz, ts) AS DATE)) AS last_day
FROM _valid;
