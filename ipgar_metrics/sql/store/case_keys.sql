-- Purpose: the integer keys of the events about to be numbered: the table _case_keys
--   (case_id, case_key) for every case of the view _to_number, and the view _keyed,
--   _to_number with case_key and activity_code, which store/reorder_<profile> numbers.
--   A case that has a key in events keeps it; a new case gets the next free keys
--   (in the order of its pseudonym). Every activity has its code already
--   (store/activity_codes_new, run over _to_number just before), so every event has
--   both keys.
-- Inputs: _to_number (the columns of events but seq, episode, case_key and
--   activity_code), events, activity_codes.
-- Grain: _case_keys one row per case of _to_number; _keyed one row per row of
--   _to_number. Parameters: none.
-- Note: a corrected event that moved to another case has case_key NULL
--   (load/apply_corrections), so only keys of unchanged rows count as known.
CREATE OR REPLACE TEMP TABLE _case_keys AS
WITH wanted AS (
    SELECT DISTINCT case_id FROM _to_number
),
known AS (
    SELECT case_id, min(case_key) AS case_key
    FROM events
    WHERE case_key IS NOT NULL AND case_id IN (SELECT case_id FROM wanted)
    GROUP BY case_id
)
SELECT case_id, case_key FROM known
UNION ALL
SELECT
    w.case_id,
    (SELECT coalesce(max(case_key), 0) FROM events)
        + CAST(row_number() OVER (ORDER BY w.case_id) AS INTEGER) AS case_key
FROM wanted AS w
ANTI JOIN known AS k USING (case_id);
CREATE OR REPLACE TEMP VIEW _keyed AS
SELECT t.*, k.case_key, c.code AS activity_code
FROM _to_number AS t
JOIN _case_keys AS k USING (case_id)
JOIN activity_codes AS c USING (activity);
