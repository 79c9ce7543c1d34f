-- Purpose: how many events and cases the store holds per calendar month (local time),
--   to see at a glance whether an export is complete.
-- Inputs: events. Grain: one row per month with at least one event.
-- Output columns: month (VARCHAR YYYY-MM), events (BIGINT), cases (BIGINT: distinct
--   pseudonyms with an event that month).
-- Parameters: none (the connection's time zone is Europe/Amsterdam).
SELECT
    strftime(date_trunc('month', ts), '%Y-%m') AS month,
    count(*) AS events,
    count(DISTINCT case_id) AS cases
FROM events
GROUP BY 1
ORDER BY 1
