-- Purpose: a dense number for every episode of the store, so that the process map
--   counts the episodes of an edge in a bitmap (paths/episode_count_bits) instead of
--   as distinct values: the session variable ipgar_episodes (the bounds of case_key
--   and episode over every event) and the macro _episode_index(case_key, episode),
--   0 for the first case key's first episode up to last_index, distinct for every
--   (case_key, episode). Any subset of the events (a phase, a filter, a cut-off)
--   lies within the bounds of all of them.
-- Inputs: events (case_key, episode: the bounds come from DuckDB's statistics of the
--   table, or a scan of a filter's view).
-- Grain: not a query (a variable and a macro). Parameters: none.
SET VARIABLE ipgar_episodes = (
    SELECT {
        'first_key': min(case_key),
        'first_episode': min(episode),
        'stride': max(episode) - min(episode) + 1,
        'last_index': (CAST(max(case_key) AS BIGINT) - min(case_key) + 1)
            * (max(episode) - min(episode) + 1) - 1
    }
    FROM events
);

CREATE OR REPLACE TEMP MACRO _episode_index(case_key, episode) AS
    (CAST(case_key AS BIGINT) - getvariable('ipgar_episodes').first_key)
    * getvariable('ipgar_episodes').stride
    + (episode - getvariable('ipgar_episodes').first_episode);
