-- Purpose: the distinct paths (variants) of the phase with their frequency and lead
--   time; variants shared by fewer than $min_count episodes are merged into one row.
-- Inputs: _phase_events (made by paths/phase_events).
-- Grain: one row per variant, plus at most one row 'overige varianten' (is_other).
-- Output columns: rank (1 = most frequent; the merged row comes last), variant (labels
--   joined by ' > '), activities (list; NULL for the merged row), count (episodes),
--   n_variants (1, or the number of merged variants), share (of all episodes in
--   scope), cumulative_share (in rank order), median_days, p90_days (lead time of the
--   phase over the closed episodes, linear interpolation), is_other.
-- Order: count descending, then variant text (a stable, data-only tie break).
-- Parameters: $min_count (int), $other_label (text of the merged row).
WITH episode_paths AS (
    SELECT
        case_id,
        episode,
        list(label ORDER BY seq) AS activities,
        bool_or(is_open) AS is_open,
        CASE WHEN bool_or(is_open) THEN NULL
             ELSE (epoch_us(coalesce(any_value(close_ts), max(ts))) - epoch_us(min(ts))) / 86400e6
        END AS days
    FROM _phase_events
    GROUP BY case_id, episode
),
variant_sizes AS (
    SELECT activities, count(*) AS variant_count
    FROM episode_paths
    GROUP BY activities
),
grouped_episodes AS (
    SELECT
        CASE WHEN s.variant_count >= $min_count THEN p.activities END AS activities,
        s.variant_count < $min_count AS is_other,
        p.days
    FROM episode_paths AS p
    JOIN variant_sizes AS s USING (activities)
),
variant_rows AS (
    SELECT
        activities,
        is_other,
        count(*) AS count,
        count(DISTINCT activities) AS n_known,
        quantile_cont(days, 0.5) AS median_days,
        quantile_cont(days, 0.9) AS p90_days
    FROM grouped_episodes
    GROUP BY activities, is_other
),
merged_count AS (
    SELECT count(*) AS n_merged FROM variant_sizes WHERE variant_count < $min_count
),
total AS (
    SELECT count(*) AS n FROM episode_paths
),
ranked AS (
    SELECT
        row_number() OVER (
            ORDER BY r.is_other, r.count DESC, array_to_string(r.activities, ' > ')
        ) AS rank,
        CASE WHEN r.is_other THEN $other_label
             ELSE array_to_string(r.activities, ' > ') END AS variant,
        r.activities,
        r.count,
        CASE WHEN r.is_other THEN m.n_merged ELSE 1 END AS n_variants,
        r.count / t.n AS share,
        r.median_days,
        r.p90_days,
        r.is_other
    FROM variant_rows AS r, total AS t, merged_count AS m
)
SELECT
    rank,
    variant,
    activities,
    count,
    n_variants,
    share,
    sum(share) OVER (ORDER BY rank ROWS UNBOUNDED PRECEDING) AS cumulative_share,
    median_days,
    p90_days,
    is_other
FROM ranked
ORDER BY rank;
