-- Purpose: events that share their exact timestamp with another event of the same
--   case (their order comes from the tie rule, not from time).
-- Inputs: events. Grain: one row per event in a tie.
-- Output columns: case_id (pseudonym), seq, detail (the activity).
-- Parameters: none.
-- Speed: partitioned by the integer case_key (one per case, docs/store.md), not the
--   pseudonym text: 2.7 s at 1 M cases against 3.4-4.0 s.
SELECT case_id, seq, activity AS detail
FROM events
QUALIFY count(*) OVER (PARTITION BY case_key, ts) > 1
ORDER BY case_id, seq;
