-- The unique (aggregate, sequence) key stays the one guard against two nodes appending to one aggregate at once (a
-- violation is SQLSTATE 23505 whether it comes from a constraint or a unique index), now as an index that also
-- carries each event's global position and aggregate type. An aggregate's newest position (read-your-writes) and
-- whether an id names an aggregate of a type (order intake) are then answered from the index alone, in one descent,
-- instead of by reading every row of the aggregate.
CREATE UNIQUE INDEX domainevententry_aggregate_sequence
    ON domainevententry (aggregateidentifier, sequencenumber) INCLUDE (globalindex, type);

ALTER TABLE domainevententry DROP CONSTRAINT domainevententry_aggregateidentifier_sequencenumber_key;
