-- Purpose: per component, the last day at or before $as_of on which at least two of
--   its current case managers met: a netwerkoverleg on cases of the component
--   registered by two or more of them on one day, or two cases of the component
--   with different (current) managers on the ITAT-R agenda on one day.
-- Inputs: events (via the manager_assignments macro, sql/store/macros.sql), the
--   temporary table _network_nodes (case_id, component, case_manager: the nodes of
--   metrics/network with their current case manager).
-- Grain: one row per component with at least one such day.
-- Output columns: component, last_met (DATE, local).
-- Definitions: the manager of a netwerkoverleg is its own case_manager (who
--   registered it), else the case's manager at the event; the manager of an
--   itatr_agendering is the case's manager at the event (the last
--   regisseur_toegewezen of its episode at or before it, ADR 0003 item 4). Only
--   managers who are current managers of the component count, and the two kinds of
--   meeting are not mixed on one day.
-- Parameters: $as_of (TIMESTAMPTZ), $tz (VARCHAR, the local time zone).
WITH current_managers AS (
    SELECT DISTINCT component, case_manager
    FROM _network_nodes
    WHERE case_manager IS NOT NULL
),
meeting_events AS (
    SELECT e.case_id, e.episode, e.seq, e.ts, e.activity, e.case_manager, n.component
    FROM events AS e
    JOIN _network_nodes AS n USING (case_id)
    WHERE e.activity IN ('netwerkoverleg', 'itatr_agendering') AND e.ts <= $as_of
),
with_manager AS (
    SELECT m.*, a.case_manager AS manager_then
    FROM meeting_events AS m
    ASOF LEFT JOIN manager_assignments($as_of) AS a
        ON m.case_id = a.case_id AND m.episode = a.episode AND m.seq >= a.seq
),
present AS (
    SELECT
        component,
        activity,
        CAST(timezone($tz, ts) AS DATE) AS day,
        CASE
            WHEN activity = 'netwerkoverleg' THEN coalesce(case_manager, manager_then)
            ELSE manager_then
        END AS manager
    FROM with_manager
),
met AS (
    SELECT p.component, p.activity, p.day
    FROM present AS p
    JOIN current_managers AS c
        ON c.component = p.component AND c.case_manager = p.manager
    GROUP BY p.component, p.activity, p.day
    HAVING count(DISTINCT p.manager) >= 2
)
SELECT component, max(day) AS last_met
FROM met
GROUP BY component
ORDER BY component;
