-- Purpose: the directly-follows graph of the phase with frequency and performance,
--   including artificial start and end nodes.
-- Inputs: _dfg_steps (paths/dfg_steps or, for the whole episode phase without
--   outcomes, paths/dfg_steps_stored: each event of the phase with its next event's
--   code or -1, the time to it, its episode) and _phase_codes (the labels); the
--   macro _episode_count.
-- Grain: one row per (source, target) pair that occurs. Start edges have source
--   $start_node, end edges target $end_node (count only, no times).
-- Output columns: source, target, count (occurrences), n_episodes (episodes with the
--   pair at least once), mean_seconds, median_seconds, mean_days, median_days (time
--   from the source event to the target event; linear interpolation for the median).
-- Parameters: $start_node, $end_node (node names of the artificial start and end).
-- Speed: one aggregate over the steps gives the edges; the start edges follow from
--   them (a few hundred rows): every event of the phase has one step out, and every
--   event but an episode's first one step in, so an activity's first events are its
--   steps out less its steps in. The aggregate groups integers (the label codes;
--   schema version 10) and counts the episodes of an edge by the macro
--   _episode_count over one dense BIGINT per episode (paths/episode_count_bits or
--   _distinct, chosen by metrics/paths/_dfg.py); the code -1 is the end node; the
--   labels are joined to the few hundred edges at the end.
WITH coded AS MATERIALIZED (  -- read twice: the edges and the first events
    SELECT
        source,
        target,
        count(*) AS count,
        _episode_count(episode_index) AS n_episodes,
        avg(micros) AS mean_micros,
        quantile_cont(micros, 0.5) AS median_micros
    FROM _dfg_steps
    GROUP BY source, target
),
firsts AS (
    SELECT code, sum(n) AS firsts
    FROM (
        SELECT source AS code, count AS n FROM coded
        UNION ALL
        SELECT target, -count FROM coded WHERE target <> -1
    )
    GROUP BY code
    HAVING sum(n) > 0
),
edges AS (
    SELECT
        s.label AS source,
        CASE WHEN c.target = -1 THEN $end_node ELSE t.label END AS target,
        c.count, c.n_episodes, c.mean_micros, c.median_micros
    FROM coded AS c
    JOIN _phase_codes AS s ON s.code = c.source
    LEFT JOIN _phase_codes AS t ON t.code = c.target
),
follows AS (
    SELECT source, target, count, n_episodes, mean_micros, median_micros FROM edges
    UNION ALL
    -- every episode has one first event: its start edge's count is its episodes'
    SELECT $start_node, l.label, f.firsts, f.firsts, NULL, NULL
    FROM firsts AS f
    JOIN _phase_codes AS l ON l.code = f.code
)
SELECT
    source,
    target,
    CAST(count AS BIGINT) AS count,
    CAST(n_episodes AS BIGINT) AS n_episodes,
    mean_micros / 1e6 AS mean_seconds,
    median_micros / 1e6 AS median_seconds,
    mean_micros / 86400e6 AS mean_days,
    median_micros / 86400e6 AS median_days
FROM follows
ORDER BY count DESC, source, target;
