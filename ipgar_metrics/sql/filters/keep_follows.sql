-- Purpose: keep the cases in which an activity is followed by another (Disco's
--   follower filter): later in the case, or as the very next event.
-- Inputs: _filter_cases (path: the case's activities in the store's order).
-- Grain: deletes rows of _filter_cases.
-- Parameters: $firsts, $seconds (VARCHAR[]: pair i is firsts[i] followed by
--   seconds[i]; a case with one of the pairs is kept), $direct (BOOLEAN: true: the
--   next event; false: any later event).
DELETE FROM _filter_cases
WHERE NOT list_bool_or(list_transform(
    list_zip(CAST($firsts AS VARCHAR[]), CAST($seconds AS VARCHAR[])),
    lambda pair: CASE
        WHEN $direct THEN len(path) > 1 AND list_contains(
            list_zip(path[:-2], path[2:]), row(pair[1], pair[2])
        )
        ELSE coalesce(list_contains(path[list_position(path, pair[1]) + 1:], pair[2]), false)
    END
));
