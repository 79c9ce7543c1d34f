-- Purpose: declarative rule template responded existence: an episode with $a
--   (outcome $a_outcome when not NULL) also has $b (outcome $b_outcome when not
--   NULL), before or after it. An episode whose first $a lies less than
--   $grace_days before the end of the data is not judged yet.
-- Inputs: events.
-- Grain: one row per violating episode.
-- Output columns: case_id, episode, at (first $a), n (occurrences of $a).
-- Parameters: $cutoff (TIMESTAMPTZ), $reference (TIMESTAMPTZ: the end of the data),
--   $grace_days (DOUBLE), $a, $a_outcome, $b, $b_outcome.
WITH visible AS (
    SELECT case_id, episode, seq, ts, activity, outcome
    FROM events
    WHERE ts <= $cutoff
),
triggers AS (
    SELECT case_id, episode, min(ts) AS at, count(*) AS n
    FROM visible
    WHERE activity = $a AND ($a_outcome IS NULL OR outcome = $a_outcome)
    GROUP BY case_id, episode
),
responded AS (
    SELECT DISTINCT case_id, episode
    FROM visible
    WHERE activity = $b AND ($b_outcome IS NULL OR outcome = $b_outcome)
)
SELECT t.case_id, t.episode, t.at, t.n
FROM triggers AS t
ANTI JOIN responded AS r USING (case_id, episode)
WHERE epoch(t.at) <= epoch($reference) - $grace_days * 86400
ORDER BY t.case_id, t.episode;
