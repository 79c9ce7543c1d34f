-- Purpose: violations of the process rules of domain.md that the log can show.
--   multiple_instroom: more than one instroom in an episode;
--   instroom_without_opname: an instroom with no earlier ptor_besluit "opname" in its episode;
--   statisch_without_decision: statisch_start with no earlier ptor_besluit "statisch",
--     or a ptor_besluit "statisch" with no earlier itatr_agendering in the case;
--   notificatie_without_instroom: a notificatie with no instroom in its episode;
--   event_after_uitstroom: anything but a melding after the uitstroom of an episode.
--   Profile ipgar.
-- Inputs: events. Grain: one row per violation.
-- Output columns: rule, case_id (pseudonym), detail.
-- Speed: the first relevant seq per episode and per case come from two aggregates;
--   the rules then compare each event's seq with them. Four windows over every event
--   (three sort orders) took most of the quality report at 1 M cases.
-- Parameters: none.
WITH
    per_episode AS (
        SELECT
            case_id,
            episode,
            min(seq) FILTER (WHERE activity = 'ptor_besluit' AND outcome = 'opname') AS opname_seq,
            min(seq) FILTER (WHERE activity = 'uitstroom') AS uitstroom_seq,
            count(*) FILTER (WHERE activity = 'instroom') AS n_instroom
        FROM events
        WHERE activity IN ('ptor_besluit', 'uitstroom', 'instroom')
        GROUP BY case_id, episode
    ),
    per_case AS (
        SELECT
            case_id,
            min(seq) FILTER (WHERE activity = 'ptor_besluit' AND outcome = 'statisch') AS statisch_seq,
            min(seq) FILTER (WHERE activity = 'itatr_agendering') AS itatr_seq
        FROM events
        WHERE activity IN ('ptor_besluit', 'itatr_agendering')
        GROUP BY case_id
    ),
    closed AS (
        SELECT case_id, episode, uitstroom_seq FROM per_episode WHERE uitstroom_seq IS NOT NULL
    )
SELECT 'multiple_instroom' AS rule, case_id, 'episode ' || episode AS detail
FROM per_episode WHERE n_instroom > 1
UNION ALL
SELECT 'instroom_without_opname', e.case_id, 'episode ' || e.episode
FROM events AS e
JOIN per_episode AS p USING (case_id, episode)
WHERE e.activity = 'instroom' AND (p.opname_seq IS NULL OR p.opname_seq > e.seq)
UNION ALL
SELECT 'statisch_without_decision', e.case_id, 'statisch_start'
FROM events AS e
LEFT JOIN per_case AS c USING (case_id)
WHERE e.activity = 'statisch_start' AND (c.statisch_seq IS NULL OR c.statisch_seq > e.seq)
UNION ALL
SELECT 'statisch_without_decision', e.case_id, 'ptor_besluit statisch'
FROM events AS e
LEFT JOIN per_case AS c USING (case_id)
WHERE e.activity = 'ptor_besluit' AND e.outcome = 'statisch'
    AND (c.itatr_seq IS NULL OR c.itatr_seq > e.seq)
UNION ALL
SELECT 'notificatie_without_instroom', e.case_id, 'episode ' || e.episode
FROM events AS e
LEFT JOIN per_episode AS p USING (case_id, episode)
WHERE e.activity = 'notificatie' AND coalesce(p.n_instroom, 0) = 0
UNION ALL
SELECT 'event_after_uitstroom', e.case_id, e.activity
FROM events AS e
JOIN closed AS x USING (case_id, episode)
WHERE e.activity <> 'melding' AND e.seq > x.uitstroom_seq
ORDER BY 1, 2;
