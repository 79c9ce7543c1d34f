-- Purpose: the caseload of the case managers at each month end: how many managers
--   held 0, 1, 2 or 3+ cases in the approach, and the cases without a manager.
-- Inputs: events (via the approach_window macro), the temporary table _assignments
--   (the rows of casework/caseload_assignments.sql for the same $as_of).
-- Grain: one row per month of $months.
-- Output columns: month, managers (assigned to some case at or before the point),
--   managers_1, managers_2, managers_3plus (managers by the number of cases they held),
--   cases (episodes in the approach at the point), cases_without_manager, mean_caseload
--   (cases per manager with at least one; NULL when there is none).
-- Definitions: an episode is in the approach at point t when instroom_at <= t and it
--   has no uitstroom at or before t. Its manager at t is the case manager of its last
--   assignment at or before t (the highest seq among assignments at the same instant).
-- Parameters: $as_of (TIMESTAMPTZ), $months (VARCHAR[], YYYY-MM), $points
--   (TIMESTAMPTZ[], the moment of each month's state, same order as $months).
-- Speed: a range join in SQL; the pandas version crossed every episode with every
--   month in memory. The episode-months (10 million at 1 M cases) find their manager
--   by a hash join on the integer case_key with the span each assignment holds, not
--   an ASOF join on the text pseudonym, and are counted per manager by a number, not
--   the manager's pseudonym: 6.2 -> 4.3 s at 1 M cases, the same table.
WITH
    months AS (
        SELECT unnest($months) AS month, unnest(CAST($points AS TIMESTAMPTZ[])) AS t
    ),
    windows AS MATERIALIZED (
        SELECT case_id, case_key, episode, instroom_at, uitstroom_at
        FROM approach_window($as_of)
    ),
    active AS (
        SELECT m.month, m.t, w.case_key, w.episode
        FROM months AS m
        JOIN windows AS w
            ON w.instroom_at <= m.t AND (w.uitstroom_at IS NULL OR w.uitstroom_at > m.t)
    ),
    last_at_instant AS (
        -- one assignment per instant, so the spans below do not overlap; with the
        -- episode's integer case_key and the manager's number (in pseudonym order)
        SELECT
            w.case_key, a.episode, a.assigned_at,
            CASE WHEN a.case_manager IS NOT NULL
                THEN dense_rank() OVER (ORDER BY a.case_manager)
            END AS manager_key
        FROM _assignments AS a
        JOIN windows AS w USING (case_id, episode)
        QUALIFY row_number() OVER (
            PARTITION BY a.case_id, a.episode, a.assigned_at ORDER BY a.seq DESC
        ) = 1
    ),
    spans AS (
        -- each assignment holds until the next one of its episode
        SELECT
            case_key, episode, manager_key, assigned_at AS held_from,
            lead(assigned_at) OVER (
                PARTITION BY case_key, episode ORDER BY assigned_at
            ) AS held_until
        FROM last_at_instant
    ),
    held AS (
        SELECT a.month, s.manager_key
        FROM active AS a
        LEFT JOIN spans AS s
            ON a.case_key = s.case_key AND a.episode = s.episode
            AND a.t >= s.held_from AND (s.held_until IS NULL OR a.t < s.held_until)
    ),
    per_manager AS (
        SELECT month, manager_key, count(*) AS n
        FROM held
        WHERE manager_key IS NOT NULL
        GROUP BY month, manager_key
    ),
    by_load AS (
        SELECT
            month,
            count(*) FILTER (WHERE n = 1) AS managers_1,
            count(*) FILTER (WHERE n = 2) AS managers_2,
            count(*) FILTER (WHERE n >= 3) AS managers_3plus,
            avg(n) AS mean_caseload
        FROM per_manager
        GROUP BY month
    ),
    by_month AS (
        SELECT
            month,
            count(*) AS cases,
            count(*) FILTER (WHERE manager_key IS NULL) AS cases_without_manager
        FROM held
        GROUP BY month
    ),
    first_seen AS (
        SELECT case_manager, min(assigned_at) AS first_at
        FROM _assignments
        WHERE case_manager IS NOT NULL
        GROUP BY case_manager
    ),
    seen AS (
        SELECT m.month, count(f.case_manager) AS managers
        FROM months AS m
        LEFT JOIN first_seen AS f ON f.first_at <= m.t
        GROUP BY m.month
    )
SELECT
    m.month,
    s.managers,
    coalesce(l.managers_1, 0) AS managers_1,
    coalesce(l.managers_2, 0) AS managers_2,
    coalesce(l.managers_3plus, 0) AS managers_3plus,
    coalesce(c.cases, 0) AS cases,
    coalesce(c.cases_without_manager, 0) AS cases_without_manager,
    l.mean_caseload
FROM months AS m
JOIN seen AS s USING (month)
LEFT JOIN by_load AS l USING (month)
LEFT JOIN by_month AS c USING (month)
ORDER BY m.month;
