-- Purpose: remove every stored relation and key location, open and restricted, and
--   the rejected rows of their exports (whose cells name the persons of a relation),
--   when relations are disabled (governance.disable_relations): the DPIA no longer
--   covers them. Runs inside the transaction that changes the setting.
-- Inputs: the tables named. Grain: not a query. Parameters: none.
DELETE FROM relations;
DELETE FROM restricted_relations;
DELETE FROM key_locations;
DELETE FROM restricted_key_locations;
DELETE FROM rejected_events WHERE network_reject(raw);
