-- Purpose: the persons who can be nodes of the network at $as_of: every person in the
--   approach (an episode with an instroom at or before $as_of and no uitstroom after
--   it yet: the approach_window macro, as flow, caseload and the static cases read
--   it), with the current case manager and that manager's organisation.
-- Inputs: events (via the approach_window and manager_assignments macros,
--   sql/store/macros.sql).
-- Grain: one row per person in the approach at $as_of.
-- Output columns: case_id (pseudonym), case_manager (pseudonym; NULL: never
--   assigned or not pseudonymised), org (organisation of that assignment; NULL: none).
-- Definitions: the current case manager is the one of the last regisseur_toegewezen
--   (highest seq) of the open episode at or before $as_of, also one made before the
--   instroom (ADR 0003 item 4, as casework/integrality_case_managers.sql).
-- Parameters: $as_of (TIMESTAMPTZ).
WITH open_episodes AS (
    SELECT case_id, episode
    FROM approach_window($as_of)
    WHERE uitstroom_at IS NULL
    QUALIFY row_number() OVER (
        PARTITION BY case_id ORDER BY instroom_at DESC, episode DESC
    ) = 1
),
current_manager AS (
    SELECT a.case_id, a.case_manager, a.org
    FROM manager_assignments($as_of) AS a
    JOIN open_episodes AS o USING (case_id, episode)
    QUALIFY row_number() OVER (PARTITION BY a.case_id ORDER BY a.seq DESC) = 1
)
SELECT o.case_id, m.case_manager, m.org
FROM open_episodes AS o
LEFT JOIN current_manager AS m USING (case_id)
ORDER BY o.case_id;
