-- Purpose: the distinct paths (variants) of the phase with their frequency and lead
--   time; variants shared by fewer than $min_count episodes are merged into one row.
-- Inputs: _phase_events (made by paths/phase_events).
-- Grain: one row per variant, plus at most one row 'overige varianten' (is_other).
-- Output columns: rank (1 = most frequent; the merged row comes last), variant (labels
--   joined by ' > '), path_key (labels joined by U+001F, NULL for the merged row;
--   variants.variants splits it into the list activities), count (episodes),
--   n_variants (1, or the number of merged variants), share (of all episodes in
--   scope), cumulative_share (in rank order), median_days, p90_days (lead time of the
--   phase over the closed episodes, linear interpolation), is_other.
-- Order: count descending, then variant text (a stable, data-only tie break).
-- Parameters: $min_count (int), $other_label (text of the merged row).
-- Speed: the path of an episode is grouped as one text key (labels joined by the
--   unit separator U+001F, sorted by seq inside each episode's list rather than by an
--   ordered aggregate); grouping by text is several times faster than by a list. The key
--   is exact as long as no label contains U+001F: the column key_exact checks that (the
--   key splits into n_events parts), and variants.variants raises when it does not hold.
WITH episode_paths AS MATERIALIZED (
    SELECT
        case_id,
        episode,
        array_to_string(
            list_transform(
                list_sort(list(struct_pack(s := seq, l := label))), lambda x: x.l
            ),
            chr(31)
        ) AS path_key,
        count(*) AS n_events,
        bool_or(is_open) AS is_open,
        CASE WHEN bool_or(is_open) THEN NULL
             ELSE (epoch_us(coalesce(any_value(close_ts), max(ts))) - epoch_us(min(ts))) / 86400e6
        END AS days
    FROM _phase_events
    GROUP BY case_id, episode
),
variant_sizes AS MATERIALIZED (
    SELECT
        path_key,
        n_events,
        count(*) AS variant_count,
        quantile_cont(days, 0.5) AS median_days,
        quantile_cont(days, 0.9) AS p90_days
    FROM episode_paths
    GROUP BY path_key, n_events
),
rare_episodes AS (
    SELECT p.days
    FROM episode_paths AS p
    SEMI JOIN (
        SELECT path_key, n_events FROM variant_sizes WHERE variant_count < $min_count
    ) AS r USING (path_key, n_events)
),
variant_rows AS (
    SELECT
        path_key,
        n_events,
        false AS is_other,
        variant_count AS count,
        median_days,
        p90_days
    FROM variant_sizes
    WHERE variant_count >= $min_count
    UNION ALL
    SELECT
        NULL,
        NULL,
        true,
        count(*),
        quantile_cont(days, 0.5),
        quantile_cont(days, 0.9)
    FROM rare_episodes
    HAVING count(*) > 0
),
merged_count AS (
    SELECT count(*) AS n_merged FROM variant_sizes WHERE variant_count < $min_count
),
total AS (
    SELECT sum(variant_count) AS n FROM variant_sizes
),
ranked AS (
    SELECT
        row_number() OVER (
            ORDER BY r.is_other, r.count DESC, replace(r.path_key, chr(31), ' > ')
        ) AS rank,
        CASE WHEN r.is_other THEN $other_label
             ELSE replace(r.path_key, chr(31), ' > ') END AS variant,
        r.path_key,
        r.count,
        CASE WHEN r.is_other THEN m.n_merged ELSE 1 END AS n_variants,
        r.count / t.n AS share,
        r.median_days,
        r.p90_days,
        r.is_other,
        r.is_other OR len(string_split(r.path_key, chr(31))) = r.n_events AS key_exact
    FROM variant_rows AS r, total AS t, merged_count AS m
)
SELECT
    rank,
    variant,
    path_key,
    count,
    n_variants,
    share,
    sum(share) OVER (ORDER BY rank ROWS UNBOUNDED PRECEDING) AS cumulative_share,
    median_days,
    p90_days,
    is_other,
    key_exact
FROM ranked
ORDER BY rank;
