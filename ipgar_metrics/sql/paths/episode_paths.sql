-- Purpose: the path and lead time of every episode (or intake phase) in scope.
-- Inputs: _phase_events (made by paths/phase_events).
-- Grain: one row per episode (profile generic: per case).
-- Output columns: case_id, episode, activities (list of labels in seq order),
--   variant (labels joined by ' > '), n_events, start_at (first event), end_at (the
--   closing decision for the intake phase, the last event for the episode phase; NULL
--   when open), days (end_at - start_at in days, NULL when open), is_open.
-- Parameters: none.
WITH episode_paths AS (
    SELECT
        case_id,
        episode,
        list(label ORDER BY seq) AS activities,
        count(*) AS n_events,
        min(ts) AS start_at,
        CASE WHEN bool_or(is_open) THEN NULL ELSE coalesce(any_value(close_ts), max(ts)) END AS end_at,
        bool_or(is_open) AS is_open
    FROM _phase_events
    GROUP BY case_id, episode
)
SELECT
    case_id,
    episode,
    activities,
    array_to_string(activities, ' > ') AS variant,
    n_events,
    start_at,
    end_at,
    (epoch_us(end_at) - epoch_us(start_at)) / 86400e6 AS days,
    is_open
FROM episode_paths
ORDER BY case_id, episode;
