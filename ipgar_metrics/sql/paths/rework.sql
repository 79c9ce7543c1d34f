-- Purpose: loops and rework in the intake phase of every episode: returns to the
--   IVG-R, information requests, postponements by the PTO-R, and the time between the
--   first and the last IVG-R discussion (the time the returns take).
-- Inputs: _phase_events (made by paths/phase_events with phase 'intake').
-- Grain: one row per episode in scope (open intake phases included, is_open).
-- Output columns: case_id, episode, ivgr_count, ivgr_returns (ivgr_count - 1, at
--   least 0), more_info_advices (ivgr_advies meer_informatie), info_requests
--   (info_aanvraag), postponements (ptor_besluit aanhouden), start_at, end_at (closing
--   decision; NULL when open), days (lead time of the intake phase; NULL when open),
--   loop_days (first to last ivgr_advies; 0 with one, NULL without), is_open.
-- Parameters: none.
WITH per_episode AS (
    SELECT
        case_id,
        episode,
        count(*) FILTER (WHERE activity = 'ivgr_advies') AS ivgr_count,
        count(*) FILTER (WHERE activity = 'ivgr_advies' AND outcome = 'meer_informatie') AS more_info_advices,
        count(*) FILTER (WHERE activity = 'info_aanvraag') AS info_requests,
        count(*) FILTER (WHERE activity = 'ptor_besluit' AND outcome = 'aanhouden') AS postponements,
        min(ts) AS start_at,
        any_value(close_ts) AS end_at,
        min(ts) FILTER (WHERE activity = 'ivgr_advies') AS first_ivgr_at,
        max(ts) FILTER (WHERE activity = 'ivgr_advies') AS last_ivgr_at,
        bool_or(is_open) AS is_open
    FROM _phase_events
    GROUP BY case_id, episode
)
SELECT
    case_id,
    episode,
    CAST(ivgr_count AS INTEGER) AS ivgr_count,
    CAST(greatest(ivgr_count - 1, 0) AS INTEGER) AS ivgr_returns,
    CAST(more_info_advices AS INTEGER) AS more_info_advices,
    CAST(info_requests AS INTEGER) AS info_requests,
    CAST(postponements AS INTEGER) AS postponements,
    start_at,
    end_at,
    (epoch_us(end_at) - epoch_us(start_at)) / 86400e6 AS days,
    (epoch_us(last_ivgr_at) - epoch_us(first_ivgr_at)) / 86400e6 AS loop_days,
    is_open
FROM per_episode
ORDER BY case_id, episode;
