-- Purpose: give every activity of the view _to_code that has no code yet the next
--   free codes of activity_codes (in the order of the activity text among the new
--   ones); codes already given never change, so stored path keys stay valid. The one
--   rule for new codes: the numbering of events (store/case_keys, _to_code over the
--   events to number) and the stored paths (store.refresh_derived_rows, _to_code
--   over events) both run it.
-- Inputs: _to_code (a column activity), activity_codes.
-- Grain: not a query (inserts one row per new activity). Parameters: none.
INSERT INTO activity_codes
SELECT
    n.activity,
    (SELECT coalesce(max(code), -1) FROM activity_codes)
        + CAST(row_number() OVER (ORDER BY n.activity) AS INTEGER) AS code
FROM (
    SELECT DISTINCT activity
    FROM _to_code
    WHERE activity NOT IN (SELECT activity FROM activity_codes)
) AS n;
