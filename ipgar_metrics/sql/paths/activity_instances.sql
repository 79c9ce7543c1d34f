-- Purpose: activity instances of a log with lifecycle transitions: each `start` paired
--   with the next `complete` of the same activity in the case (first in, first out),
--   with the service time and the waiting time before it.
-- Inputs: events.
-- Grain: one row per completed activity instance (a `complete`, or an event without a
--   lifecycle value) at or before $as_of; starts never completed are left out.
-- Output columns: case_id, activity, start_at (NULL: a complete without a start),
--   end_at, service_s (end - start, seconds; NULL without a start), waiting_s (start,
--   or end without a start, minus the latest end of another instance of the case at
--   or before it; NULL when none ended before it).
-- Parameters: $as_of (TIMESTAMPTZ).
-- Pairing as pm4py's interval conversion: a complete takes the oldest open start of
-- its activity; a complete with no open start is an instance without a start. Counting
-- per (case, activity) in the store's order: d = completes - starts so far; the
-- completes without a start so far are u = max(0, running max of d); a complete is
-- paired when it does not raise u, and takes start number (completes - u).
-- Other lifecycle values (schedule, suspend, the statuses of some logs) are ignored.
WITH kept AS (
    SELECT
        case_id,
        seq,
        ts,
        activity,
        CASE lower(coalesce(lifecycle, 'complete'))
            WHEN 'start' THEN 's' WHEN 'complete' THEN 'c'
        END AS kind
    FROM events
    WHERE ts <= $as_of
),
counted AS (
    SELECT
        *,
        sum(CASE kind WHEN 's' THEN 1 ELSE 0 END)
            OVER (PARTITION BY case_id, activity ORDER BY seq) AS starts,
        sum(CASE kind WHEN 'c' THEN 1 ELSE 0 END)
            OVER (PARTITION BY case_id, activity ORDER BY seq) AS completes
    FROM kept
    WHERE kind IS NOT NULL
),
unpaired AS (
    SELECT
        *,
        greatest(0, max(completes - starts)
            OVER (PARTITION BY case_id, activity ORDER BY seq)) AS u
    FROM counted
),
ends AS (
    SELECT
        case_id,
        activity,
        ts AS end_at,
        seq AS end_seq,
        CASE WHEN u = coalesce(lag(u) OVER (PARTITION BY case_id, activity ORDER BY seq), 0)
             THEN completes - u END AS start_no
    FROM unpaired
    WHERE kind = 'c'
),
starts AS (
    SELECT case_id, activity, starts AS start_no, ts AS start_at
    FROM counted
    WHERE kind = 's'
),
instances AS (
    SELECT e.case_id, e.activity, s.start_at, e.end_at, e.end_seq
    FROM ends AS e
    LEFT JOIN starts AS s
        ON s.case_id = e.case_id AND s.activity = e.activity AND s.start_no = e.start_no
),
waited AS (
    SELECT i.case_id, i.end_seq, max(p.end_at) AS previous_end
    FROM instances AS i
    JOIN instances AS p
        ON p.case_id = i.case_id
        AND p.end_seq <> i.end_seq
        AND p.end_at <= coalesce(i.start_at, i.end_at)
    GROUP BY i.case_id, i.end_seq
)
SELECT
    i.case_id,
    i.activity,
    i.start_at,
    i.end_at,
    date_diff('millisecond', i.start_at, i.end_at) / 1000.0 AS service_s,
    date_diff('millisecond', w.previous_end, coalesce(i.start_at, i.end_at)) / 1000.0
        AS waiting_s
FROM instances AS i
LEFT JOIN waited AS w USING (case_id, end_seq)
ORDER BY i.case_id, i.end_seq;
