-- Purpose: the distinct local days on which the IVG-R and the PTO-R met (a day with
--   at least one advice or decision), to estimate their cadence.
-- Inputs: events.
-- Grain: one row per (meeting, local day) up to $as_of and from $start.
-- Output columns: meeting ('ivgr' or 'ptor'), day (DATE, Europe/Amsterdam).
-- Parameters: $as_of (TIMESTAMPTZ), $start (TIMESTAMPTZ).
WITH meeting_events AS (
    SELECT
        CASE activity WHEN 'ivgr_advies' THEN 'ivgr' ELSE 'ptor' END AS meeting,
        CAST(timezone('Europe/Amsterdam', ts) AS DATE) AS day
    FROM events
    WHERE activity IN ('ivgr_advies', 'ptor_besluit') AND ts <= $as_of AND ts >= $start
)
SELECT DISTINCT meeting, day
FROM meeting_events
ORDER BY meeting, day;
