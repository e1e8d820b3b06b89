-- Rate-limit buckets that every node shares, in the shape Bucket4j's PostgreSQLSelectForUpdateBasedProxyManager reads
-- and writes: one row per bucket (a policy and a caller or client address), its serialized token state, and the epoch
-- millisecond after which the bucket would be full again (plus a margin), so that deleting the row loses nothing.
--
-- Select-for-update rather than the advisory-lock variant: each take locks only its own bucket's row, for one short
-- transaction, so two nodes wait on each other only for the same caller. Advisory locks would share the database's
-- one 64-bit lock space with anything else that uses it, and a text key would have to be hashed into it, where two
-- callers whose hashes collide would queue behind each other.
--
-- UNLOGGED: a bucket is worth nothing after a crash (everyone starts again with a full budget), and skipping the WAL
-- spares every command a synchronous flush of its bucket's update. A standby does not carry the table either; after
-- a failover the buckets start full.
CREATE UNLOGGED TABLE rate_limit_bucket (
    id         TEXT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
-- The periodic clean-up deletes expired buckets in batches (RateLimitBuckets.removeExpired).
CREATE INDEX rate_limit_bucket_expires ON rate_limit_bucket (expires_at);
