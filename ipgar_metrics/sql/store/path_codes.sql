-- Purpose: give every activity of events that has no code yet the next free codes of
--   activity_codes (in the order of the activity text among the new ones); codes
--   already given never change, so stored path keys stay valid.
-- Inputs: events, activity_codes. Grain: not a query (inserts one row per new activity).
-- Parameters: none.
INSERT INTO activity_codes
SELECT
    n.activity,
    (SELECT coalesce(max(code), -1) FROM activity_codes)
        + CAST(row_number() OVER (ORDER BY n.activity) AS INTEGER) AS code
FROM (
    SELECT DISTINCT activity
    FROM events
    WHERE activity NOT IN (SELECT activity FROM activity_codes)
) AS n;
