-- Purpose: upgrade an event store of schema version 6 to version 7: the network
--   approach (issue 19) and the case managers' pools (issue 23 item 3c).
--   relations: links between two persons the registration system knows as cases
--   (family, friends, online contact, a shared key location), only processed when the
--   store's settings enable relations with a DPIA reference; key_locations: the
--   periods in which a person is linked to a key location (its id a pseudonym in its
--   own name space); restricted_relations/restricted_key_locations hold the rows of a
--   person whose processing is restricted (AVG art. 18), as restricted_events does;
--   case_manager_pools: pool membership and training date of a case manager, from an
--   optional case_managers.csv. The activity codes of this version (leefgebiedenscan,
--   netwerkoverleg) enter activity_order in the Python step beside this file.
--   (docs/store.md, "Schema versions").
-- Inputs: the tables of version 6. Grain: see each table. Parameters: none.
CREATE TABLE relations (
    case_a       VARCHAR NOT NULL,   -- pseudonym; the lesser of the pair (case_a < case_b)
    case_b       VARCHAR NOT NULL,   -- pseudonym
    relation     VARCHAR NOT NULL,   -- familie, vriend, online, sleutellocatie, overig
    start_date   DATE NOT NULL,      -- the relation counts from this date
    end_date     DATE,               -- NULL while the relation lasts
    relation_key VARCHAR NOT NULL,   -- identity across overlapping exports: (a, b, relation, start)
    load_id      INTEGER NOT NULL,   -- the load that last set the row
    source_row   BIGINT NOT NULL,    -- row number in that load's file
    PRIMARY KEY (relation_key)
);
CREATE TABLE key_locations (
    case_id      VARCHAR NOT NULL,   -- pseudonym
    location_id  VARCHAR NOT NULL,   -- pseudonym of the key location (own name space)
    start_date   DATE NOT NULL,
    end_date     DATE,               -- NULL while the person is linked to the location
    location_key VARCHAR NOT NULL,   -- identity across overlapping exports: (case, location, start)
    load_id      INTEGER NOT NULL,
    source_row   BIGINT NOT NULL,
    PRIMARY KEY (location_key)
);
CREATE TABLE restricted_relations (  -- relations of restricted persons, as in relations
    case_a       VARCHAR NOT NULL,
    case_b       VARCHAR NOT NULL,
    relation     VARCHAR NOT NULL,
    start_date   DATE NOT NULL,
    end_date     DATE,
    relation_key VARCHAR NOT NULL,
    load_id      INTEGER NOT NULL,
    source_row   BIGINT NOT NULL
);
CREATE TABLE restricted_key_locations (  -- key locations of restricted persons
    case_id      VARCHAR NOT NULL,
    location_id  VARCHAR NOT NULL,
    start_date   DATE NOT NULL,
    end_date     DATE,
    location_key VARCHAR NOT NULL,
    load_id      INTEGER NOT NULL,
    source_row   BIGINT NOT NULL
);
CREATE TABLE case_manager_pools (
    case_manager  VARCHAR PRIMARY KEY,  -- pseudonym, as events.case_manager
    pool          VARCHAR,              -- e.g. specialistisch, regulier (the export's code)
    trained_on    DATE,                 -- date of the specialist training, NULL: none
    load_id       INTEGER NOT NULL
);
