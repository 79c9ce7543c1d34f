-- Purpose: what the store knows changed a published month's figures since the report
--   was written: corrections and deletions in the source of events of the month or
--   before (either version), events of that time first loaded later, purges, and
--   restrictions of processing (docs/report.md, "Revisions"). Counts and days only.
-- Inputs: loads, events, event_history, purges, restricted_cases. Grain: one row.
-- Output: corrected, deleted, late (BIGINT), load_days (DATE[]: local days of the
--   loads that brought them), purges, purged_cases, erasures (BIGINT), purge_days
--   (DATE[]), restricted (BIGINT).
-- Parameters: $last_load, $last_purge (the store's latest load and purge when the
--   report was written; 0 for none), $written_at, $month_end (the first instant
--   after the month), $window_start (DATE: first day of the 12 months up to it).
WITH changed AS (
    SELECT h.event_key, h.change, h.replaced_by
    FROM event_history AS h
    WHERE h.replaced_by > $last_load
      AND (
          h.ts < $month_end
          OR EXISTS (
              SELECT 1 FROM events AS e
              WHERE e.event_key = h.event_key AND e.ts < $month_end
          )
      )
),
late AS (
    SELECT e.load_id
    FROM events AS e
    WHERE e.load_id > $last_load
      AND e.ts < $month_end
      AND e.event_key NOT IN (SELECT event_key FROM changed)
),
brought AS (
    SELECT replaced_by AS load_id FROM changed
    UNION
    SELECT load_id FROM late
),
later_purges AS (
    SELECT purged_at, cases, ended_before = DATE '1970-01-01' AS erasure
    FROM purges
    WHERE purge_id > $last_purge
      -- a purge removes persons without an event on or after ended_before: it
      -- changes no figure whose period (12 months for lead times) starts later
      AND (ended_before = DATE '1970-01-01' OR ended_before > $window_start)
)
SELECT
    (SELECT count(*) FROM changed WHERE change = 'corrected') AS corrected,
    (SELECT count(*) FROM changed WHERE change = 'deleted') AS deleted,
    (SELECT count(*) FROM late) AS late,
    (
        SELECT list(DISTINCT CAST(timezone('Europe/Amsterdam', l.loaded_at) AS DATE))
        FROM loads AS l
        WHERE l.load_id IN (SELECT load_id FROM brought)
    ) AS load_days,
    (SELECT count(*) FROM later_purges WHERE NOT erasure) AS purges,
    (SELECT coalesce(sum(cases), 0) FROM later_purges) AS purged_cases,
    (SELECT count(*) FROM later_purges WHERE erasure) AS erasures,
    (
        SELECT list(DISTINCT CAST(timezone('Europe/Amsterdam', purged_at) AS DATE))
        FROM later_purges
    ) AS purge_days,
    (
        SELECT count(*) FROM restricted_cases WHERE restricted_at > $written_at
    ) AS restricted
