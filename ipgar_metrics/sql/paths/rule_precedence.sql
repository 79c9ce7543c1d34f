-- Purpose: declarative rule template precedence: every occurrence of $a (outcome
--   $a_outcome when not NULL) is preceded, earlier in the same episode, by $b
--   (outcome $b_outcome when not NULL). "Earlier" is a smaller seq. With $per_case the
--   earlier $b may stand in any episode of the case (the quality report's scope for
--   statisch_without_decision).
-- Inputs: events.
-- Grain: one row per violating episode.
-- Output columns: case_id, episode, at (first occurrence of $a without an earlier
--   $b), n (such occurrences).
-- Parameters: $cutoff (TIMESTAMPTZ), $a, $a_outcome, $b, $b_outcome, $per_case (BOOLEAN).
WITH visible AS (
    SELECT case_id, episode, seq, ts, activity, outcome
    FROM events
    WHERE ts <= $cutoff
),
first_required AS (
    -- scope: the episode, or 0 for the whole case ($per_case)
    SELECT case_id, CASE WHEN $per_case THEN 0 ELSE episode END AS scope,
        min(seq) AS req_seq
    FROM visible
    WHERE activity = $b AND ($b_outcome IS NULL OR outcome = $b_outcome)
    GROUP BY ALL
),
unpreceded AS (
    SELECT v.case_id, v.episode, v.seq, v.ts
    FROM visible AS v
    LEFT JOIN first_required AS r
        ON r.case_id = v.case_id
        AND r.scope = CASE WHEN $per_case THEN 0 ELSE v.episode END
    WHERE v.activity = $a AND ($a_outcome IS NULL OR v.outcome = $a_outcome)
      AND (r.req_seq IS NULL OR r.req_seq > v.seq)
)
SELECT case_id, episode, min(ts) AS at, count(*) AS n
FROM unpreceded
GROUP BY case_id, episode
ORDER BY case_id, episode;
