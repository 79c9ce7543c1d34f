-- Purpose: for every episode in the approach at $as_of, its last contact, last
--   intervention activity, last activity and current case manager's organisation.
-- Inputs: events (and the approach_window macro, sql/store/macros.sql).
-- Grain: one row per (case_id, episode) in the approach at $as_of (instroom at or
--   before $as_of, no uitstroom at or before $as_of).
-- Output columns: case_id, episode, instroom_at, last_contact_at (NULL: no contact
--   since instroom), last_intervention_at (interventie_start/eind; NULL: none),
--   last_activity, last_activity_at (last contact or intervention event, or the
--   instroom), org (of the last regisseur_toegewezen at or before $as_of in the
--   episode; NULL: none).
-- Parameters: $as_of (TIMESTAMPTZ).
-- Speed: the episodes in the approach are found once (approach_events would find them
--   again) and their events grouped by the integer case_key: 2.5 -> 2.2 s per
--   reference time at 1 M cases, the same rows.
WITH open_windows AS MATERIALIZED (
    SELECT case_id, case_key, episode, instroom_seq, instroom_at, exit_seq
    FROM approach_window($as_of)
    WHERE exit_seq IS NULL
),
episode_events AS (
    -- the open episodes' events from the instroom on (the instroom itself included),
    -- as approach_events($as_of, ends := true) gives them, without a second window
    SELECT e.case_key, e.episode, e.seq, e.ts, e.activity, e.org
    FROM events AS e
    JOIN open_windows AS w USING (case_key, episode)
    WHERE e.ts <= $as_of
      AND in_approach(e.seq, w.instroom_seq, w.exit_seq, ends := true)
),
last_events AS (
    -- one pass over the episodes' events for every "last" at once
    SELECT
        case_key,
        episode,
        max(ts) FILTER (WHERE activity = 'contact') AS last_contact_at,
        max(ts) FILTER (
            WHERE activity IN ('interventie_start', 'interventie_eind')
        ) AS last_intervention_at,
        -- the last of instroom, contact and interventions (the rows the WHERE keeps)
        arg_max(activity, seq) FILTER (
            WHERE activity <> 'regisseur_toegewezen'
        ) AS last_activity,
        max(ts) FILTER (WHERE activity <> 'regisseur_toegewezen') AS last_activity_at,
        arg_max(org, seq) FILTER (WHERE activity = 'regisseur_toegewezen') AS org
    FROM episode_events
    WHERE activity IN (
        'instroom', 'contact', 'interventie_start', 'interventie_eind',
        'regisseur_toegewezen'
    )
    GROUP BY case_key, episode
)
SELECT
    a.case_id, a.episode, a.instroom_at, l.last_contact_at, l.last_intervention_at,
    l.last_activity, l.last_activity_at, l.org
FROM open_windows AS a
LEFT JOIN last_events AS l USING (case_key, episode)
ORDER BY a.case_id, a.episode;
