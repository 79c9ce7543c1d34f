-- Purpose: the directly-follows graph of the phase with frequency and performance,
--   including artificial start and end nodes.
-- Inputs: _phase_events (made by paths/phase_events).
-- Grain: one row per (source, target) pair that occurs. Start edges have source
--   $start_node, end edges target $end_node (count only, no times).
-- Output columns: source, target, count (occurrences), n_episodes (episodes with the
--   pair at least once), mean_seconds, median_seconds, mean_days, median_days (time
--   from the source event to the target event; linear interpolation for the median).
-- Parameters: $start_node, $end_node (node names of the artificial start and end).
WITH steps AS (
    SELECT
        case_id,
        episode,
        label AS source,
        lead(label) OVER w AS target,
        lead(epoch_us(ts)) OVER w - epoch_us(ts) AS micros,
        row_number() OVER w AS position
    FROM _phase_events
    WINDOW w AS (PARTITION BY case_id, episode ORDER BY seq)
),
follows AS (
    SELECT case_id, episode, source, target, micros FROM steps WHERE target IS NOT NULL
    UNION ALL
    SELECT case_id, episode, $start_node, source, NULL FROM steps WHERE position = 1
    UNION ALL
    SELECT case_id, episode, source, $end_node, NULL FROM steps WHERE target IS NULL
)
SELECT
    source,
    target,
    count(*) AS count,
    count(DISTINCT (case_id, episode)) AS n_episodes,
    avg(micros) / 1e6 AS mean_seconds,
    quantile_cont(micros, 0.5) / 1e6 AS median_seconds,
    avg(micros) / 86400e6 AS mean_days,
    quantile_cont(micros, 0.5) / 86400e6 AS median_days
FROM follows
GROUP BY source, target
ORDER BY count DESC, source, target;
