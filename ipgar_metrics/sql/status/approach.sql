-- Purpose: the periods in which a case is "in the approach": from the first instroom
--   of an episode to the first uitstroom after it in the same episode.
-- Inputs: events, cases.
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, instroom_at, instroom_seq, uitstroom_at (NULL when
--   still in at $as_of), exit_reason (outcome of the uitstroom), is_open,
--   report_source, risk_category, ideology.
-- Parameters: $as_of (TIMESTAMPTZ): events after it are ignored.
WITH instroom AS (
    SELECT case_id, episode, min(ts) AS instroom_at, min(seq) AS instroom_seq
    FROM events
    WHERE activity = 'instroom' AND ts <= $as_of
    GROUP BY case_id, episode
),
uitstroom AS (
    SELECT case_id, episode, seq, ts, outcome
    FROM events
    WHERE activity = 'uitstroom' AND ts <= $as_of
),
first_exit AS (
    SELECT
        i.case_id, i.episode, i.instroom_at, i.instroom_seq,
        u.ts AS uitstroom_at, u.outcome AS exit_reason
    FROM instroom AS i
    ASOF LEFT JOIN uitstroom AS u
        ON i.case_id = u.case_id AND i.episode = u.episode AND i.instroom_seq < u.seq
)
SELECT
    f.case_id, f.episode, f.instroom_at, f.instroom_seq, f.uitstroom_at, f.exit_reason,
    f.uitstroom_at IS NULL AS is_open,
    c.report_source, c.risk_category, c.ideology
FROM first_exit AS f
LEFT JOIN cases AS c USING (case_id)
ORDER BY f.case_id, f.episode;
