-- Purpose: declarative rule template nothing-after: after the first $a (outcome
--   $a_outcome when not NULL) in an episode, no activity other than those in $allowed
--   happens in the same episode.
-- Inputs: events.
-- Grain: one row per violating episode.
-- Output columns: case_id, episode, at (first forbidden event), n (forbidden events).
-- Parameters: $cutoff (TIMESTAMPTZ), $a, $a_outcome, $allowed (list of activities).
WITH visible AS (
    SELECT case_id, episode, seq, ts, activity, outcome
    FROM events
    WHERE ts <= $cutoff
),
first_trigger AS (
    SELECT case_id, episode, min(seq) AS trigger_seq
    FROM visible
    WHERE activity = $a AND ($a_outcome IS NULL OR outcome = $a_outcome)
    GROUP BY case_id, episode
),
forbidden AS (
    SELECT v.case_id, v.episode, v.ts
    FROM visible AS v
    JOIN first_trigger AS t USING (case_id, episode)
    WHERE v.seq > t.trigger_seq AND NOT list_contains($allowed, v.activity)
)
SELECT case_id, episode, min(ts) AS at, count(*) AS n
FROM forbidden
GROUP BY case_id, episode
ORDER BY case_id, episode;
