-- Purpose: _episode_count(episode_index), the number of distinct episodes among a
--   group's rows, counted as distinct values (the bitmaps of
--   paths/episode_count_bits would not fit in memory).
-- Inputs: none. Grain: an aggregate macro. Parameters: none.
CREATE OR REPLACE TEMP MACRO _episode_count(episode_index) AS
    count(DISTINCT episode_index);
