-- Purpose: how many rows of each table a purge removes (the counts the purges table
--   records; never a pseudonym). Events count those held apart for a restricted
--   person (restricted_events) too; rejects those of a relations export that name
--   the person as the second person (raw case_id_b).
-- Inputs: _purged (one row per purged case_id), events, restricted_events,
--   event_history, rejected_events, quality_flags.
-- Grain: one row. Output columns: cases, events, history_rows, rejects, flags.
-- Parameters: none.
WITH purged AS (
    SELECT DISTINCT case_id FROM _purged
)
SELECT
    (SELECT count(*) FROM purged) AS cases,
    (SELECT count(*) FROM events WHERE case_id IN (SELECT case_id FROM purged))
        + (SELECT count(*) FROM restricted_events WHERE case_id IN (SELECT case_id FROM purged)) AS events,
    (SELECT count(*) FROM event_history WHERE case_id IN (SELECT case_id FROM purged)) AS history_rows,
    (SELECT count(*) FROM rejected_events WHERE case_id IN (SELECT case_id FROM purged)
        OR raw_cell(raw, 'case_id_b') IN (SELECT case_id FROM purged)) AS rejects,
    (SELECT count(*) FROM quality_flags WHERE case_id IN (SELECT case_id FROM purged)) AS flags;
