-- Purpose: declarative rule template response: every occurrence of $a (outcome
--   $a_outcome when not NULL) is followed, later in the same episode, by $b (outcome
--   $b_outcome when not NULL). Occurrences of $a less than $grace_days before the
--   cut-off are not judged yet (the response may still come).
-- Inputs: events.
-- Grain: one row per violating episode.
-- Output columns: case_id, episode, at (first $a without a later $b), n (such $a).
-- Parameters: $cutoff (TIMESTAMPTZ), $reference (TIMESTAMPTZ: the end of the data),
--   $grace_days (DOUBLE), $a, $a_outcome, $b, $b_outcome.
WITH visible AS (
    SELECT case_id, episode, seq, ts, activity, outcome
    FROM events
    WHERE ts <= $cutoff
),
last_response AS (
    SELECT case_id, episode, max(seq) AS resp_seq
    FROM visible
    WHERE activity = $b AND ($b_outcome IS NULL OR outcome = $b_outcome)
    GROUP BY case_id, episode
),
unanswered AS (
    SELECT v.case_id, v.episode, v.seq, v.ts
    FROM visible AS v
    LEFT JOIN last_response AS r USING (case_id, episode)
    WHERE v.activity = $a AND ($a_outcome IS NULL OR v.outcome = $a_outcome)
      AND (r.resp_seq IS NULL OR r.resp_seq < v.seq)
      AND epoch(v.ts) <= epoch($reference) - $grace_days * 86400
)
SELECT case_id, episode, min(ts) AS at, count(*) AS n
FROM unanswered
GROUP BY case_id, episode
ORDER BY case_id, episode;
