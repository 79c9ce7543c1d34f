-- Purpose: every stretch without contact or intervention in the approach: between
--   the instroom, each contact/interventie_start/interventie_eind, and the exit
--   (first uitstroom after the instroom) or $as_of.
-- Inputs: events (via the approach_events and manager_assignments macros,
--   sql/store/macros.sql).
-- Grain: one row per consecutive pair of those moments in an episode.
-- Output columns: case_id, episode, org (organisation of the case manager assigned
--   at or before the stretch's start, in the episode; NULL: none), from_at, to_at,
--   from_activity (instroom or the action), to_activity (the action, uitstroom, or
--   NULL for $as_of), is_open (the stretch runs to $as_of).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH moments AS (
    SELECT case_id, case_key, episode, seq, ts, activity
    FROM approach_events($as_of, ends := true)
    WHERE seq = instroom_seq OR seq = exit_seq
        OR activity IN ('contact', 'interventie_start', 'interventie_eind')
),
stretches AS (
    SELECT
        case_id, case_key, episode, seq, ts AS from_at, activity AS from_activity,
        lead(ts) OVER w AS next_at,
        lead(activity) OVER w AS to_activity
    FROM moments
    WINDOW w AS (PARTITION BY case_key, episode ORDER BY seq)
),
with_manager AS (
    SELECT s.*, a.org
    FROM stretches AS s
    ASOF LEFT JOIN manager_assignments($as_of) AS a
        ON s.case_key = a.case_key AND s.episode = a.episode AND s.seq >= a.seq
)
SELECT
    case_id, episode, org, from_at,
    coalesce(next_at, CAST($as_of AS TIMESTAMPTZ)) AS to_at,
    from_activity, to_activity, next_at IS NULL AS is_open
FROM with_manager
WHERE from_activity <> 'uitstroom'
ORDER BY case_id, episode, seq;
