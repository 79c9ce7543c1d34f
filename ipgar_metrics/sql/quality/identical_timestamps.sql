-- Purpose: events that share their exact timestamp with another event of the same
--   case (their order comes from the tie rule, not from time).
-- Inputs: events. Grain: one row per event in a tie.
-- Output columns: case_id (pseudonym), seq, detail (the activity).
-- Parameters: none.
SELECT case_id, seq, activity AS detail
FROM events
QUALIFY count(*) OVER (PARTITION BY case_id, ts) > 1
ORDER BY case_id, seq;
