-- Purpose: the directly-follows graph of the phase with frequency and performance,
--   including artificial start and end nodes.
-- Inputs: _phase_coded and _phase_codes (paths/phase_codes or phase_codes_stored:
--   the events of the phase with an integer code per label, and the labels).
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
--   second pass. The window sorts and the aggregate groups integers (case_key, the
--   label codes; schema version 10): half the time of the same steps over the text
--   pseudonym and labels at 100,000 cases. The code -1 is the end node; the labels
--   are joined to the few hundred edges at the end.
WITH steps AS (
    SELECT
        code AS source,
        coalesce(lead(code) OVER w, -1) AS target,
        lead(epoch_us(ts)) OVER w - epoch_us(ts) AS micros,
        row_number() OVER w = 1 AS is_first,
        (case_key, episode) AS episode_key
    FROM _phase_coded
    WINDOW w AS (PARTITION BY case_key, episode ORDER BY seq)
),
coded AS (
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
edges AS (
    SELECT
        s.label AS source,
        CASE WHEN c.target = -1 THEN $end_node ELSE t.label END AS target,
        c.count, c.n_episodes, c.firsts, c.mean_micros, c.median_micros
    FROM coded AS c
    JOIN _phase_codes AS s ON s.code = c.source
    LEFT JOIN _phase_codes AS t ON t.code = c.target
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
