-- Purpose: declarative rule template at-most-once: activity $a (with outcome
--   $a_outcome when not NULL) happens at most once per episode.
-- Inputs: events.
-- Grain: one row per violating episode.
-- Output columns: case_id, episode, at (time of the second occurrence), n (occurrences).
-- Parameters: $cutoff (TIMESTAMPTZ), $a, $a_outcome.
WITH occurrences AS (
    SELECT case_id, episode, seq, ts
    FROM events
    WHERE ts <= $cutoff
      AND activity = $a
      AND ($a_outcome IS NULL OR outcome = $a_outcome)
),
numbered AS (
    SELECT *, row_number() OVER (PARTITION BY case_id, episode ORDER BY seq) AS k,
        count(*) OVER (PARTITION BY case_id, episode) AS n
    FROM occurrences
)
SELECT case_id, episode, ts AS at, n
FROM numbered
WHERE k = 2
ORDER BY case_id, episode;
