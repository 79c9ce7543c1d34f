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
--   the first event of each episode; the start edges are those first events.
WITH steps AS (
    SELECT
        case_id,
        episode,
        label AS source,
        coalesce(lead(label) OVER w, $end_node) AS target,
        lead(epoch_us(ts)) OVER w - epoch_us(ts) AS micros,
        lag(seq) OVER w IS NULL AS is_first
    FROM _phase_events
    WINDOW w AS (PARTITION BY case_id, episode ORDER BY seq)
),
follows AS (
    SELECT case_id, episode, source, target, micros FROM steps
    UNION ALL
    SELECT case_id, episode, $start_node, source, NULL FROM steps WHERE is_first
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
