-- Purpose: intervals between consecutive contacts of an episode in the approach,
--   plus, for an episode still in the approach, the open interval from its last
--   contact to $as_of (censored: the next contact has not happened yet).
-- Inputs: events (via the approach_events and manager_assignments macros,
--   sql/store/macros.sql).
-- Grain: one row per contact that has a next contact in the same episode, plus one
--   row per open episode with at least one contact (its tail).
-- Output columns: case_id, episode, org (organisation of the case manager assigned
--   at or before the interval's first contact, in the episode; NULL: none),
--   from_at, to_at (next contact, or $as_of for the tail), is_open (the tail).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH contacts AS (
    SELECT case_id, case_key, episode, seq, ts, uitstroom_at,
        lead(ts) OVER (PARTITION BY case_key, episode ORDER BY seq) AS next_ts
    FROM approach_events($as_of)
    WHERE activity = 'contact'
),
with_manager AS (
    SELECT c.*, m.org
    FROM contacts AS c
    ASOF LEFT JOIN manager_assignments($as_of) AS m
        ON c.case_key = m.case_key AND c.episode = m.episode AND c.seq >= m.seq
)
SELECT
    w.case_id, w.episode, w.org, w.ts AS from_at,
    coalesce(w.next_ts, CAST($as_of AS TIMESTAMPTZ)) AS to_at,
    w.next_ts IS NULL AS is_open
FROM with_manager AS w
WHERE w.next_ts IS NOT NULL OR w.uitstroom_at IS NULL
ORDER BY w.case_id, w.episode, w.seq;
