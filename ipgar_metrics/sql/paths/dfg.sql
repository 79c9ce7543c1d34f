-- Purpose: the directly-follows graph of the phase with frequency and performance,
--   including artificial start and end nodes.
-- Inputs: _phase_events (made by paths/phase_events).
-- Grain: one row per (source, target) pair that occurs. Start edges have source
--   $start_node, end edges target $end_node (count only, no times).
-- Output columns: source, target, count (occurrences), n_episodes (episodes with the
--   pair at least once), mean_seconds, median_seconds, mean_days, median_days (time
--   from the source event to the target event; linear interpolation for the median).
-- Parameters: $start_node, $end_node (node names of the artificial start and end).
-- Speed: one window pass gives every event its successor (or the end node) and marks
--   the first event of each episode; one aggregate over those steps gives the edges and,
--   per edge, how many of its steps were an episode's first; the start edges add those
--   up per source (a few hundred rows), so the steps are read once, not kept for a
--   second pass.
WITH steps AS (
    SELECT
        label AS source,
        coalesce(lead(label) OVER w, $end_node) AS target,
        lead(epoch_us(ts)) OVER w - epoch_us(ts) AS micros,
        row_number() OVER w = 1 AS is_first,
        (case_id, episode) AS episode_key
    FROM _phase_events
    WINDOW w AS (PARTITION BY case_id, episode ORDER BY seq)
),
edges AS (
    SELECT
        source,
        target,
        count(*) AS count,
        count(DISTINCT episode_key) AS n_episodes,
        count_if(is_first) AS firsts,
        avg(micros) AS mean_micros,
        quantile_cont(micros, 0.5) AS median_micros
    FROM steps
    GROUP BY source, target
),
follows AS (
    SELECT source, target, count, n_episodes, mean_micros, median_micros FROM edges
    UNION ALL
    -- every episode has one first event: its start edge's count is its episodes'
    SELECT $start_node, source, sum(firsts), sum(firsts), NULL, NULL
    FROM edges
    GROUP BY source
    HAVING sum(firsts) > 0
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
