-- Purpose: the performance spectrum (Denisov et al.): every occurrence of the chosen
--   segments, a segment being a pair of activities that directly follow each other
--   within an episode (profile generic: a case), with its duration and duration class.
-- Inputs: _phase_events (made by paths/phase_events or paths/phase_events_all).
-- Grain: one row per occurrence: an event labelled $sources[i] whose next event in
--   the episode (by seq) is labelled $targets[i].
-- Output columns: segment (i, 1-based position in $sources), source, target, case_id
--   (the pseudonym), start_at (time of the source event), end_at (time of the target
--   event), seconds (end_at - start_at), duration_class (1 to 4: the quartile of the
--   segment's own durations the occurrence falls in; 1 = at or below the first
--   quartile, 4 = above the third; quartiles by linear interpolation, so equal
--   durations share a class).
-- Parameters: $sources, $targets (lists of labels of equal length, the segments).
-- Speed: one window pass gives every event its successor; a join keeps the chosen.
WITH steps AS (
    SELECT
        case_id,
        label AS source,
        lead(label) OVER w AS target,
        ts AS start_at,
        lead(ts) OVER w AS end_at
    FROM _phase_events
    WINDOW w AS (PARTITION BY case_id, episode ORDER BY seq)
),
chosen AS (
    SELECT
        unnest(range(1, len($sources) + 1)) AS segment,
        unnest($sources) AS source,
        unnest($targets) AS target
),
occurrences AS (
    SELECT
        c.segment,
        s.source,
        s.target,
        s.case_id,
        s.start_at,
        s.end_at,
        (epoch_us(s.end_at) - epoch_us(s.start_at)) / 1e6 AS seconds
    FROM steps AS s
    JOIN chosen AS c ON s.source = c.source AND s.target = c.target
),
quartiles AS (
    SELECT
        segment,
        quantile_cont(seconds, 0.25) AS q1,
        quantile_cont(seconds, 0.5) AS q2,
        quantile_cont(seconds, 0.75) AS q3
    FROM occurrences
    GROUP BY segment
)
SELECT
    o.segment,
    o.source,
    o.target,
    o.case_id,
    o.start_at,
    o.end_at,
    o.seconds,
    CASE
        WHEN o.seconds <= q.q1 THEN 1
        WHEN o.seconds <= q.q2 THEN 2
        WHEN o.seconds <= q.q3 THEN 3
        ELSE 4
    END AS duration_class
FROM occurrences AS o
JOIN quartiles AS q USING (segment)
ORDER BY o.segment, o.start_at, o.end_at, o.case_id;
