-- Purpose: handover of work: who (or which organisation) hands a case to whom, from
--   one event to the case's next event with a known performer.
-- Inputs: events.
-- Grain: one row per (source, target) pair, self-handovers included.
-- Output columns: source, target, count (successions), cases (cases with one).
-- Parameters: $as_of (TIMESTAMPTZ); $level: 'resource' (case_manager: for a log
--   read from XES, org:resource, pseudonymised) or 'org'.
-- Events without a performer are left out before the successions are formed, as
-- pm4py's handover-of-work network does (beta = 0).
WITH kept AS (
    SELECT case_id, seq, CASE $level WHEN 'org' THEN org ELSE case_manager END AS who
    FROM events
    WHERE ts <= $as_of
),
pairs AS (
    SELECT
        case_id,
        who AS source,
        lead(who) OVER (PARTITION BY case_id ORDER BY seq) AS target
    FROM kept
    WHERE who IS NOT NULL
)
SELECT
    source,
    target,
    CAST(count(*) AS BIGINT) AS count,
    CAST(count(DISTINCT case_id) AS BIGINT) AS cases
FROM pairs
WHERE target IS NOT NULL
GROUP BY source, target
ORDER BY count DESC, source, target;
