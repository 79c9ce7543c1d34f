-- Purpose: the periods in which a case is "in the approach": from the first instroom
--   of an episode to the first uitstroom after it in the same episode.
-- Inputs: events (via the approach_window macro, sql/store/macros.sql), cases.
-- Grain: one row per (case_id, episode) with an instroom at or before $as_of.
-- Output columns: case_id, episode, instroom_at, instroom_seq, uitstroom_at (NULL when
--   still in at $as_of), exit_reason (outcome of the uitstroom), is_open,
--   report_source, risk_category, ideology.
-- Parameters: $as_of (TIMESTAMPTZ): events after it are ignored.
WITH first_exit AS (
    SELECT w.*, x.outcome AS exit_reason
    FROM approach_window($as_of) AS w
    LEFT JOIN events AS x ON x.case_key = w.case_key AND x.seq = w.exit_seq
)
SELECT
    f.case_id, f.episode, f.instroom_at, f.instroom_seq, f.uitstroom_at, f.exit_reason,
    f.uitstroom_at IS NULL AS is_open,
    c.report_source, c.risk_category, c.ideology
FROM first_exit AS f
LEFT JOIN cases AS c USING (case_id)
ORDER BY f.case_id, f.episode;
