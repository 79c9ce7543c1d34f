-- Purpose: the events of the practice profile: every event in the approach (after
--   the instroom, up to and including the exit) in the window [$window_start,
--   $as_of], with the organisation of the case manager at the event (the last
--   regisseur_toegewezen at or before it in the episode, ADR 0003 item 4), whether
--   an assignment changes the case manager, and whether an interventie_start has a
--   later interventie_eind (same organisation and life domain) before the exit.
-- Inputs: events (via the approach_events and manager_assignments macros,
--   sql/store/macros.sql).
-- Grain: one row per event in the approach with ts in the window.
-- Output columns: case_id, episode, seq, ts, activity, org, life_domain, outcome,
--   manager_org_at (NULL: no case manager yet), is_change (regisseur_toegewezen to
--   another case manager than the previous one of the episode; NULL for other
--   activities), has_end (interventie_start only: an end follows by $as_of),
--   registration_lag_days (days from the local date of the event to its
--   registration date, schema version 6; NULL: the export has none),
--   intervention_type (the catalogue code, version 6; NULL: none).
-- Parameters: $as_of, $window_start (TIMESTAMPTZ), $tz (time zone of local dates).
WITH in_approach AS (
    SELECT case_id, case_key, episode, seq, ts, activity, org, life_domain, outcome,
        case_manager, exit_seq, intervention_type,
        registered_at - CAST(timezone($tz, ts) AS DATE) AS registration_lag_days
    FROM approach_events($as_of, ends := true)
    WHERE activity <> 'instroom'
),
assignments AS (
    SELECT *,
        lag(case_manager) OVER w AS prev_manager,
        lag(org) OVER w AS prev_org,
        row_number() OVER w AS n_assignment
    FROM manager_assignments($as_of)
    WINDOW w AS (PARTITION BY case_key, episode ORDER BY seq)
),
with_manager AS (
    SELECT e.*, a.org AS manager_org_at
    FROM in_approach AS e
    ASOF LEFT JOIN manager_assignments($as_of) AS a
        ON e.case_key = a.case_key AND e.episode = a.episode AND e.seq >= a.seq
),
last_end AS (
    -- the last interventie_eind per organisation and life domain of an episode
    SELECT case_key, episode, org, life_domain, max(seq) AS end_seq
    FROM in_approach WHERE activity = 'interventie_eind'
    GROUP BY case_key, episode, org, life_domain
)
SELECT
    m.case_id, m.episode, m.seq, m.ts, m.activity, m.org, m.life_domain, m.outcome,
    m.manager_org_at,
    CASE
        WHEN m.activity <> 'regisseur_toegewezen' THEN NULL
        WHEN a.n_assignment = 1 THEN false
        WHEN a.case_manager IS NOT NULL AND a.prev_manager IS NOT NULL
            THEN a.case_manager <> a.prev_manager
        ELSE coalesce(a.org <> a.prev_org, false)
    END AS is_change,
    CASE WHEN m.activity = 'interventie_start'
        THEN coalesce(x.end_seq > m.seq, false) END AS has_end,
    m.registration_lag_days, m.intervention_type
FROM with_manager AS m
LEFT JOIN assignments AS a USING (case_key, episode, seq)
LEFT JOIN last_end AS x
    ON x.case_key = m.case_key AND x.episode = m.episode
    AND x.org IS NOT DISTINCT FROM m.org
    AND x.life_domain IS NOT DISTINCT FROM m.life_domain
WHERE m.ts >= $window_start
ORDER BY m.case_id, m.episode, m.seq;
