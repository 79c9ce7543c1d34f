-- Purpose: keep the stored version of every event this load corrects or deletes in
--   event_history, before events changes: with the load that brought the version
--   (load_id) and the load that replaced it (replaced_by).
-- Inputs: events, _corrections (rows not older), _deletions. Grain: one row per
--   corrected or deleted event.
-- Output: rows appended to event_history. Parameters: $load_id, $delete (BOOLEAN:
--   the deletions are carried out, not held for review).
INSERT INTO event_history
WITH
    changed AS (
        SELECT event_key, 'corrected' AS change FROM _corrections WHERE NOT older
        UNION ALL
        SELECT event_key, 'deleted' FROM _deletions WHERE $delete
    )
SELECT
    e.event_key, e.case_id, e.activity, e.ts, e.org, e.case_manager, e.life_domain,
    e.outcome, e.event_id, e.lifecycle, e.load_id, $load_id, c.change
FROM events AS e
JOIN changed AS c USING (event_key);
