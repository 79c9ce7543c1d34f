-- Purpose: the part of the snapshot fingerprint that relations and key locations add
--   (store.snapshot_id): order-independent sums of each row's MD5, as load/snapshot
--   does for events and cases. The rows' identity (relation_key, location_key: keyed
--   hashes of persons, type or location, and start) and end date count; load_id and
--   source_row do not. snapshot_id adds this part only when one of the tables holds a
--   row, so a store without relations keeps its snapshot id.
-- Inputs: relations, key_locations. Grain: one row.
-- Output columns: n_relations, rel_upper, rel_lower, n_locations, loc_upper,
--   loc_lower. Parameters: none.
WITH
    relation_rows AS (
        SELECT md5_number(concat_ws(chr(31), relation_key, coalesce(CAST(end_date AS VARCHAR), chr(30)))) AS h
        FROM relations
    ),
    location_rows AS (
        SELECT md5_number(concat_ws(chr(31), location_key, coalesce(CAST(end_date AS VARCHAR), chr(30)))) AS h
        FROM key_locations
    )
SELECT
    (SELECT count(*) FROM relation_rows) AS n_relations,
    (SELECT CAST(coalesce(sum(CAST(h >> 64 AS HUGEINT)), 0) AS VARCHAR) FROM relation_rows) AS rel_upper,
    (SELECT CAST(coalesce(sum(CAST(h & 18446744073709551615 AS HUGEINT)), 0) AS VARCHAR) FROM relation_rows) AS rel_lower,
    (SELECT count(*) FROM location_rows) AS n_locations,
    (SELECT CAST(coalesce(sum(CAST(h >> 64 AS HUGEINT)), 0) AS VARCHAR) FROM location_rows) AS loc_upper,
    (SELECT CAST(coalesce(sum(CAST(h & 18446744073709551615 AS HUGEINT)), 0) AS VARCHAR) FROM location_rows) AS loc_lower;
