-- Purpose: the episodes of the practice profile: every episode in the approach at
--   some time in the window [$window_start, $as_of], with the organisation and the
--   pseudonym of its case manager at the end of that time (the last
--   regisseur_toegewezen at or before $as_of and before the exit; one made before the
--   instroom counts, ADR 0003 item 4), and the first contact, intervention and
--   notificatie after its instroom.
-- Inputs: events (and the approach_window macro, sql/store/macros.sql).
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of and no
--   uitstroom before $window_start.
-- Output columns: case_id, episode, instroom_at, uitstroom_at (NULL: in the
--   approach at $as_of), manager_org (NULL: never assigned), manager (pseudonym;
--   counted, never shown), first_contact_at, first_intervention_at,
--   first_notification_at (NULL: none by $as_of), assessed_problem (the life-domain
--   assessment at intake, issue 23 item 3: the first leefgebiedenscan of each life
--   domain in the episode by $as_of; true: probleem on some domain, false: on none;
--   NULL: no assessment).
-- Parameters: $as_of, $window_start (TIMESTAMPTZ).
-- Speed: the episodes' window is found once and their events read in one pass, by the
--   integer case_key (approach_events three times and approach_window twice each found
--   the windows again): 3.6-4.2 -> 1.4-1.6 s at 1 M cases, the same rows.
WITH in_window AS MATERIALIZED (
    SELECT case_id, case_key, episode, instroom_seq, instroom_at, exit_seq, uitstroom_at
    FROM approach_window($as_of)
    WHERE uitstroom_at IS NULL OR uitstroom_at >= $window_start
),
episode_events AS MATERIALIZED (
    -- the events the columns below read, of the episodes in the window, in one pass
    SELECT e.case_key, e.episode, e.seq, e.ts, e.activity, e.org, e.case_manager,
        e.life_domain, e.outcome, w.instroom_seq, w.exit_seq,
        in_approach(e.seq, w.instroom_seq, w.exit_seq) AS in_approach,
        in_approach(e.seq, w.instroom_seq, w.exit_seq, before_instroom := true)
            AS held
    FROM events AS e
    JOIN in_window AS w USING (case_key, episode)
    WHERE e.ts <= $as_of
      AND e.activity IN (
          'regisseur_toegewezen', 'contact', 'interventie_start', 'leefgebiedenscan',
          'notificatie'
      )
),
per_episode AS (
    SELECT
        case_key,
        episode,
        -- before the instroom too (ADR 0003 item 4), not after the exit
        arg_max(org, seq) FILTER (
            WHERE activity = 'regisseur_toegewezen' AND held
        ) AS manager_org,
        arg_max(case_manager, seq) FILTER (
            WHERE activity = 'regisseur_toegewezen' AND held
        ) AS manager,
        min(ts) FILTER (WHERE activity = 'contact' AND in_approach) AS first_contact_at,
        min(ts) FILTER (WHERE activity = 'interventie_start' AND in_approach)
            AS first_intervention_at,
        -- a notificatie belongs to the intake it follows, also after a quick exit
        min(ts) FILTER (WHERE activity = 'notificatie' AND seq > instroom_seq)
            AS first_notification_at
    FROM episode_events
    GROUP BY case_key, episode
),
first_assessment AS (
    SELECT case_key, episode, life_domain, arg_min(outcome, seq) AS outcome
    FROM episode_events
    WHERE activity = 'leefgebiedenscan' AND in_approach AND life_domain IS NOT NULL
        AND outcome IN ('probleem', 'geen_probleem')
    GROUP BY case_key, episode, life_domain
),
assessment AS (
    SELECT case_key, episode, bool_or(outcome = 'probleem') AS assessed_problem
    FROM first_assessment
    GROUP BY case_key, episode
)
SELECT i.case_id, i.episode, i.instroom_at, i.uitstroom_at, p.manager_org, p.manager,
    p.first_contact_at, p.first_intervention_at, p.first_notification_at,
    s.assessed_problem
FROM in_window AS i
LEFT JOIN per_episode AS p USING (case_key, episode)
LEFT JOIN assessment AS s USING (case_key, episode)
ORDER BY i.case_id, i.episode;
