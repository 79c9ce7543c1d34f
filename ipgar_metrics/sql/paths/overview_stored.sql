-- Purpose: paths/overview and paths/overview_ends from the stored paths
--   (episode_paths, schema version 9), when no event lies after the reference time
--   (metrics/paths/_overview.py checks that, and that every path is keyed): a case's
--   episodes hold every event of it, in seq order episode after episode, so the
--   case's sequence is its episodes' keys joined in episode order.
-- Inputs: episode_paths, activity_codes, events (its integer activity_code only).
-- Grain: one row per (position, activity): position 'overview' (one row, activity
--   NULL, with the counts and times), 'start' (first event of a case) or 'end' (last
--   event), as paths/overview and paths/overview_ends give them.
-- Output columns: position, activity, cases, events, activities, variants, first_at,
--   last_at (the last five NULL on the 'start' and 'end' rows).
-- Parameters: none.
-- Speed: the per-case lists of 28.6 million activity texts (paths/overview) took
--   seconds at 1 M cases; here a million short keys are grouped.
WITH per_case AS MATERIALIZED (
    SELECT
        string_agg(path_key, '' ORDER BY episode) AS path,
        sum(n_events) AS n_events,
        min(start_at) AS first_at,
        max(end_at) AS last_at
    FROM episode_paths
    GROUP BY case_id
),
ends AS (
    SELECT
        unicode(left(path, 1)) - 256 AS first_code,
        unicode(right(path, 1)) - 256 AS last_code
    FROM per_case
),
overview AS (
    SELECT
        'overview' AS position,
        CAST(NULL AS VARCHAR) AS activity,
        CAST(count(*) AS BIGINT) AS cases,
        CAST(coalesce(sum(n_events), 0) AS BIGINT) AS events,
        CAST((SELECT count(DISTINCT activity_code) FROM events) AS BIGINT) AS activities,
        CAST(count(DISTINCT path) AS BIGINT) AS variants,
        min(first_at) AS first_at,
        max(last_at) AS last_at
    FROM per_case
),
positions AS (
    SELECT 'start' AS position, c.activity, CAST(count(*) AS BIGINT) AS cases
    FROM ends JOIN activity_codes AS c ON c.code = ends.first_code
    GROUP BY c.activity
    UNION ALL
    SELECT 'end' AS position, c.activity, CAST(count(*) AS BIGINT) AS cases
    FROM ends JOIN activity_codes AS c ON c.code = ends.last_code
    GROUP BY c.activity
)
SELECT * FROM overview
UNION ALL
SELECT
    position, activity, cases, NULL, NULL, NULL, NULL, NULL
FROM positions
ORDER BY position = 'overview' DESC, position DESC, cases DESC, activity;
