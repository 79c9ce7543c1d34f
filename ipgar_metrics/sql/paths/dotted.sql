-- Purpose: the events of a dotted chart: every event of (a spread of) the cases, each
--   case on its own line, lines ordered by the case's first event.
-- Inputs: events.
-- Grain: one row per event of a shown case at or before $as_of.
-- Output columns: line (1 = the case that started first), ts, activity.
-- Parameters: $as_of (TIMESTAMPTZ); $max_cases (int): with more cases, every n-th
--   case in start order is shown (n = ceil(cases / max_cases)), so the chart spans
--   the whole period. Case ids are not returned.
WITH kept AS (
    SELECT case_id, seq, ts, activity FROM events WHERE ts <= $as_of
),
starts AS (
    SELECT case_id, row_number() OVER (ORDER BY min(ts), case_id) AS rank
    FROM kept
    GROUP BY case_id
),
step AS (
    SELECT greatest(1, CAST(ceil(count(*) / $max_cases) AS BIGINT)) AS n FROM starts
),
shown AS (
    SELECT s.case_id, row_number() OVER (ORDER BY s.rank) AS line
    FROM starts AS s, step
    WHERE (s.rank - 1) % step.n = 0
)
SELECT sh.line, k.ts, k.activity
FROM kept AS k
JOIN shown AS sh USING (case_id)
ORDER BY sh.line, k.seq;
