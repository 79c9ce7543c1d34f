-- Purpose: the counts behind integrality(level="summary") without a group: the
--   interventions of casework/integrality_interventions counted per delivering
--   organisation, and the episodes in the approach with their distinct delivering
--   organisations and whether one of them is a social or care organisation.
-- Inputs: events (via the approach_window and manager_assignments macros,
--   sql/store/macros.sql).
-- Grain: one row per delivering organisation (org NULL: interventions without one),
--   each carrying the same episode totals; one row with interventions = 0 when no
--   intervention was started in the approach.
-- Output columns: org, interventions, with_manager (of them, with a case manager at
--   their start), own_org (of them, by the case manager's organisation), cases
--   (episodes with an instroom at or before $as_of), orgs_over_cases (their distinct
--   delivering organisations, summed), cases_social_or_care (episodes with an
--   intervention by an organisation in $social_or_care).
-- Parameters: $as_of (TIMESTAMPTZ), $social_or_care (VARCHAR[]: the organisations of
--   the sociaal and zorg domains).
-- Speed: grouped in DuckDB by the integer case_key, where the frame of every
--   intervention and two pandas merges on the pseudonyms took 9-10 s at 1 M cases.
WITH windows AS MATERIALIZED (
    SELECT case_key, episode, instroom_seq, exit_seq
    FROM approach_window($as_of)
),
interventions AS (
    SELECT e.case_key, e.episode, e.seq, e.org
    FROM events AS e
    JOIN windows AS w USING (case_key, episode)
    WHERE e.ts <= $as_of AND e.activity = 'interventie_start'
      AND in_approach(e.seq, w.instroom_seq, w.exit_seq)
),
per_org AS (
    SELECT
        i.org,
        count(*) AS interventions,
        count(a.org) AS with_manager,
        count(*) FILTER (WHERE i.org = a.org) AS own_org
    FROM interventions AS i
    ASOF LEFT JOIN manager_assignments($as_of) AS a
        ON i.case_key = a.case_key AND i.episode = a.episode AND i.seq >= a.seq
    GROUP BY i.org
),
per_episode AS (
    SELECT
        case_key,
        episode,
        count(DISTINCT org) AS n_orgs,
        bool_or(coalesce(list_contains($social_or_care, org), false)) AS social_or_care
    FROM interventions
    GROUP BY case_key, episode
),
totals AS (
    SELECT
        count(*) AS cases,
        coalesce(sum(p.n_orgs), 0) AS orgs_over_cases,
        count(*) FILTER (WHERE p.social_or_care) AS cases_social_or_care
    FROM windows AS w
    LEFT JOIN per_episode AS p USING (case_key, episode)
)
SELECT
    o.org,
    coalesce(o.interventions, 0) AS interventions,
    coalesce(o.with_manager, 0) AS with_manager,
    coalesce(o.own_org, 0) AS own_org,
    t.cases, t.orgs_over_cases, t.cases_social_or_care
FROM totals AS t
LEFT JOIN per_org AS o ON true
ORDER BY o.org NULLS LAST;
