-- Purpose: intervals between consecutive contacts of an episode in the approach,
--   plus, for an episode still in the approach, the open interval from its last
--   contact to $as_of (censored: the next contact has not happened yet).
-- Inputs: events (via the approach_window macro, sql/store/macros.sql).
-- Grain: one row per contact that has a next contact in the same episode, plus one
--   row per open episode with at least one contact (its tail).
-- Output columns: case_id, episode, org (organisation of the case manager assigned
--   at or before the interval's first contact, in the episode; NULL: none),
--   from_at, to_at (next contact, or $as_of for the tail), is_open (the tail).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH approach AS MATERIALIZED (
    SELECT * FROM approach_window($as_of)
),
contacts AS (
    SELECT e.case_id, e.episode, e.seq, e.ts,
        lead(e.ts) OVER (PARTITION BY e.case_id, e.episode ORDER BY e.seq) AS next_ts
    FROM events AS e
    JOIN approach AS a USING (case_id, episode)
    WHERE e.activity = 'contact' AND e.seq > a.instroom_seq
        AND (a.exit_seq IS NULL OR e.seq < a.exit_seq) AND e.ts <= $as_of
),
assignments AS (
    SELECT case_id, episode, seq, org
    FROM events WHERE activity = 'regisseur_toegewezen' AND ts <= $as_of
),
with_manager AS (
    SELECT c.*, m.org
    FROM contacts AS c
    ASOF LEFT JOIN assignments AS m
        ON c.case_id = m.case_id AND c.episode = m.episode AND c.seq >= m.seq
)
SELECT
    w.case_id, w.episode, w.org, w.ts AS from_at,
    coalesce(w.next_ts, CAST($as_of AS TIMESTAMPTZ)) AS to_at,
    w.next_ts IS NULL AS is_open
FROM with_manager AS w
JOIN approach AS a USING (case_id, episode)
WHERE w.next_ts IS NOT NULL OR a.uitstroom_at IS NULL
ORDER BY w.case_id, w.episode, w.seq;
